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

export const detectionTestSchema = z.strictObject({
  name: z.string().min(1),
  fixture: z.string().regex(/\.ndjson(\.gz)?$/, "a fixture is an .ndjson or .ndjson.gz file"),
  expectAlerts: z.number().int().min(0),
  expectEntity: z.string().min(1).optional(),
  environment: z.string().min(1).optional(),
});

export const detectionInputSchema = z.strictObject({
  id: z.string().regex(kebabCase, "a detection id is kebab-case (lowercase letters, digits and single dashes)"),
  name: z.string().min(1),
  description: z.string().min(1),
  severity: z.enum(SEVERITIES),
  riskScore: z.number().int().min(0).max(100),
  mitre: z.array(z.string().regex(/^T[0-9]{4}(\.[0-9]{3})?$/, "a MITRE technique id looks like T1569 or T1569.002")).min(1),
  tags: z.array(z.string().min(1)).default([]),
  dataSources: z.array(z.enum(DATA_SOURCES)).min(1, "every detection states which telemetry it reads"),
  indices: z.array(z.string().min(1)).min(1).optional(),
  query: z.string().min(1),
  timestampField: z.string().min(1).default("@timestamp"),
  timestampOverride: z.string().min(1).optional(),
  tiebreakerField: z.string().min(1).optional(),
  eventCategoryField: z.string().min(1).default("event.category"),
  schedule: z.strictObject({ interval: duration, lookback: duration }).default({ interval: "5m", lookback: "10m" }),
  enabled: z.boolean().default(true),
  entityField: z.string().min(1).default("host.name"),
  maxSignals: z.number().int().min(1).max(10_000).default(100),
  falsePositives: z.array(z.string().min(1)).min(1, "say what benign activity looks like this, even if it is 'none known'"),
  references: z.array(z.url()).default([]),
  guide: z.string().min(1),
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

/** Pack-level settings: custom fields (name -> ES type) the EQL checker accepts. */
export const packInputSchema = z.strictObject({
  name: z.string().min(1),
  customFields: z.record(z.string().min(1), z.enum(["keyword", "text", "long", "double", "date", "ip", "boolean", "wildcard"])).default({}),
});

export type PackInputShape = z.input<typeof packInputSchema>;
export type ParsedPack = z.output<typeof packInputSchema>;
