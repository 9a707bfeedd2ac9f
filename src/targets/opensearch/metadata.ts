import { createHash } from "node:crypto";
import type { ResolvedDetection, Severity } from "../../detection/index.ts";
import { stringifyCanonicalJson, type Json, type JsonObject } from "./json.ts";

/**
 * What dac stores inside each monitor it owns, under `ui_metadata.dac`
 * (a free-form object the Alerting plugin stores and returns verbatim; the
 * Dashboards UI only reads its own keys there):
 *  - `managed: true`: the ownership marker; readLive splits on it;
 *  - `project`: the dac project (repository) that owns the monitor; readLive
 *    treats monitors of other projects as neither managed nor orphaned, so
 *    `--prune` never deletes them. A marked monitor without it was deployed
 *    before projects existed and is adopted by whichever project reads it;
 *  - `id`: the detection id (monitor ids are server-generated);
 *  - `hash`: sha256 of the canonical monitor without this hash, so a plan can
 *    tell "unchanged" without trusting a structural diff of OpenSearch's
 *    re-serialised queries;
 *  - `source`: the detection fields `dac export` needs to rebuild the module.
 */
export const MANAGED_MARKER = "dac";

export const SEVERITY_LEVELS: Record<Severity, string> = { critical: "1", high: "2", medium: "3", low: "4" };

export function compileDetectionSource(detection: ResolvedDetection): JsonObject {
  const source: JsonObject = {
    name: detection.name,
    description: detection.description,
    severity: detection.severity,
    riskScore: detection.riskScore,
    query: detection.query,
    indices: [...detection.indices],
    timestampField: detection.timestampField,
    ...(detection.timestampOverride !== undefined ? { timestampOverride: detection.timestampOverride } : {}),
    eventCategoryField: detection.eventCategoryField,
    schedule: { interval: detection.schedule.interval, lookback: detection.schedule.lookback },
    enabled: detection.enabled,
    entityField: detection.entityField,
    maxSignals: detection.maxSignals,
    mitre: detection.mitre.map((t) => t.id),
    tags: [...detection.tags],
    dataSources: [...detection.dataSources],
    falsePositives: [...detection.falsePositives],
    references: [...detection.references],
    guide: detection.guide,
    author: [...detection.author],
    license: detection.license,
    version: detection.version,
    exceptionNames: [...detection.exceptionNames],
  };
  if (detection.tiebreakerField !== undefined) source.tiebreakerField = detection.tiebreakerField;
  return source;
}

/** sha256 (hex) of the canonical JSON of `monitor` with `ui_metadata.dac.hash` left out. */
export function hashMonitor(monitor: JsonObject): string {
  return createHash("sha256").update(stringifyCanonicalJson(withoutHash(monitor))).digest("hex");
}

function withoutHash(monitor: JsonObject): Json {
  const ui = monitor.ui_metadata as JsonObject | undefined;
  const dac = ui?.[MANAGED_MARKER] as JsonObject | undefined;
  if (!ui || !dac) return monitor;
  const { hash: _hash, ...rest } = dac;
  return { ...monitor, ui_metadata: { ...ui, [MANAGED_MARKER]: rest } };
}

/**
 * Whose a marked monitor is: `mine` (its project is `project`, or it has none
 * yet and is adopted), or `other` (another dac project's). Undefined `project`
 * means no scoping (every marked monitor is mine).
 */
export function classifyMonitorOwner(dac: JsonObject, project: string | undefined): "mine" | "other" {
  if (project === undefined || typeof dac.project !== "string") return "mine";
  return dac.project === project ? "mine" : "other";
}

/** The `ui_metadata.dac` object of a monitor, if it carries dac's marker. */
export function readDacMetadata(monitor: JsonObject): JsonObject | undefined {
  const ui = monitor.ui_metadata;
  if (typeof ui !== "object" || ui === null || Array.isArray(ui)) return undefined;
  const dac = ui[MANAGED_MARKER];
  if (typeof dac !== "object" || dac === null || Array.isArray(dac) || dac.managed !== true) return undefined;
  return dac;
}
