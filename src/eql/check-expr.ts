/**
 * Expression checks, as Elasticsearch's verifier and query translator apply
 * them: infer each node's type bottom-up, and report unknown and text fields,
 * field-to-field comparisons, type mismatches, mixed lists, function arity,
 * `~` misuse, non-constant arguments and division by a literal zero.
 */
import { isIP } from "node:net";
import { errorDiagnostic, type Diagnostic } from "../diagnostics/index.ts";
import type { Comparison, Expr, FieldRef, FunctionCall, Membership, PatternMatch } from "./ast.ts";
import {
  BOOLEAN, DOUBLE, LONG, NULL, STRING, UNKNOWN, areComparable, expectedName, isOpen, ordinal, typeOfEsField, type ValueType,
} from "./check-types.ts";
import { formatExpr } from "./format.ts";
import { FUNCTIONS, argSpecAt, type ArgKind } from "./functions.ts";
import { lookupFieldType, type FieldSchema } from "./schema.ts";
import { formatSuggestion, suggestClosest } from "./suggest.ts";

export interface CheckContext {
  readonly schema: FieldSchema | undefined;
  readonly diagnostics: Diagnostic[];
}

function report(ctx: CheckContext, code: string, node: { range: Expr["range"] }, message: string): void {
  ctx.diagnostics.push(errorDiagnostic(code, message, { range: node.range }));
}

const isNullLiteral = (e: Expr): boolean => e.kind === "literal" && e.valueType === "null";

/** Checks `e` and every node below it; returns the type `e` evaluates to. */
export function checkExpr(ctx: CheckContext, e: Expr, allowText = false): ValueType {
  switch (e.kind) {
    case "literal":
      if (e.valueType === "string") return STRING;
      if (e.valueType === "long") return LONG;
      if (e.valueType === "double") return DOUBLE;
      return e.valueType === "boolean" ? BOOLEAN : NULL;
    case "field":
      return checkField(ctx, e, allowText);
    case "call":
      return checkCall(ctx, e);
    case "unary": {
      const t = checkExpr(ctx, e.operand);
      expectKind(ctx, t, e.operand, "number", `[${formatExpr(e)}]`, 0);
      return { ...(isOpen(t) ? LONG : t), live: t.live };
    }
    case "arithmetic": {
      const l = checkExpr(ctx, e.left);
      const r = checkExpr(ctx, e.right);
      expectKind(ctx, l, e.left, "number", `[${formatExpr(e)}]`, 0);
      expectKind(ctx, r, e.right, "number", `[${formatExpr(e)}]`, 1);
      if ((e.op === "/" || e.op === "%") && isZero(e.right)) report(ctx, "eql/division-by-zero", e.right, `Division by zero in [${formatExpr(e)}]`);
      return { ...(l.integer && r.integer ? LONG : DOUBLE), live: l.live || r.live };
    }
    case "compare":
      return checkComparison(ctx, e);
    case "in":
      return checkMembership(ctx, e);
    case "match":
      return checkPatternMatch(ctx, e);
    case "not":
      checkCondition(ctx, e.operand);
      return BOOLEAN;
    case "logical":
      checkCondition(ctx, e.left);
      checkCondition(ctx, e.right);
      return BOOLEAN;
  }
}

/** Checks an expression used as a condition: it must be boolean. */
export function checkCondition(ctx: CheckContext, e: Expr): void {
  const t = checkExpr(ctx, e);
  if (!isOpen(t) && t.family !== "boolean") {
    report(ctx, "eql/non-boolean-condition", e, `Condition expression needs to be boolean, found [${formatExpr(e)}] of type [${t.esType}]`);
  }
}

function checkField(ctx: CheckContext, f: FieldRef, allowText: boolean): ValueType {
  // Without a schema nothing is known; an optional field may fold to null, so it is not "live".
  if (!ctx.schema) return { ...UNKNOWN, live: !f.optional };
  const esType = lookupFieldType(ctx.schema, f.name);
  if (esType === undefined) {
    if (f.optional) return NULL; // `?f` on an unmapped field is the literal null
    const hint = formatSuggestion(suggestClosest(f.name, ctx.schema.keys(), 3));
    report(ctx, "eql/unknown-field", f, `Unknown column [${f.name}]${hint}`);
    return UNKNOWN;
  }
  const t = typeOfEsField(esType, true);
  if (t.family === "text" && !allowText) {
    report(ctx, "eql/text-field", f, `Field [${f.name}] of data type [${esType}] cannot be used: EQL needs an exact field (keyword); search text fields with a query DSL filter`);
  } else if (t.family === "unsupported") {
    report(ctx, "eql/unsupported-field-type", f, `Field [${f.name}] of data type [${esType}] is not supported in EQL`);
  }
  return t;
}

function checkComparison(ctx: CheckContext, e: Comparison): ValueType {
  // `x == null` is an existence test: any field type (text too) may be tested.
  if (isNullLiteral(e.left) || isNullLiteral(e.right)) {
    checkExpr(ctx, e.left, true);
    checkExpr(ctx, e.right, true);
    return BOOLEAN;
  }
  const l = checkExpr(ctx, e.left);
  const r = checkExpr(ctx, e.right);
  if (l.live && r.live) reportFieldComparison(ctx, e.right, e.op);
  else if (!areComparable(l, r)) {
    // Blame the literal side when there is one (the field's type is the expectation).
    const leftIsBad = e.left.kind === "literal" && e.right.kind !== "literal";
    const [bad, badType, want, index] = leftIsBad ? [e.left, l, r, 0] : [e.right, r, l, 1];
    report(ctx, "eql/type-mismatch", bad, `${ordinal(index)} argument of [${formatExpr(e)}] must be [${expectedName(want)}], found value [${formatExpr(bad)}] type [${badType.esType}]`);
  }
  return BOOLEAN;
}

function reportFieldComparison(ctx: CheckContext, offender: Expr, where: string): void {
  report(ctx, "eql/field-comparison", offender, `Comparisons against fields are not (currently) supported; offender [${formatExpr(offender)}] in [${where}]`);
}

function checkMembership(ctx: CheckContext, e: Membership): ValueType {
  const v = checkExpr(ctx, e.value);
  const items = e.list.map((item) => ({ item, t: checkExpr(ctx, item) }));
  const text = formatExpr(e);
  for (const { item, t } of items) if (t.live) reportFieldComparison(ctx, item, text);
  if (e.caseInsensitive) expectKind(ctx, v, e.value, "string", `[${text}]`, 0);
  const typed = items.filter(({ t }) => !isOpen(t) && !t.live);
  if (!isOpen(v)) {
    for (const { item, t } of typed) {
      if (!areComparable(v, t)) {
        report(ctx, "eql/type-mismatch", item, `Value [${formatExpr(item)}] of type [${t.esType}] in [${text}] must be of the same type as [${formatExpr(e.value)}] ([${expectedName(v)}])`);
      }
    }
  } else {
    const first = typed[0];
    const odd = typed.find(({ t }) => first && t.family !== first.t.family);
    if (first && odd) {
      report(ctx, "eql/mixed-list", odd.item, `Mixed types in list [${text}]: [${formatExpr(first.item)}] is [${first.t.esType}] but [${formatExpr(odd.item)}] is [${odd.t.esType}]`);
    }
  }
  return BOOLEAN;
}

function checkPatternMatch(ctx: CheckContext, e: PatternMatch): ValueType {
  const v = checkExpr(ctx, e.value);
  const text = formatExpr(e);
  expectKind(ctx, v, e.value, "string", `[${text}]`, 0);
  for (const p of e.patterns) {
    if (p.valueType !== "string" && p.valueType !== "null") {
      report(ctx, "eql/type-mismatch", p, `Pattern [${formatExpr(p)}] in [${text}] must be a string, found type [${p.valueType}]`);
    }
  }
  return BOOLEAN;
}

function checkCall(ctx: CheckContext, call: FunctionCall): ValueType {
  const spec = FUNCTIONS[call.name];
  const text = formatExpr(call);
  const types = call.args.map((a) => checkExpr(ctx, a));
  if (call.args.length < spec.minArgs || call.args.length > spec.maxArgs) {
    const want = spec.maxArgs === Infinity ? `at least ${spec.minArgs}` : spec.minArgs === spec.maxArgs ? `exactly ${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
    report(ctx, "eql/arity", call, `Function [${call.name}] expects ${want} argument${spec.maxArgs === 1 ? "" : "s"}, found ${call.args.length}`);
  }
  if (call.caseInsensitive && !spec.caseInsensitive) {
    report(ctx, "eql/case-insensitive-function", call, `Function [${call.name}] does not support case-insensitive matching [~]; only between, endsWith, indexOf, startsWith and stringContains do`);
  }
  call.args.forEach((arg, i) => {
    const argSpec = argSpecAt(spec, i);
    const t = types[i]!;
    if (argSpec.constant && arg.kind !== "literal") {
      report(ctx, "eql/constant-argument", arg, `${ordinal(i)} argument of [${text}] must be a constant, received [${formatExpr(arg)}]`);
      return;
    }
    expectKind(ctx, t, arg, argSpec.kind, `[${text}]`, i);
    if (call.name === "cidrMatch" && i > 0 && arg.kind === "literal" && typeof arg.value === "string" && !isCidr(arg.value)) {
      report(ctx, "eql/invalid-cidr", arg, `Invalid CIDR [${arg.value}] in [${text}]`);
    }
  });
  if ((call.name === "divide" || call.name === "modulo") && call.args[1] && isZero(call.args[1])) {
    report(ctx, "eql/division-by-zero", call.args[1], `Division by zero in [${text}]`);
  }
  const live = types.some((t) => t.live);
  switch (spec.result) {
    case "string":
      return { ...STRING, live };
    case "boolean":
      return { ...BOOLEAN, live };
    case "integer":
      return { ...LONG, live };
    case "number":
      return { ...(types.every((t) => t.integer) && call.name !== "number" ? LONG : DOUBLE), live };
  }
}

/** Reports a type mismatch when `t` (the type of `arg`) is not of `kind`. */
function expectKind(ctx: CheckContext, t: ValueType, arg: Expr, kind: ArgKind, ownerText: string, index: number): void {
  if (kind === "any" || isOpen(t)) return;
  const ok =
    kind === "string" ? t.family === "string"
    : kind === "number" ? t.family === "number"
    : kind === "integer" ? t.family === "number" && t.integer
    : kind === "boolean" ? t.family === "boolean"
    : t.family === "ip";
  if (!ok) {
    report(ctx, "eql/type-mismatch", arg, `${ordinal(index)} argument of ${ownerText} must be [${kind}], found value [${formatExpr(arg)}] type [${t.esType}]`);
  }
}

function isZero(e: Expr): boolean {
  return e.kind === "literal" && (e.valueType === "long" || e.valueType === "double") && e.value === 0;
}

function isCidr(text: string): boolean {
  const [addr, prefix, ...rest] = text.split("/");
  if (rest.length > 0 || addr === undefined) return false;
  const version = isIP(addr);
  if (version === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}
