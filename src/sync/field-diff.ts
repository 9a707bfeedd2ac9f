import diff from "microdiff";
import type { FieldChange } from "./plan-model.ts";
import type { Json, JsonObject } from "./target.ts";

/** `["inputs", 0, "search"]` -> `inputs[0].search`. */
export function formatFieldPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}

/**
 * The changed leaves between a live and a desired body, in path order. Arrays
 * compare by position (microdiff's rule), which is what the targets do too: a
 * reordered index list is a real change to the stored object.
 */
export function diffFields(before: JsonObject, after: JsonObject): FieldChange[] {
  const changes: FieldChange[] = diff(before, after).map((d) => {
    const path = formatFieldPath(d.path);
    switch (d.type) {
      case "CREATE":
        return { path, op: "add", after: d.value as Json };
      case "REMOVE":
        return { path, op: "remove", before: d.oldValue as Json };
      case "CHANGE":
        return { path, op: "change", before: d.oldValue as Json, after: d.value as Json };
    }
  });
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
