import type { ResolvedDetection } from "../../detection/index.ts";
import type { Dsl } from "./dsl.ts";
import type { JsonObject } from "./json.ts";

/**
 * Event query -> bucket-level monitor. The search counts matching events in
 * the window per entity with a composite aggregation on the entity field, and
 * the bucket-level trigger keeps every bucket with at least one event: the
 * Alerting plugin then raises (and de-duplicates across runs) one alert per
 * entity, which a query-level monitor cannot do (it has one alert per trigger).
 * Events without an entity value must still alert, but `missing_bucket: true`
 * yields a null bucket key that the 2.19 bucket-level trigger crashes on
 * ("Cannot invoke Object.toString() because it is null"), so the source is a
 * script that maps a missing value to the empty string (read back as "no
 * entity" by the run helpers). Entity fields are keyword doc values (ECS).
 */
export const ENTITY_AGGREGATION = "dac_entities";
export const NO_ENTITY_KEY = "";
const ENTITY_KEY_SCRIPT = "if (!doc.containsKey(params.field) || doc[params.field].size() == 0) { return ''; } return doc[params.field];";

export function compileEventMonitorParts(detection: ResolvedDetection, query: Dsl, severity: string): JsonObject {
  return {
    monitor_type: "bucket_level_monitor",
    search: {
      size: 0,
      query,
      aggregations: {
        [ENTITY_AGGREGATION]: {
          composite: {
            size: detection.maxSignals,
            sources: [{ entity: { terms: { script: { source: ENTITY_KEY_SCRIPT, lang: "painless", params: { field: detection.entityField } } } } }],
          },
        },
      },
    },
    trigger: {
      bucket_level_trigger: {
        name: triggerName(detection),
        severity,
        condition: {
          buckets_path: { _count: "_count" },
          parent_bucket_path: ENTITY_AGGREGATION,
          script: { source: "params._count > 0", lang: "painless" },
        },
        actions: [],
      },
    },
  };
}

export function triggerName(detection: ResolvedDetection): string {
  return `dac:${detection.id}`;
}
