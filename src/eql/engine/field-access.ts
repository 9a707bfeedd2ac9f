/**
 * Reading a field out of a JSON event the way Elasticsearch sees it: `a.b.c`
 * resolves as nested objects, as a literal dotted key (`{"a.b": {"c": 1}}`), or
 * any mix of the two, and arrays (of values or of objects) flatten into a
 * multi-valued leaf. A missing field, a JSON null and an array of nulls are all
 * "no values", because ES indexes none of them.
 */
import type { FieldSemantics } from "./field-types.ts";
import type { EqlEvent, EqlValue } from "./values.ts";

/** Compiled access to one field path. */
export interface FieldReader {
  readonly name: string;
  /** Set when a mapping types the field: values are then its indexed values. */
  readonly semantics?: FieldSemantics;
  /** True if `test` holds for any value (false when the field has none). */
  some(event: EqlEvent, test: (value: EqlValue) => boolean): boolean;
  /** The first value in document order, or null: what functions and arithmetic see. */
  first(event: EqlEvent): EqlValue | null;
  /** Every value in document order (duplicates kept). */
  values(event: EqlEvent): EqlValue[];
}

type Visit = (value: EqlValue) => boolean;

function visitLeaf(node: unknown, visit: Visit): boolean {
  if (node === null || node === undefined) return false;
  const t = typeof node;
  if (t === "string" || t === "number" || t === "boolean") return visit(node as EqlValue);
  if (Array.isArray(node)) {
    for (const item of node) if (visitLeaf(item, visit)) return true;
  }
  // Objects are not leaf values: `process == "x"` on an object field has no values.
  return false;
}

/** How a mapped field indexes what `_source` holds. */
export interface Indexing {
  readonly semantics: FieldSemantics;
  /** `null_value`: indexed in place of a JSON null. */
  readonly nullValue?: EqlValue;
  /** `constant_keyword`: the one value every document has. */
  readonly constantValue?: EqlValue;
}

function typedLeafVisitor(indexing: Indexing): (node: unknown, visit: Visit) => boolean {
  const { semantics } = indexing;
  const nullValue = indexing.nullValue === undefined ? undefined : semantics.index(indexing.nullValue);
  const leaf = (node: unknown, visit: Visit): boolean => {
    if (node === undefined) return false;
    if (node === null) return nullValue !== undefined && visit(nullValue);
    const t = typeof node;
    if (t === "string" || t === "number" || t === "boolean") {
      const v = semantics.index(node as EqlValue);
      return v !== undefined && visit(v);
    }
    if (Array.isArray(node)) {
      for (const item of node) if (leaf(item, visit)) return true;
    }
    return false;
  };
  return leaf;
}

/** Returns a walker over `path`; it stops at the first `visit` that returns true. */
function compileWalker(path: readonly string[], visitLeafOf: (node: unknown, visit: Visit) => boolean = visitLeaf): (root: unknown, visit: Visit) => boolean {
  const n = path.length;
  // joined[i][k] is path[i..i+k] joined with dots: every way a literal dotted key may span segments.
  const joined = path.map((_, i) => path.slice(i).map((__, k) => path.slice(i, i + k + 1).join(".")));
  const walk = (node: unknown, i: number, visit: Visit): boolean => {
    if (node === null || typeof node !== "object") return false;
    if (Array.isArray(node)) {
      for (const item of node) if (walk(item, i, visit)) return true;
      return false;
    }
    const obj = node as Record<string, unknown>;
    const keys = joined[i]!;
    for (let k = 0; k < keys.length; k++) {
      const child = obj[keys[k]!];
      if (child === undefined) continue;
      const next = i + k + 1;
      if (next === n ? visitLeafOf(child, visit) : walk(child, next, visit)) return true;
    }
    return false;
  };
  return (root, visit) => walk(root, 0, visit);
}

/**
 * Compiles access to a field given its segments (`["process","name"]`), read
 * as `indexing` says when a mapping types it. `name` is the field's name in
 * the query (an alias or multi-field reads another `path`).
 */
export function compileFieldReader(path: readonly string[], indexing?: Indexing, name = path.join(".")): FieldReader {
  const constant = indexing?.constantValue === undefined ? undefined : indexing.semantics.index(indexing.constantValue);
  const walked = compileWalker(path, indexing ? typedLeafVisitor(indexing) : visitLeaf);
  const walk = constant === undefined ? walked : (_root: unknown, visit: Visit): boolean => visit(constant);
  return {
    name,
    ...(indexing ? { semantics: indexing.semantics } : {}),
    some: (event, test) => walk(event, test),
    first(event) {
      let found: EqlValue | null = null;
      walk(event, (v) => {
        found = v;
        return true;
      });
      return found;
    },
    values(event) {
      const out: EqlValue[] = [];
      walk(event, (v) => {
        out.push(v);
        return false;
      });
      return out;
    },
  };
}
