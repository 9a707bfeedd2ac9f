/**
 * targets/elastic: a resolved detection -> the JSON Kibana's detection engine
 * stores for it (an EQL rule, plus a `detection` exception list and its items),
 * in three shapes: API bodies (compileKibanaRule, compileKibanaExceptionList,
 * compileKibanaExceptionItems), the normalized composite sync compares
 * (compileKibanaDesired) and `_import` ndjson (renderKibanaImportNdjson).
 * Input: ResolvedDetection. Output: plain JSON. Pure: no network, no file I/O.
 */
export * from "./kibana-types.ts";
export * from "./canonical-json.ts";
export * from "./kibana-schedule.ts";
export * from "./kibana-threat.ts";
export * from "./kibana-query.ts";
export * from "./kibana-exceptions.ts";
export * from "./kibana-rule.ts";
export * from "./kibana-desired.ts";
export * from "./kibana-import.ts";
