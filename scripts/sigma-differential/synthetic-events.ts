/**
 * Synthetic events for the Sigma differential check, derived from a rule's
 * own selections: for each detection, an event that satisfies it (wildcards
 * filled in, regexes sampled crudely), the union of all of them, and near
 * misses per item (a literal character changed, the value's case flipped,
 * filler where a wildcard stands). Keys are Sigma's field names: both
 * converters run without field mapping, so only condition semantics differ.
 */
import { applyModifiers, type SigmaDetectionGroup, type SigmaDetectionItem, type SigmaRule } from "../../src/importers/sigma/index.ts";

type Fields = Record<string, unknown>;
export interface SyntheticEvent {
  readonly fields: Fields;
  /** What the event is, for the report: `match sel`, `near-miss sel.Image (case)`. */
  readonly label: string;
}

type Value = Parameters<typeof applyModifiers>[1][number];
type Sigma = Extract<ReturnType<typeof applyModifiers>, { ok: true }>["value"]["values"][number][number];

/** A string that satisfies a Sigma string pattern: `*` filled with `fill`, `?` with "q". */
function instantiate(parts: readonly (string | { wildcard: string } | { placeholder: string })[], fill: string): string {
  return parts.map((p) => (typeof p === "string" ? p : "wildcard" in p ? (p.wildcard === "*" ? fill : "q") : "x")).join("");
}

function sampleRegex(pattern: string): string {
  let p = pattern.replace(/^\(\?[a-z]+\)/, "").replace(/^\^/, "").replace(/\$$/, "");
  p = p.replace(/\\d/g, "1").replace(/\\s/g, " ").replace(/\\w/g, "a").replace(/\\([^A-Za-z0-9])/g, "$1");
  p = p.replace(/\[\^?([^\]]*)\]/g, (_m, body: string) => (body[0] === "\\" ? body[1] ?? "a" : body[0] ?? "a"));
  p = p.replace(/\((\?:)?([^|()]*)(\|[^()]*)?\)/g, "$2");
  p = p.replace(/\{[0-9,]+\}\??/g, "").replace(/[*+?]/g, "").replace(/\./g, "a");
  return p;
}

function sample(v: Sigma, fill: string): unknown {
  switch (v.kind) {
    case "string":
      return instantiate(v.parts as never, fill);
    case "regex":
      return sampleRegex(v.pattern);
    case "number":
    case "boolean":
      return v.value;
    case "compare":
      return v.op.startsWith(">") ? v.value + 1 : v.value - 1;
    case "cidr":
      return v.cidr.includes(":") ? v.cidr.replace(/\/.*/, "").replace(/::$/, "::1") : v.cidr.replace(/\/.*/, "").replace(/\.0$/, ".1");
    case "exists":
      return v.exists ? "present" : undefined;
    case "null":
      return undefined;
    default:
      return undefined;
  }
}

/** The values one item's samples and near misses take. */
function itemValues(item: SigmaDetectionItem): { match: unknown; misses: [string, unknown][] } | undefined {
  if (item.field === undefined) return undefined;
  const modified = applyModifiers(item.modifiers, item.values as Value[]);
  if (!modified.ok) return undefined;
  const firsts = modified.value.values.map((alts) => alts[0]!);
  if (firsts.length === 0) return undefined;
  const first = firsts[0]!;
  let match = sample(first, "");
  if (modified.value.linkAll && firsts.every((f) => f.kind === "string")) match = firsts.map((f) => sample(f, "")).join(" ");
  const misses: [string, unknown][] = [];
  if (typeof match === "string") {
    misses.push(["case", match.toUpperCase() === match ? match.toLowerCase() : match.toUpperCase()]);
    const literal = match.replace(/[^A-Za-z0-9]/g, "");
    if (literal.length > 0) {
      const idx = match.lastIndexOf(literal[literal.length - 1]!);
      misses.push(["changed", `${match.slice(0, idx)}${match[idx] === "z" ? "y" : "z"}${match.slice(idx + 1)}`]);
    }
    if (first.kind === "string") misses.push(["filled", sample(first, "Zz")]);
    misses.push(["empty", ""]);
    // Inside a longer value: Sigma's `re` searches, a plain value must match whole.
    misses.push(["embedded", `pre ${match} post`]);
  } else if (typeof match === "number") misses.push(["number+7", match + 7], ["as string", String(match)]);
  misses.push(["absent", undefined]);
  return { match, misses };
}

function assignments(group: SigmaDetectionGroup): Fields[] {
  if (group.kind === "and") {
    let out: Fields[] = [{}];
    for (const item of group.items) {
      if (item.kind === "item") {
        const v = itemValues(item);
        if (v && item.field !== undefined) out = out.map((f) => ({ ...f, [item.field!]: v.match }));
      } else {
        const subs = assignments(item);
        out = out.flatMap((f) => subs.slice(0, 2).map((s) => ({ ...f, ...s })));
      }
    }
    return out;
  }
  return group.items.flatMap((item) => {
    if (item.kind === "item") {
      const v = itemValues(item);
      return v && item.field !== undefined ? [{ [item.field]: v.match }] : [];
    }
    return assignments(item);
  });
}

function items(group: SigmaDetectionGroup): SigmaDetectionItem[] {
  return group.items.flatMap((i) => (i.kind === "item" ? [i] : items(i)));
}

export function generateEvents(rule: SigmaRule, limit = 200): SyntheticEvent[] {
  const events: SyntheticEvent[] = [];
  const union: Fields = {};
  for (const [name, group] of rule.detections) {
    for (const [n, fields] of assignments(group).slice(0, 6).entries()) {
      events.push({ fields, label: `match ${name}#${n}` });
      Object.assign(union, fields);
      for (const item of items(group)) {
        const v = itemValues(item);
        if (!v || item.field === undefined) continue;
        for (const [kind, value] of v.misses) {
          const miss: Fields = { ...fields };
          if (value === undefined) delete miss[item.field];
          else miss[item.field] = value;
          events.push({ fields: miss, label: `near-miss ${name}.${item.field}${item.modifiers.length ? `|${item.modifiers.join("|")}` : ""} (${kind})` });
        }
      }
    }
  }
  events.unshift({ fields: union, label: "every selection" });
  return events.slice(0, limit);
}
