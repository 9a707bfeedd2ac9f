/**
 * The Sigma rule model (specification v2): what a rule, a correlation and a
 * filter say, with the YAML range of every part so later steps can locate
 * their problems. Pure data; built by parse-rule.ts, read by the pipeline and
 * the EQL emitter.
 */
import type { SourceRange } from "../../diagnostics/index.ts";

/** A scalar as YAML gave it: Sigma distinguishes strings, numbers, booleans and null. */
export type SigmaScalar = string | number | boolean | null;

export interface SigmaLogsource {
  readonly category?: string;
  readonly product?: string;
  readonly service?: string;
}

/** One `field|mod1|mod2: value(s)` entry, or a keyword (field-less) value list. */
export interface SigmaDetectionItem {
  readonly kind: "item";
  /** undefined for keyword searches. */
  readonly field?: string;
  readonly modifiers: readonly string[];
  readonly values: readonly SigmaScalar[];
  readonly range: SourceRange;
}

/** A map is AND of its items; a list of maps is OR of them (Sigma's detection semantics). */
export interface SigmaDetectionGroup {
  readonly kind: "and" | "or";
  readonly items: readonly (SigmaDetectionItem | SigmaDetectionGroup)[];
  readonly range: SourceRange;
}

export interface SigmaMetadata {
  readonly id?: string;
  readonly name?: string;
  readonly title: string;
  readonly status?: string;
  readonly description?: string;
  readonly license?: string;
  readonly author?: string;
  readonly date?: string;
  readonly modified?: string;
  readonly references: readonly string[];
  readonly tags: readonly string[];
  readonly level?: string;
  readonly falsepositives: readonly string[];
  readonly regressionTestsPath?: string;
}

export interface SigmaRule extends SigmaMetadata {
  readonly kind: "rule";
  readonly file: string;
  readonly logsource: SigmaLogsource;
  readonly detections: ReadonlyMap<string, SigmaDetectionGroup>;
  readonly condition: string;
  readonly conditionRange: SourceRange;
  readonly range: SourceRange;
}

export const CORRELATION_TYPES = ["event_count", "value_count", "temporal", "temporal_ordered", "value_sum", "value_avg", "value_percentile", "value_median"] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

export interface SigmaCorrelation extends SigmaMetadata {
  readonly kind: "correlation";
  readonly file: string;
  readonly type: CorrelationType;
  /** Rule ids or names, in the order the correlation lists them. */
  readonly rules: readonly string[];
  readonly groupBy: readonly string[];
  /** Sigma timespan: a number and s, m, h, d, w, M or y. */
  readonly timespan: string;
  /** Field aliases: alias -> (rule id/name -> field). */
  readonly aliases: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly condition?: Readonly<Record<string, SigmaScalar>>;
  readonly range: SourceRange;
}

export interface SigmaFilter extends SigmaMetadata {
  readonly kind: "filter";
  readonly file: string;
  readonly logsource: SigmaLogsource;
  /** Rule ids or names the filter applies to. */
  readonly rules: readonly string[];
  readonly detections: ReadonlyMap<string, SigmaDetectionGroup>;
  readonly condition: string;
  readonly conditionRange: SourceRange;
  readonly range: SourceRange;
}

export type SigmaDocument = SigmaRule | SigmaCorrelation | SigmaFilter;
