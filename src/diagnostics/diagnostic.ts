import type { SourceRange } from "./source-range.ts";

export type Severity = "error" | "warning" | "info";

/**
 * A problem in user content, as a value. `code` is a stable string users filter
 * on (`eql/unknown-field`, `detection/duplicate-id`); `message` is for people.
 * `path` is the zod-style path to the offending field when there is no range.
 */
export interface Diagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly range?: SourceRange;
  /** File the problem belongs to when no precise range is known. */
  readonly file?: string;
  readonly path?: readonly (string | number)[];
  /** The rule id, when the problem belongs to one detection. */
  readonly ruleId?: string;
  readonly notes?: readonly string[];
}

export function errorDiagnostic(code: string, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { severity: "error", code, message, ...extra };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Success with a value, or failure with the diagnostics that explain why. */
export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export function ok<T>(value: T, diagnostics: readonly Diagnostic[] = []): Result<T> {
  return { ok: true, value, diagnostics };
}

export function fail<T = never>(diagnostics: readonly Diagnostic[]): Result<T> {
  return { ok: false, diagnostics };
}
