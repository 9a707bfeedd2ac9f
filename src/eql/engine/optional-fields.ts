/**
 * `?field` with a mapping: a field the mapping does not define is, for ES,
 * the literal null, everywhere in the query (filters, functions, join keys).
 * We rewrite the AST that way before compiling, so every later step sees what
 * ES sees. A mapped `?field` is just the field. Without a mapping nothing is
 * rewritten (see expression.ts for the per-event reading).
 */
import type { EventFilter, Expr, Literal, Query, SampleStage, SequenceStage } from "../ast.ts";
import type { IndexMapping } from "../mapping.ts";

function foldExpr(e: Expr, mapping: IndexMapping): Expr {
  switch (e.kind) {
    case "literal":
      return e;
    case "field": {
      if (!e.optional || mapping.fields.has(e.name)) return e;
      const nullLiteral: Literal = { kind: "literal", value: null, valueType: "null", range: e.range };
      return nullLiteral;
    }
    case "call":
      return { ...e, args: e.args.map((a) => foldExpr(a, mapping)) };
    case "unary":
    case "not":
      return { ...e, operand: foldExpr(e.operand, mapping) };
    case "arithmetic":
    case "compare":
    case "logical":
      return { ...e, left: foldExpr(e.left, mapping), right: foldExpr(e.right, mapping) };
    case "in":
      return { ...e, value: foldExpr(e.value, mapping), list: e.list.map((i) => foldExpr(i, mapping)) };
    case "match":
      return { ...e, value: foldExpr(e.value, mapping) };
  }
}

function foldFilter(f: EventFilter, mapping: IndexMapping): EventFilter {
  return { ...f, condition: foldExpr(f.condition, mapping) };
}

function foldStage<S extends SequenceStage | SampleStage>(s: S, mapping: IndexMapping): S {
  return { ...s, filter: foldFilter(s.filter, mapping), keys: s.keys.map((k) => foldExpr(k, mapping)) };
}

/** `query` with every optional field the mapping lacks replaced by a null literal. */
export function foldUnmappedOptionals(query: Query, mapping: IndexMapping): Query {
  const keys = (ks: readonly Expr[]): Expr[] => ks.map((k) => foldExpr(k, mapping));
  switch (query.kind) {
    case "event":
      return { ...query, filter: foldFilter(query.filter, mapping) };
    case "sequence":
      return {
        ...query,
        keys: keys(query.keys),
        stages: query.stages.map((s) => foldStage(s, mapping)),
        until: query.until ? foldStage(query.until, mapping) : null,
      };
    case "sample":
      return { ...query, keys: keys(query.keys), stages: query.stages.map((s) => foldStage(s, mapping)) };
  }
}
