/**
 * Function calls in value context. Arguments are evaluated in value context,
 * so a multi-valued field passes its FIRST value (document order): ES runs
 * functions as scripts over doc values and leaves multi-valued input
 * undefined; "first value" is our documented rule. (In a filter, a function
 * whose first argument is a bare field is a field predicate instead; see
 * condition.ts.)
 */
import type { Expr, FunctionCall } from "../ast.ts";
import { formatExpr } from "../format.ts";
import type { CompileContext } from "./compile-context.ts";
import { compileCidrSet } from "./cidr.ts";
import * as s from "./string-functions.ts";
import { arithmetic } from "./arithmetic.ts";
import type { EqlEvent, EqlScalar } from "./values.ts";

export type ValueFn = (event: EqlEvent) => EqlScalar;

/** Builds the scalar implementation of `call` over already-compiled argument functions. */
export function compileFunctionCall(call: FunctionCall, args: readonly ValueFn[], argDouble: readonly boolean[], ctx: CompileContext): ValueFn {
  const ci = call.caseInsensitive;
  const a = (i: number): ValueFn => args[i] ?? (() => null);
  const has = (i: number): boolean => args[i] !== undefined;
  const [a0, a1, a2, a3] = [a(0), a(1), a(2), a(3)];
  switch (call.name) {
    case "add":
    case "subtract":
    case "multiply":
    case "divide":
    case "modulo": {
      const op = ({ add: "+", subtract: "-", multiply: "*", divide: "/", modulo: "%" } as const)[call.name];
      const forcedDouble = argDouble[0] === true || argDouble[1] === true;
      return (e) => arithmetic(op, a0(e), a1(e), forcedDouble);
    }
    case "between":
      return (e) => s.between(a0(e), a1(e), a2(e), has(3) ? a3(e) : false, ci);
    case "startsWith":
      return (e) => s.startsWith(a0(e), a1(e), ci);
    case "endsWith":
      return (e) => s.endsWith(a0(e), a1(e), ci);
    case "stringContains":
      return (e) => s.stringContains(a0(e), a1(e), ci);
    case "indexOf":
      return has(2) ? (e) => s.indexOf(a0(e), a1(e), a2(e), ci) : (e) => s.indexOf(a0(e), a1(e), 0, ci);
    case "length":
      return (e) => s.length(a0(e));
    case "substring":
      return has(2) ? (e) => s.substring(a0(e), a1(e), a2(e)) : (e) => s.substring(a0(e), a1(e), undefined);
    case "concat":
      return (e) => s.concat(args.map((f) => f(e)));
    case "string":
      return (e) => s.toStringValue(a0(e));
    case "number":
      return has(1) ? (e) => s.toNumber(a0(e), a1(e)) : (e) => s.toNumber(a0(e), undefined);
    case "cidrMatch":
      return compileCidrMatch(call, args, ctx);
  }
}

/**
 * With a mapping, the first argument must be an `ip` field, as Elasticsearch's
 * verifier requires (CIDRMatch.resolveType: isIPAndExact). On a keyword field
 * ES refuses the query, while a terms query of CIDR blocks (what OpenSearch
 * would run) silently never matches: refuse it here, with ES's message.
 * Without a mapping the type is unknown (the checker knows ECS types).
 */
function checkCidrInput(call: FunctionCall, input: Expr | undefined, ctx: CompileContext): boolean {
  if (input?.kind !== "field" || !ctx.mapping) return true;
  const mapped = ctx.mapping.fields.get(input.path.join("."));
  if (mapped === undefined || mapped.type === "ip") return true;
  ctx.error("eql/type-mismatch", `first argument of [${formatExpr(call)}] must be [ip], found value [${formatExpr(input)}] type [${mapped.type}]`, input.range);
  return false;
}

function compileCidrMatch(call: FunctionCall, args: readonly ValueFn[], ctx: CompileContext): ValueFn {
  const [ip, ...blocks] = args;
  if (!ip || !checkCidrInput(call, call.args[0], ctx)) return () => null;
  const empty = {} as EqlEvent;
  // CIDRs must be string constants (ES verifier); evaluate them once.
  const cidrs = blocks.map((f) => f(empty));
  if (cidrs.some((c) => typeof c !== "string")) {
    ctx.error("eql/invalid-cidr", "cidrMatch blocks must be string constants", call.range);
    return () => null;
  }
  const set = compileCidrSet(cidrs as string[]);
  if ("error" in set) {
    ctx.error("eql/invalid-cidr", set.error, call.range);
    return () => null;
  }
  return (e) => {
    const v = ip(e);
    return v === null ? null : set.test(String(v));
  };
}
