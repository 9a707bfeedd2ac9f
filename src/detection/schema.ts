/**
 * The zod schemas for what users write in detection modules. Types are inferred
 * from them (z.input for what a module writes, z.output after defaults), so the
 * editor's completion and `dac validate`'s runtime errors come from one source.
 */
import { z } from "zod";

export const DATA_SOURCES = ["windows-security", "windows-system", "sysmon", "elastic-defend"] as const;
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;

const kebabCase = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Kibana / OpenSearch schedule strings: a positive integer and s, m, h or d. */
const duration = z.string().regex(/^[1-9][0-9]*[smhd]$/, 'expected a duration such as "5m", "30s", "1h"');
/** A look-back may be zero ("0m"): consecutive runs then touch without overlapping, as Kibana allows. */
const lookbackDuration = z.string().regex(/^(0|[1-9][0-9]*)[smhd]$/, 'expected a duration such as "1m" or "0m"');

export const detectionTestSchema = z.strictObject({
  name: z.string().min(1),
  fixture: z.string().regex(/\.ndjson(\.gz)?$/, "a fixture is an .ndjson or .ndjson.gz file"),
  expectAlerts: z.number().int().min(0),
  expectEntity: z.string().min(1).optional(),
  environment: z.string().min(1).optional(),
});

const techniqueId = z.string().regex(/^T[0-9]{4}(\.[0-9]{3})?$/, "a MITRE technique id looks like T1569 or T1569.002");
const tacticId = z.string().regex(/^TA[0-9]{4}$/, "a MITRE tactic id looks like TA0008");

export const detectionInputSchema = z.strictObject({
  id: z.string().regex(kebabCase, "a detection id is kebab-case (lowercase letters, digits and single dashes)"),
  name: z.string().min(1),
  description: z.string().min(1),
  severity: z.enum(SEVERITIES),
  riskScore: z.number().int().min(0).max(100),
  /**
   * ATT&CK mappings: a technique id (under its catalogue tactics), a tactic id
   * alone (a tactic-only mapping), or a technique under explicit tactics (as
   * Kibana's `threat` can say; a tactic it does not belong to is a warning).
   * Empty is allowed by the schema; the metadata policy's `mitre` item decides.
   */
  mitre: z.array(z.union([techniqueId, tacticId, z.strictObject({ technique: techniqueId, tactics: z.array(tacticId).min(1) })])),
  tags: z.array(z.string().min(1)).default([]),
  /** Which telemetry it reads; may be empty only when `indices` names the index patterns. */
  dataSources: z.array(z.enum(DATA_SOURCES)).default([]),
  indices: z.array(z.string().min(1)).min(1).optional(),
  query: z.string().min(1),
  timestampField: z.string().min(1).default("@timestamp"),
  /**
   * Kibana's `timestamp_override` when it differs from `timestampField`: the
   * field the rule's time window filters on (Elastic's rules use
   * `event.ingested`) while sequences still order by `timestampField`.
   */
  timestampOverride: z.string().min(1).optional(),
  tiebreakerField: z.string().min(1).optional(),
  eventCategoryField: z.string().min(1).default("event.category"),
  schedule: z.strictObject({ interval: duration, lookback: lookbackDuration }).default({ interval: "5m", lookback: "10m" }),
  enabled: z.boolean().default(true),
  entityField: z.string().min(1).default("host.name"),
  maxSignals: z.number().int().min(1).max(10_000).default(100),
  /** Required, warned about or optional per the metadata policy (`falsePositives` item). */
  falsePositives: z.array(z.string().min(1)).default([]),
  references: z.array(z.url()).default([]),
  /** Markdown investigation guide (Kibana `note`); the policy's `guide` item decides if it may be empty. */
  guide: z.string().default(""),
  /** Markdown setup instructions (Kibana `setup`). */
  setup: z.string().optional(),
  /** A building-block rule: its alerts feed other rules and are hidden from the alerts table. */
  buildingBlock: z.boolean().optional(),
  /** Kibana `related_integrations`: the Fleet packages whose data the rule reads. */
  relatedIntegrations: z.array(z.strictObject({ package: z.string().min(1), version: z.string().min(1), integration: z.string().min(1).optional() })).optional(),
  /** Kibana `investigation_fields`; by default the entity field and the query's first fields. */
  investigationFields: z.array(z.string().min(1)).min(1).optional(),
  /** Kibana `required_fields`; by default derived from the query's fields and their types. */
  requiredFields: z.array(z.strictObject({ name: z.string().min(1), type: z.string().min(1) })).optional(),
  author: z.array(z.string().min(1)).min(1),
  license: z.string().min(1).default("Apache-2.0"),
  version: z.number().int().min(1),
  exceptions: z.array(z.string().regex(kebabCase)).default([]),
  tests: z.array(detectionTestSchema).default([]),
});

export type DetectionInputShape = z.input<typeof detectionInputSchema>;
export type ParsedDetectionInput = z.output<typeof detectionInputSchema>;

/** `env("adminAccounts")`: a value filled from the environment's exceptionValues. */
export const envRefSchema = z.strictObject({ kind: z.literal("env"), key: z.string().min(1) });
const stringOrEnv = z.union([z.string(), envRefSchema]);
const stringsOrEnv = z.union([z.array(z.string()).min(1), envRefSchema]);
const entryBase = { field: z.string().min(1), negate: z.boolean().optional() };

export const exceptionEntryInputSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("equals"), value: stringOrEnv, ...entryBase }),
  z.strictObject({ kind: z.literal("any-of"), values: stringsOrEnv, ...entryBase }),
  z.strictObject({ kind: z.literal("wildcard"), pattern: stringOrEnv, ...entryBase }),
  z.strictObject({ kind: z.literal("exists"), ...entryBase }),
  z.strictObject({ kind: z.literal("cidr"), cidrs: stringsOrEnv, ...entryBase }),
]);

export const exceptionInputSchema = z.strictObject({
  name: z.string().regex(kebabCase, "an exception name is kebab-case"),
  description: z.string().min(1),
  entries: z.array(exceptionEntryInputSchema).min(1),
});

export type ExceptionInputShape = z.input<typeof exceptionInputSchema>;
export type ParsedException = z.output<typeof exceptionInputSchema>;

/** Elasticsearch / OpenSearch mapping types a pack may declare for its extra fields. */
export const FIELD_TYPES = [
  "keyword", "constant_keyword", "wildcard", "text", "match_only_text", "long", "integer", "short", "byte", "unsigned_long",
  "double", "float", "half_float", "scaled_float", "date", "date_nanos", "ip", "boolean", "flattened", "object", "nested",
  "geo_point", "version", "binary",
] as const;

/**
 * Pack-level settings. `customFields`: extra fields (name -> mapping type)
 * beyond ECS and the Windows fields, for the EQL checker and the detection
 * validators alike; a key ending in `.*` types every field below it
 * (`"aws.cloudtrail.flattened.*": "keyword"`). `importedFrom` marks a pack
 * written by `dac import` (its metadata policy defaults to `warn`).
 */
export const packInputSchema = z.strictObject({
  name: z.string().min(1),
  customFields: z.record(z.string().regex(/^\S+$/, "a dotted field name (no spaces), optionally ending in .*"), z.enum(FIELD_TYPES)).default({}),
  importedFrom: z.string().min(1).optional(),
});

export type PackInputShape = z.input<typeof packInputSchema>;
export type ParsedPack = z.output<typeof packInputSchema>;
