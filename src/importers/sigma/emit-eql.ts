/**
 * The EQL emitter: a rule's condition over its detections (field names already
 * mapped by the pipeline) -> one EQL boolean expression. Each Sigma value kind
 * gets the operator that keeps its meaning: `:` for case-insensitive values
 * with wildcards, `==`/`like` for `cased`, `regex`/`regex~` where a value
 * holds a literal `*` or `?` (EQL's `:` has no escape for them, a bug pySigma's
 * backend has), `cidrmatch`, range comparisons, `== null` for null and
 * absence. Anything EQL cannot say exactly is a refusal naming the construct.
 */
import { lookupFieldType } from "../../detection/index.ts";
import { selectDetections, type ConditionNode } from "./condition.ts";
import { formatEqlField, quoteEqlString } from "./eql-text.ts";
import { applyModifiers } from "./modifiers.ts";
import type { FieldProvenance, RulePipeline } from "./pipeline-apply.ts";
import { translateRegex } from "./regex-to-lucene.ts";
import type { SigmaDetectionGroup, SigmaDetectionItem } from "./rule-model.ts";
import { hasWildcard, isPlain, mergeText, type SigmaValue, type StringPart } from "./sigma-value.ts";
import type { SourceRange } from "../../diagnostics/index.ts";
import { findOutsideStrings } from "./outside-strings.ts";

export class Refusal extends Error {
  constructor(readonly code: string, message: string, readonly range?: SourceRange) {
    super(message);
  }
}

export interface EmitContext {
  readonly pipeline: RulePipeline;
  readonly detections: ReadonlyMap<string, SigmaDetectionGroup>;
  readonly provenance: Map<string, FieldProvenance>;
  readonly conditionRange?: SourceRange;
}

const NUMERIC = new Set(["long", "integer", "short", "byte", "unsigned_long", "double", "float", "half_float", "scaled_float"]);

/** `condition` as EQL, or a thrown Refusal. */
export function emitCondition(node: ConditionNode, ctx: EmitContext): string {
  switch (node.kind) {
    case "and":
    case "or":
      return node.args.map((a) => group(emitCondition(a, ctx), a, node.kind)).join(` ${node.kind} `);
    case "not":
      return `not ${parenthesize(emitCondition(node.arg, ctx))}`;
    case "ref": {
      const detection = ctx.detections.get(node.name);
      if (!detection) throw new Refusal("sigma/unknown-detection", `The condition names "${node.name}", which is not a detection of this rule`, ctx.conditionRange);
      return emitGroup(detection, ctx);
    }
    case "of": {
      const names = selectDetections(node.pattern, [...ctx.detections.keys()]);
      if (names.length === 0) throw new Refusal("sigma/unknown-detection", `"${node.quantifier === "all" ? "all" : "1"} of ${node.pattern}" selects no detection`, ctx.conditionRange);
      const op = node.quantifier === "all" ? "and" : "or";
      const parts = names.map((n) => emitGroup(ctx.detections.get(n)!, ctx));
      return parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(` ${op} `);
    }
  }
}

function isAtomic(text: string): boolean {
  return !/ (and|or) /.test(text) || (text.startsWith("(") && matchingParen(text) === text.length - 1);
}

function matchingParen(text: string): number {
  let depth = 0;
  return findOutsideStrings(text, (c) => {
    if (c === "(") depth++;
    return c === ")" && --depth === 0;
  });
}

function group(text: string, node: ConditionNode, parent: "and" | "or"): string {
  if (node.kind === parent || isAtomic(text)) return text;
  return `(${text})`;
}

// `not` always takes a parenthesised operand: EQL's `not` binds tighter than `and`/`or`.
function parenthesize(text: string): string {
  return text.startsWith("(") && matchingParen(text) === text.length - 1 ? text : `(${text})`;
}

function joinParts(parts: readonly string[], op: "and" | "or"): string {
  if (parts.length === 1) return parts[0]!;
  return parts.map((p) => (isAtomic(p) ? p : `(${p})`)).join(` ${op} `);
}

export function emitGroup(g: SigmaDetectionGroup, ctx: EmitContext): string {
  if (g.items.length === 0) throw new Refusal("sigma/invalid-detection", "An empty detection matches nothing a query can express", g.range);
  const parts = g.items.map((i) => (i.kind === "item" ? emitItem(i, ctx) : emitGroup(i, ctx)));
  return joinParts(parts, g.kind);
}

function emitItem(item: SigmaDetectionItem, ctx: EmitContext): string {
  if (item.field === undefined) throw new Refusal("sigma/keyword-search", "Keyword (field-less) searches match the whole event; EQL matches fields, so dac does not guess a field", item.range);
  const mapped = ctx.pipeline.mapField(item.field);
  if (!mapped.ok) throw new Refusal("sigma/unmapped-field", mapped.reason, item.range);
  ctx.provenance.set(item.field, mapped.provenance);
  const field = mapped.field;
  const modified = applyModifiers(item.modifiers, item.values);
  if (!modified.ok) throw new Refusal(modified.code, modified.message, item.range);
  const type = lookupFieldType(field, ctx.pipeline.fieldTypes) ?? "keyword";
  const expand = (alternatives: readonly SigmaValue[]): SigmaValue[] => alternatives.flatMap((v) => expandPlaceholders(v, ctx, item.range));
  if (modified.value.values.length === 0) throw new Refusal("sigma/invalid-detection", "A field with an empty value list matches nothing", item.range);
  if (modified.value.linkAll) {
    return joinParts(modified.value.values.map((alts) => emitAlternatives(field, type, expand(alts), ctx, item)), "and");
  }
  return emitAlternatives(field, type, modified.value.values.flatMap(expand), ctx, item);
}

function expandPlaceholders(v: SigmaValue, ctx: EmitContext, range: SourceRange): SigmaValue[] {
  if (v.kind !== "string" || !v.parts.some((p) => typeof p !== "string" && "placeholder" in p)) return [v];
  let results: StringPart[][] = [[]];
  for (const part of v.parts) {
    if (typeof part !== "string" && "placeholder" in part) {
      const values = ctx.pipeline.placeholders[part.placeholder];
      if (!values || values.length === 0) throw new Refusal("sigma/unresolved-placeholder", `The placeholder %${part.placeholder}% has no values: add it under \`placeholders:\` in a --pipeline file`, range);
      results = results.flatMap((r) => values.map((val) => [...r, val]));
    } else results = results.map((r) => [...r, part]);
  }
  return results.map((parts) => ({ ...v, parts: mergeText(parts) }));
}

/** Values of one field, ORed, each with the operator its kind needs; same-operator values share a list. */
function emitAlternatives(field: string, type: string, values: readonly SigmaValue[], ctx: EmitContext, item: SigmaDetectionItem): string {
  const f = formatEqlField(field);
  const lists = new Map<string, string[]>();
  const singles: string[] = [];
  const add = (op: string, literal: string) => {
    const list = lists.get(op) ?? [];
    list.push(literal);
    lists.set(op, list);
  };
  for (const raw of values) {
    const v = rewriteValue(raw, field, ctx);
    switch (v.kind) {
      case "null":
        singles.push(`${f} == null`);
        break;
      case "exists":
        singles.push(`${f} ${v.exists ? "!=" : "=="} null`);
        break;
      case "boolean":
        if (type === "boolean") singles.push(`${f} == ${v.value}`);
        else add(":", quoteEqlString(String(v.value)));
        break;
      case "number":
        if (NUMERIC.has(type)) add("==", String(v.value));
        else if (type === "ip") throw new Refusal("sigma/type-mismatch", `${field} is an ip field; the number ${v.value} is not an address`, item.range);
        else add(type === "boolean" ? "==" : ":", quoteEqlString(String(v.value)));
        break;
      case "compare":
        if (!NUMERIC.has(type) && type !== "date") throw new Refusal("sigma/type-mismatch", `A numeric comparison (${v.op}) on ${field}, a ${type} field: EQL compares keywords as strings, not numbers`, item.range);
        singles.push(`${f} ${v.op} ${v.value}`);
        break;
      case "cidr":
        singles.push(`cidrmatch(${f}, ${quoteEqlString(v.cidr)})`);
        break;
      case "fieldref": {
        const other = ctx.pipeline.mapField(v.field);
        if (!other.ok) throw new Refusal("sigma/unmapped-field", other.reason, item.range);
        ctx.provenance.set(v.field, other.provenance);
        singles.push(`${f} == ${formatEqlField(other.field)}`);
        break;
      }
      case "regex": {
        const r = translateRegex(v.pattern, v.flags);
        if (!r.ok) throw new Refusal("sigma/unsupported-regex", `The regex ${JSON.stringify(v.pattern)} cannot be run exactly: ${r.reason}`, item.range);
        add(r.caseInsensitive ? "regex~" : "regex", quoteEqlString(r.regex));
        break;
      }
      case "string":
        emitString(field, type, v.parts, v.cased, add, item);
        break;
      case "bytes":
        throw new Refusal("sigma/invalid-modifier", "An encoding modifier without base64 leaves bytes no query can match", item.range);
    }
  }
  for (const [op, literals] of lists) {
    const unique = [...new Set(literals)];
    // `==` has no list form: several exact values are `in (...)`.
    singles.push(unique.length === 1 ? `${f} ${op} ${unique[0]}` : `${f} ${op === "==" ? "in" : op} (${unique.join(", ")})`);
  }
  return joinParts(singles, "or");
}

/** Pipeline value rewrites (`Initiated: 'true'` -> `network.direction: egress`). */
function rewriteValue(v: SigmaValue, field: string, ctx: EmitContext): SigmaValue {
  const text = v.kind === "boolean" || v.kind === "number" ? String(v.value) : v.kind === "string" && isPlain(v.parts) ? v.parts.join("") : undefined;
  if (text === undefined) return v;
  const mapped = ctx.pipeline.mapValue(field, text);
  return mapped === undefined ? v : { kind: "string", parts: [mapped], cased: false };
}

function emitString(field: string, type: string, parts: readonly StringPart[], cased: boolean, add: (op: string, literal: string) => void, item: SigmaDetectionItem): void {
  const text = parts.map((p) => (typeof p === "string" ? p : "wildcard" in p ? p.wildcard : "")).join("");
  if (NUMERIC.has(type)) {
    if (isPlain(parts) && /^-?[0-9]+(\.[0-9]+)?$/.test(text)) return add("==", text);
    throw new Refusal("sigma/type-mismatch", `${field} is a ${type} field; the value ${JSON.stringify(text)} is not a number`, item.range);
  }
  if (type === "boolean") {
    if (isPlain(parts) && /^(true|false)$/i.test(text)) return add("==", text.toLowerCase());
    throw new Refusal("sigma/type-mismatch", `${field} is a boolean field; the value ${JSON.stringify(text)} is not true or false`, item.range);
  }
  if (type === "ip") {
    if (isPlain(parts)) return add("==", quoteEqlString(text));
    throw new Refusal("sigma/type-mismatch", `${field} is an ip field: the wildcard value ${JSON.stringify(text)} has no ip form (use |cidr)`, item.range);
  }
  const literalSpecial = parts.some((p) => typeof p === "string" && /[*?]/.test(p));
  if (literalSpecial) {
    // EQL's `:` and `like` have no escape for a literal * or ?: an anchored regex does.
    const regex = parts.map((p) => (typeof p === "string" ? p.split("").map(escapeLuceneChar).join("") : "wildcard" in p ? (p.wildcard === "*" ? ".*" : ".") : "")).join("");
    return add(cased ? "regex" : "regex~", quoteEqlString(regex));
  }
  const pattern = parts.map((p) => (typeof p === "string" ? p : "wildcard" in p ? p.wildcard : "")).join("");
  if (cased) return add(hasWildcard(parts) ? "like" : "==", quoteEqlString(pattern));
  add(":", quoteEqlString(pattern));
}

function escapeLuceneChar(c: string): string {
  return /[.?+*|{}()[\]"\\#@&<>~^$]/.test(c) ? `\\${c}` : c;
}
