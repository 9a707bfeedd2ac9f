/**
 * The contract between detection modules and every later stage (eql checks,
 * targets, sync, replay). The zod schemas in this folder must produce exactly
 * these shapes (they may replace these interfaces with `z.infer` types as long
 * as the shape stays the same).
 */
import type { SourceRange } from "../diagnostics/index.ts";

export type Severity = "low" | "medium" | "high" | "critical";

/** A MITRE ATT&CK tactic. */
export interface MitreTactic {
  readonly id: string; // "TA0008"
  readonly name: string; // "Lateral Movement"
  readonly reference: string; // https://attack.mitre.org/tactics/TA0008/
}

/**
 * A MITRE ATT&CK technique resolved from its id. `tactics` are the ones it is
 * mapped under: the catalogue's, unless the module names others.
 */
export interface MitreTechnique {
  readonly id: string; // "T1569.002"
  readonly name: string; // "Service Execution"
  readonly reference: string; // https://attack.mitre.org/techniques/T1569/002/
  readonly parent?: { readonly id: string; readonly name: string; readonly reference: string };
  readonly tactics: readonly MitreTactic[];
}

/** A Fleet package the rule's data comes from (Kibana `related_integrations`). */
export interface RelatedIntegration {
  readonly package: string;
  readonly version: string;
  readonly integration?: string;
}

/** Which telemetry a detection reads; shown in docs and used to pick index patterns. */
export type DataSource =
  | "windows-security" // Security channel via Elastic Agent's Windows integration or Winlogbeat
  | "windows-system" // System channel (7045)
  | "sysmon" // Microsoft-Windows-Sysmon/Operational
  | "elastic-defend"; // Elastic Defend endpoint events (logs-endpoint.events.*)

// ------------------------------------------------------------- exceptions

/**
 * One condition of an exception item. All entries of an item are ANDed; an
 * event is excepted when every entry matches. `negate` turns "is" into "is not".
 * Matching semantics (shared by the engine and both targets):
 *  - equals / any-of: exact, case-sensitive, on any element of a multi-valued field;
 *  - wildcard: `*` and `?` over the whole value, case-insensitive;
 *  - exists: the field has at least one non-null value;
 *  - cidr: the (ip) field's value lies in any of the CIDR blocks.
 */
export type ExceptionEntry =
  | { readonly kind: "equals"; readonly field: string; readonly value: string; readonly negate?: boolean }
  | { readonly kind: "any-of"; readonly field: string; readonly values: readonly string[]; readonly negate?: boolean }
  | { readonly kind: "wildcard"; readonly field: string; readonly pattern: string; readonly negate?: boolean }
  | { readonly kind: "exists"; readonly field: string; readonly negate?: boolean }
  | { readonly kind: "cidr"; readonly field: string; readonly cidrs: readonly string[]; readonly negate?: boolean };

/** A named, reusable exception with its values resolved from the environment. */
export interface ResolvedException {
  readonly name: string; // "it-admin-remediation"
  readonly description: string;
  readonly entries: readonly ExceptionEntry[];
}

// ------------------------------------------------------------------ tests

/** A replay test: events in a fixture file and what the detection must do with them. */
export interface DetectionTest {
  readonly name: string;
  /** NDJSON (optionally .gz) path, resolved to an absolute path at load time. */
  readonly fixture: string;
  /** Expected alerts: 0 for a benign look-alike that must stay silent. */
  readonly expectAlerts: number;
  /** The entity (value of the detection's entity field) each alert must carry. */
  readonly expectEntity?: string;
  /** Environment whose exception values apply while replaying (default: the pack's test values). */
  readonly environment?: string;
}

// -------------------------------------------------------------- detection

export interface Detection {
  /** Stable rule id, used everywhere (Kibana rule_id, monitor marker). kebab-case. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly severity: Severity;
  readonly riskScore: number; // 0..100
  readonly mitre: readonly MitreTechnique[];
  /** Tactic-only mappings (a tactic with no technique under it). */
  readonly mitreTactics?: readonly MitreTactic[];
  readonly tags: readonly string[];
  readonly dataSources: readonly DataSource[];
  readonly indices: readonly string[];
  readonly query: string;
  readonly timestampField: string; // default "@timestamp"
  /** The field the rule's time window filters on when it is not timestampField (Kibana timestamp_override). */
  readonly timestampOverride?: string;
  readonly tiebreakerField?: string;
  readonly eventCategoryField: string; // default "event.category"
  readonly schedule: { readonly interval: string; readonly lookback: string }; // "5m", "10m"
  readonly enabled: boolean;
  /** Field whose value identifies the entity an alert is about (host.name for most). */
  readonly entityField: string;
  readonly maxSignals: number; // default 100
  readonly falsePositives: readonly string[];
  readonly references: readonly string[];
  readonly guide: string; // markdown investigation guide, "" when the pack's policy allows none
  readonly setup?: string; // markdown setup instructions
  readonly buildingBlock?: boolean;
  readonly relatedIntegrations?: readonly RelatedIntegration[];
  /** Explicit Kibana investigation_fields; when absent, targets use the entity field and the query's fields. */
  readonly investigationFields?: readonly string[];
  /** Explicit Kibana required_fields; when absent, targets derive them from the query. */
  readonly requiredFields?: readonly { readonly name: string; readonly type: string }[];
  readonly author: readonly string[];
  readonly license: string;
  readonly version: number;
  /** Names of exceptions (defined in the pack) applied to this detection. */
  readonly exceptionNames: readonly string[];
  readonly tests: readonly DetectionTest[];
  /** Where it came from, for diagnostics. */
  readonly source: {
    readonly file: string;
    /** Where the query string's first character sits in the file (for shifting EQL ranges). */
    readonly queryOrigin?: SourceRange["start"];
  };
}

/** A detection with its exceptions resolved against one environment's values. */
export interface ResolvedDetection extends Detection {
  readonly exceptions: readonly ResolvedException[];
}
