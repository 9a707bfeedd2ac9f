/**
 * Exceptions as code: pack exceptions whose values come from the environment
 * (`env("adminAccounts")`) are resolved into the ExceptionEntry form every
 * target and the offline engine share. A missing environment value is a
 * diagnostic naming the exception and the key, never a silent empty list.
 */
import { errorDiagnostic, fail, ok, type Diagnostic, type Result, type SourceRange } from "../diagnostics/index.ts";
import type { Detection, ExceptionEntry, ResolvedDetection, ResolvedException } from "./model.ts";
import { lookupFieldType } from "./fields.ts";
import type { ParsedException } from "./schema.ts";
import { explainInvalidCidr, explainValueTypeMismatch } from "./value-checks.ts";

/** Named string lists from environments.yaml (`exceptionValues`). */
export type ExceptionValues = Readonly<Record<string, readonly string[]>>;

/** A pack exception as loaded: still holding `env(...)` references. */
export interface ExceptionDefinition extends ParsedException {
  readonly source: { readonly file: string; readonly range?: SourceRange };
}

type EntryInput = ParsedException["entries"][number];
interface EnvKey {
  readonly kind: "env";
  readonly key: string;
}
type EnvOr<T> = T | EnvKey;

function isEnvRef<T>(value: EnvOr<T>): value is EnvKey {
  return typeof value === "object" && value !== null && !Array.isArray(value) && (value as { kind?: unknown }).kind === "env";
}

interface ResolveContext {
  readonly exception: ExceptionDefinition;
  readonly values: ExceptionValues;
  readonly environment: string;
  readonly diagnostics: Diagnostic[];
}

function lookupList(ctx: ResolveContext, ref: { key: string }): readonly string[] | undefined {
  const list = Object.hasOwn(ctx.values, ref.key) ? ctx.values[ref.key] : undefined;
  if (list === undefined) {
    ctx.diagnostics.push(
      errorDiagnostic(
        "detection/missing-exception-value",
        `Exception "${ctx.exception.name}" needs exceptionValues.${ref.key}, which environment "${ctx.environment}" does not define`,
        { ...(ctx.exception.source.range ? { range: ctx.exception.source.range } : { file: ctx.exception.source.file }), notes: [`add "${ref.key}: [...]" under environments.${ctx.environment}.exceptionValues in environments.yaml`] },
      ),
    );
  }
  return list;
}

/**
 * Values that come from environments.yaml are checked against the field here
 * (literal values in the module are checked by the pack validators, located
 * there); the diagnostic's `path` points into environments.yaml so the CLI
 * can show the offending line.
 */
function checkEnvValues(ctx: ResolveContext, ref: EnvKey, values: readonly string[], explain: (value: string) => string | undefined, code: string): boolean {
  let fine = true;
  values.forEach((value, index) => {
    const why = explain(value);
    if (why === undefined) return;
    fine = false;
    ctx.diagnostics.push(
      errorDiagnostic(code, `Environment "${ctx.environment}" exceptionValues.${ref.key}[${index}]: ${why} (used by exception "${ctx.exception.name}")`, {
        path: ["environments", ctx.environment, "exceptionValues", ref.key, index],
      }),
    );
  });
  return fine;
}

function resolveList(ctx: ResolveContext, value: EnvOr<readonly string[]>, explain?: (value: string) => string | undefined, code = "detection/value-type"): readonly string[] | undefined {
  if (!isEnvRef(value)) return value;
  const list = lookupList(ctx, value);
  if (list === undefined || explain === undefined) return list;
  return checkEnvValues(ctx, value, list, explain, code) ? list : undefined;
}

function resolveSingle(ctx: ResolveContext, value: EnvOr<string>, explain?: (value: string) => string | undefined): string | undefined {
  if (!isEnvRef(value)) return value;
  const list = lookupList(ctx, value);
  if (list === undefined) return undefined;
  if (list.length !== 1) {
    ctx.diagnostics.push(
      errorDiagnostic("detection/exception-value-arity", `Exception "${ctx.exception.name}" uses exceptionValues.${value.key} as one value, but environment "${ctx.environment}" lists ${list.length}`, {
        file: ctx.exception.source.file,
        notes: ["use kind any-of (or cidr) to match any of several values"],
      }),
    );
    return undefined;
  }
  if (explain !== undefined && !checkEnvValues(ctx, value, list, explain, "detection/value-type")) return undefined;
  return list[0];
}

function resolveEntry(ctx: ResolveContext, entry: EntryInput): ExceptionEntry | undefined {
  const base = { field: entry.field, ...(entry.negate !== undefined ? { negate: entry.negate } : {}) };
  const type = lookupFieldType(entry.field);
  const explainType = (value: string) => explainValueTypeMismatch(value, type);
  switch (entry.kind) {
    case "exists":
      return { kind: "exists", ...base };
    case "equals": {
      const value = resolveSingle(ctx, entry.value, explainType);
      return value === undefined ? undefined : { kind: "equals", ...base, value };
    }
    case "wildcard": {
      const pattern = resolveSingle(ctx, entry.pattern);
      return pattern === undefined ? undefined : { kind: "wildcard", ...base, pattern };
    }
    case "any-of": {
      const values = resolveList(ctx, entry.values, explainType);
      return values === undefined ? undefined : { kind: "any-of", ...base, values: [...values] };
    }
    case "cidr": {
      const cidrs = resolveList(ctx, entry.cidrs, explainInvalidCidr, "detection/invalid-cidr");
      return cidrs === undefined ? undefined : { kind: "cidr", ...base, cidrs: [...cidrs] };
    }
  }
}

/** Fills an exception's env references from one environment's values. */
export function resolveException(exception: ExceptionDefinition, values: ExceptionValues, environment = "test"): Result<ResolvedException> {
  const ctx: ResolveContext = { exception, values, environment, diagnostics: [] };
  const entries = exception.entries.map((entry) => resolveEntry(ctx, entry));
  if (ctx.diagnostics.length > 0) return fail(ctx.diagnostics);
  return ok({ name: exception.name, description: exception.description, entries: entries as ExceptionEntry[] });
}

/**
 * An exception item with a non-negated entry over an empty list can never match
 * (an environment with no admin hosts); it is left out rather than sent to a
 * target that rejects empty value lists.
 */
function canMatch(exception: ResolvedException): boolean {
  return exception.entries.every((e) => e.negate === true || !((e.kind === "any-of" && e.values.length === 0) || (e.kind === "cidr" && e.cidrs.length === 0)));
}

/**
 * The detection with its named exceptions resolved against one environment's
 * values. Unknown exception names and missing values are diagnostics.
 */
export function resolveDetection(
  detection: Detection,
  values: ExceptionValues,
  exceptions: readonly ExceptionDefinition[],
  environment = "test",
): Result<ResolvedDetection> {
  const byName = new Map(exceptions.map((e) => [e.name, e]));
  const diagnostics: Diagnostic[] = [];
  const resolved: ResolvedException[] = [];
  for (const name of detection.exceptionNames) {
    const definition = byName.get(name);
    if (!definition) {
      diagnostics.push(errorDiagnostic("detection/unknown-exception", `Detection "${detection.id}" names exception "${name}", which the pack does not define`, { file: detection.source.file, ruleId: detection.id }));
      continue;
    }
    const result = resolveException(definition, values, environment);
    if (!result.ok) diagnostics.push(...result.diagnostics.map((d) => ({ ...d, ruleId: detection.id })));
    else if (canMatch(result.value)) resolved.push(result.value);
  }
  if (diagnostics.length > 0) return fail(diagnostics);
  return ok({ ...detection, exceptions: resolved });
}
