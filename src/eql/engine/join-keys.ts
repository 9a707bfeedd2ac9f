/**
 * Join keys for sequences and samples (C.5, D.6). Keys compare by TYPED value
 * (the string "1" is not the number 1) across differently named fields. A
 * multi-valued key field expands to each distinct non-null value, and several
 * key fields to their Cartesian product, so one event can belong to several
 * keys. A key without a value drops the event from the stage unless the key is
 * written `?optional`, in which case null is a key value.
 */
import type { Expr } from "../ast.ts";
import type { CompileContext } from "./compile-context.ts";
import { compileValue } from "./expression.ts";
import { formatDateKey } from "./field-types.ts";
import type { EqlEvent, EqlScalar } from "./values.ts";

export interface JoinKey {
  /** Typed, collision-free identity of the key tuple (map key). */
  readonly id: string;
  readonly values: readonly EqlScalar[];
}

/** All key tuples of an event for one stage; empty when the event does not qualify. */
export type KeyExtractor = (event: EqlEvent) => readonly JoinKey[];

const NO_KEYS: readonly JoinKey[] = [{ id: "", values: [] }];
const NONE: readonly JoinKey[] = [];

function tag(v: EqlScalar): string {
  return v === null ? "z" : typeof v === "string" ? "s" + v : typeof v === "number" ? "n" + v : "b" + v;
}

/** Orders key tuples: null < booleans < numbers < strings, then by value. */
export function compareJoinKeys(a: readonly EqlScalar[], b: readonly EqlScalar[]): number {
  const rank = (v: EqlScalar): number => (v === null ? 0 : typeof v === "boolean" ? 1 : typeof v === "number" ? 2 : 3);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!, y = b[i]!;
    if (x === y) continue;
    const r = rank(x) - rank(y);
    if (r !== 0) return r;
    return (x as string | number | boolean) < (y as string | number | boolean) ? -1 : 1;
  }
  return a.length - b.length;
}

type ValuesOf = (event: EqlEvent) => EqlScalar[];

function compileKeyValues(expr: Expr, ctx: CompileContext): ValuesOf {
  const optional = expr.kind === "field" && expr.optional;
  // `by ?f` on a field the mapping lacks folds to the literal null: a null key for every event.
  if (expr.kind === "literal" && expr.value === null) return () => [null];
  if (expr.kind === "field") {
    const reader = ctx.readerFor(expr.path);
    // ES returns date keys as ISO 8601 text (the indexed instant, formatted).
    const read = reader.semantics?.kind === "date" ? (e: EqlEvent) => reader.values(e).map((v) => (typeof v === "number" ? formatDateKey(v) : v)) : (e: EqlEvent) => reader.values(e);
    return (e) => {
      const values = read(e);
      if (values.length === 0) return optional ? [null] : [];
      if (values.length === 1) return values;
      const seen = new Set<string>();
      return values.filter((v) => {
        const t = tag(v);
        if (seen.has(t)) return false;
        seen.add(t);
        return true;
      });
    };
  }
  const fn = compileValue(expr, ctx).fn;
  return (e) => {
    const v = fn(e);
    return v === null ? [] : [v];
  };
}

/** Compiles the effective keys of a stage (shared keys then the stage's own). */
export function compileKeyExtractor(keys: readonly Expr[], ctx: CompileContext): KeyExtractor {
  if (keys.length === 0) return () => NO_KEYS;
  const parts = keys.map((k) => compileKeyValues(k, ctx));
  if (parts.length === 1) {
    const only = parts[0]!;
    return (e) => {
      const values = only(e);
      if (values.length === 0) return NONE;
      return values.map((v) => ({ id: tag(v), values: [v] }));
    };
  }
  return (e) => {
    let tuples: { id: string; values: EqlScalar[] }[] = [{ id: "", values: [] }];
    for (let i = 0; i < parts.length; i++) {
      const values = parts[i]!(e);
      if (values.length === 0) return NONE;
      const next: { id: string; values: EqlScalar[] }[] = [];
      for (const t of tuples) for (const v of values) next.push({ id: i === 0 ? tag(v) : t.id + "\u0001" + tag(v), values: [...t.values, v] });
      tuples = next;
    }
    return tuples;
  };
}
