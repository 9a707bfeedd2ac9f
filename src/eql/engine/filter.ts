/**
 * `category where condition` as one predicate. The category test is exact and
 * case-sensitive against any value of the category field; `any` skips it (and
 * so also matches events that have no category).
 */
import type { EventFilter } from "../ast.ts";
import type { CompileContext } from "./compile-context.ts";
import { compileCondition } from "./condition.ts";
import type { FieldReader } from "./field-access.ts";
import type { EqlEvent } from "./values.ts";

export type EventPredicate = (event: EqlEvent) => boolean;

/** Compiles an event filter; only a `true` condition matches (null and false do not). */
export function compileEventFilter(filter: EventFilter, category: FieldReader, ctx: CompileContext): EventPredicate {
  const condition = compileCondition(filter.condition, ctx);
  const wanted = filter.category;
  if (wanted === null || wanted === "any") return (e) => condition(e) === true;
  const isCategory = (v: unknown): boolean => v === wanted;
  return (e) => category.some(e, isCategory) && condition(e) === true;
}
