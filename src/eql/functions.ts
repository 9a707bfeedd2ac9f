/**
 * The catalogue of Elastic EQL functions: canonical names, arity, which accept
 * `~`, and argument/result types. The parser maps names through it, the checker
 * enforces it, and the evaluator can rely on it.
 */
import type { FunctionName } from "./ast.ts";

/** Value kinds the checker reasons about (ES types are folded into these). */
export type ArgKind = "string" | "number" | "integer" | "boolean" | "ip" | "any";
export type ResultKind = "string" | "number" | "integer" | "boolean";

export interface ArgSpec {
  readonly kind: ArgKind;
  /** Must be a literal (Elasticsearch folds it at planning time). */
  readonly constant?: boolean;
}

export interface FunctionSpec {
  readonly name: FunctionName;
  readonly minArgs: number;
  /** `Infinity` for variadic functions (`concat`, `cidrMatch`). */
  readonly maxArgs: number;
  /** Accepts the `~` case-insensitive variant. */
  readonly caseInsensitive: boolean;
  /** Positional argument specs; a variadic function repeats its last one. */
  readonly args: readonly ArgSpec[];
  readonly result: ResultKind;
}

const num: ArgSpec = { kind: "number" };
const str: ArgSpec = { kind: "string" };
const int: ArgSpec = { kind: "integer" };

function arithmetic(name: FunctionName): FunctionSpec {
  return { name, minArgs: 2, maxArgs: 2, caseInsensitive: false, args: [num, num], result: "number" };
}

export const FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = {
  add: arithmetic("add"),
  subtract: arithmetic("subtract"),
  multiply: arithmetic("multiply"),
  divide: arithmetic("divide"),
  modulo: arithmetic("modulo"),
  between: {
    name: "between", minArgs: 3, maxArgs: 4, caseInsensitive: true,
    args: [str, str, str, { kind: "boolean", constant: true }], result: "string",
  },
  cidrMatch: {
    name: "cidrMatch", minArgs: 2, maxArgs: Infinity, caseInsensitive: false,
    args: [{ kind: "ip" }, { kind: "string", constant: true }], result: "boolean",
  },
  concat: { name: "concat", minArgs: 1, maxArgs: Infinity, caseInsensitive: false, args: [{ kind: "any" }], result: "string" },
  endsWith: { name: "endsWith", minArgs: 2, maxArgs: 2, caseInsensitive: true, args: [str, str], result: "boolean" },
  startsWith: { name: "startsWith", minArgs: 2, maxArgs: 2, caseInsensitive: true, args: [str, str], result: "boolean" },
  stringContains: { name: "stringContains", minArgs: 2, maxArgs: 2, caseInsensitive: true, args: [str, str], result: "boolean" },
  indexOf: { name: "indexOf", minArgs: 2, maxArgs: 3, caseInsensitive: true, args: [str, str, int], result: "integer" },
  length: { name: "length", minArgs: 1, maxArgs: 1, caseInsensitive: false, args: [str], result: "integer" },
  number: { name: "number", minArgs: 1, maxArgs: 2, caseInsensitive: false, args: [str, int], result: "number" },
  string: { name: "string", minArgs: 1, maxArgs: 1, caseInsensitive: false, args: [{ kind: "any" }], result: "string" },
  substring: { name: "substring", minArgs: 2, maxArgs: 3, caseInsensitive: false, args: [str, int, int], result: "string" },
};

export const FUNCTION_NAMES: readonly FunctionName[] = Object.keys(FUNCTIONS) as FunctionName[];

const BY_LOWER: ReadonlyMap<string, FunctionName> = new Map(FUNCTION_NAMES.map((n) => [n.toLowerCase(), n]));

/** The canonical name for a function written in any case, or undefined if unknown. */
export function resolveFunctionName(written: string): FunctionName | undefined {
  return BY_LOWER.get(written.toLowerCase());
}

/** The spec of argument `index` (variadic functions repeat their last spec). */
export function argSpecAt(spec: FunctionSpec, index: number): ArgSpec {
  return spec.args[Math.min(index, spec.args.length - 1)]!;
}
