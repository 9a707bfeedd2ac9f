import type { SourceRange } from "../diagnostics/index.ts";

/**
 * The typed EQL AST (Elastic dialect). Every node carries `range`, relative to
 * the query text (`range.file` is unset; callers shift it into the module file).
 * Nodes are plain readonly data, discriminated on `kind`, JSON-serializable.
 */
interface NodeBase {
  readonly range: SourceRange;
}

// ---------------------------------------------------------------- expressions

export type LiteralType = "string" | "long" | "double" | "boolean" | "null";

export interface Literal extends NodeBase {
  readonly kind: "literal";
  readonly value: string | number | boolean | null;
  /** Integers are `long` (ES folds them to int/long; overflow becomes double). */
  readonly valueType: LiteralType;
}

export interface FieldRef extends NodeBase {
  readonly kind: "field";
  /** Unquoted segments: `process.parent.name` -> ["process","parent","name"]. */
  readonly path: readonly string[];
  /** `path.join(".")`, the name used for schema look-ups and event access. */
  readonly name: string;
  /** Written with a leading `?`: unknown fields fold to null, null join keys allowed. */
  readonly optional: boolean;
}

/** Canonical (documented) spelling of every Elastic EQL function. */
export type FunctionName =
  | "add" | "between" | "cidrMatch" | "concat" | "divide" | "endsWith" | "indexOf" | "length"
  | "modulo" | "multiply" | "number" | "startsWith" | "string" | "stringContains" | "substring" | "subtract";

export interface FunctionCall extends NodeBase {
  readonly kind: "call";
  readonly name: FunctionName;
  /** Written with `~` (only between, endsWith, indexOf, startsWith, stringContains). */
  readonly caseInsensitive: boolean;
  readonly args: readonly Expr[];
  /** Range of the name as written (for "did you mean" errors). */
  readonly nameRange: SourceRange;
}

export interface UnaryArithmetic extends NodeBase {
  readonly kind: "unary";
  readonly op: "-" | "+";
  readonly operand: Expr;
}

export type ArithmeticOp = "+" | "-" | "*" | "/" | "%";
export interface Arithmetic extends NodeBase {
  readonly kind: "arithmetic";
  readonly op: ArithmeticOp;
  readonly left: Expr;
  readonly right: Expr;
}

export type ComparisonOp = "==" | "!=" | "<" | "<=" | ">" | ">=";
export interface Comparison extends NodeBase {
  readonly kind: "compare";
  readonly op: ComparisonOp;
  readonly left: Expr;
  readonly right: Expr;
}

/** `x in (…)`, `x not in (…)`, `x in~ (…)`, `x not in~ (…)`. */
export interface Membership extends NodeBase {
  readonly kind: "in";
  readonly negated: boolean;
  readonly caseInsensitive: boolean;
  readonly value: Expr;
  readonly list: readonly Expr[];
}

/**
 * `x : p`, `x like p`, `x like~ p`, `x regex p`, `x regex~ p`, each also with a
 * parenthesised list (true if any pattern matches). `:` is `like~`, so it is
 * stored as op "like" with caseInsensitive true and `colon: true` so the
 * formatter writes it back as the user did.
 */
export interface PatternMatch extends NodeBase {
  readonly kind: "match";
  readonly op: "like" | "regex";
  readonly caseInsensitive: boolean;
  readonly colon: boolean;
  readonly value: Expr;
  readonly patterns: readonly Literal[];
  /** Written as a parenthesised list (even of one item). */
  readonly listForm: boolean;
}

export interface Not extends NodeBase {
  readonly kind: "not";
  readonly operand: Expr;
}

export interface Logical extends NodeBase {
  readonly kind: "logical";
  readonly op: "and" | "or";
  readonly left: Expr;
  readonly right: Expr;
}

export type Expr =
  | Literal
  | FieldRef
  | FunctionCall
  | UnaryArithmetic
  | Arithmetic
  | Comparison
  | Membership
  | PatternMatch
  | Not
  | Logical;

// ------------------------------------------------------------------- queries

/** `category where condition`; `category` is null for `any where`. */
export interface EventFilter extends NodeBase {
  readonly kind: "filter";
  readonly category: string | null;
  readonly categoryRange: SourceRange;
  readonly condition: Expr;
}

export type DurationUnit = "ms" | "s" | "m" | "h" | "d";
export interface Duration extends NodeBase {
  readonly kind: "duration";
  readonly value: number;
  readonly unit: DurationUnit;
  readonly millis: number;
}

export interface Pipe extends NodeBase {
  readonly kind: "head" | "tail";
  readonly count: number;
}

export interface EventQuery extends NodeBase {
  readonly kind: "event";
  readonly filter: EventFilter;
  readonly pipes: readonly Pipe[];
}

export interface SequenceStage extends NodeBase {
  readonly kind: "stage";
  readonly filter: EventFilter;
  /** This stage's own keys; the effective keys are the sequence's shared keys followed by these. */
  readonly keys: readonly Expr[];
  /** `with runs=N`; 1 when absent. Not expanded in the AST (the formatter writes it back). */
  readonly runs: number;
  readonly runsWritten: boolean;
  /** Written `![ … ]`: a missing-event stage. */
  readonly missing: boolean;
}

export interface SequenceQuery extends NodeBase {
  readonly kind: "sequence";
  readonly keys: readonly Expr[];
  readonly maxspan: Duration | null;
  readonly stages: readonly SequenceStage[];
  readonly until: SequenceStage | null;
  readonly pipes: readonly Pipe[];
}

export interface SampleStage extends NodeBase {
  readonly kind: "sample-stage";
  readonly filter: EventFilter;
  readonly keys: readonly Expr[];
}

export interface SampleQuery extends NodeBase {
  readonly kind: "sample";
  readonly keys: readonly Expr[];
  readonly stages: readonly SampleStage[];
  readonly pipes: readonly Pipe[];
}

export type Query = EventQuery | SequenceQuery | SampleQuery;

export type AnyNode = Query | Expr | EventFilter | SequenceStage | SampleStage | Duration | Pipe;
