/**
 * targets/opensearch: detections -> OpenSearch Alerting monitors.
 * Input: a ResolvedDetection (query text, exceptions resolved for one
 * environment). Output: a bucket-level monitor body (one alert per entity for
 * event queries; one per join key for sequences and samples, whose composite
 * buckets each run a Painless matcher), the canonical
 * desired body for sync, and located diagnostics for every EQL construct that
 * OpenSearch cannot evaluate exactly. Pure: no network, no file I/O.
 */
export { compileMonitor, compileMonitorForQuery, locateDiagnostics, type CompileMonitorOptions, type MonitorBody } from "./monitor.ts";
export { compileOpenSearchDesired, type OpenSearchDesired } from "./compile.ts";
export { checkOpenSearchSupport } from "./check.ts";
export { canonicalizeMonitor } from "./canonical.ts";
export { compileConditionDsl, compileFilterDsl, UNSUPPORTED, type FilterDslOptions } from "./query-dsl.ts";
export { compileExceptionClauses, compileExceptionEntry } from "./exceptions-dsl.ts";
export { compileMonitorTiming, type MonitorTiming } from "./schedule.ts";
export { classifyMonitorOwner, hashMonitor, readDacMetadata, MANAGED_MARKER, SEVERITY_LEVELS } from "./metadata.ts";
export { ENTITY_AGGREGATION } from "./event-monitor.ts";
export { JOIN_AGGREGATION, JOIN_COUNT_AGGREGATION, JOIN_DETAIL_AGGREGATION, JOIN_PAGE_SIZE, JOIN_SCRIPTS, MAX_JOIN_CANDIDATES, PAINLESS_LOOP_BUDGET } from "./join-monitor.ts";
export { sequenceCandidateLimit } from "./sequence-monitor.ts";
export { EXPR_SCRIPT } from "./expr-script.ts";
export type { Dsl } from "./dsl.ts";
export type { Json, JsonObject } from "./json.ts";
