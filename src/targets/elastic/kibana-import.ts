import type { ResolvedDetection } from "../../detection/index.ts";
import { sortJsonKeys, type JsonRecord } from "./canonical-json.ts";
import { compileKibanaExceptionItems, compileKibanaExceptionList } from "./kibana-exceptions.ts";
import { compileKibanaRule } from "./kibana-rule.ts";
import type { KibanaCompileOptions } from "./kibana-types.ts";

/**
 * The objects of a Kibana `_import` file (POST /api/detection_engine/rules/_import
 * with `overwrite_exceptions=true`): every rule, then every exception list
 * followed by its items, the order Kibana's own `_export` writes. The rule's
 * `exceptions_list[].id` is the list_id placeholder: Kibana resolves refs by
 * list_id + namespace_type when it imports the lists in the same file.
 * No export-details trailer: Kibana imports files exported with
 * `exclude_export_details=true`, which have none.
 */
export function compileKibanaImportObjects(detections: readonly ResolvedDetection[], options: KibanaCompileOptions = {}): JsonRecord[] {
  const sorted = [...detections].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rules = sorted.map((d) => compileKibanaRule(d, options) as unknown as JsonRecord);
  const exceptions: JsonRecord[] = [];
  for (const detection of sorted) {
    const list = compileKibanaExceptionList(detection, options);
    if (!list) continue;
    exceptions.push(list as unknown as JsonRecord);
    for (const item of compileKibanaExceptionItems(detection, options)) exceptions.push(item as unknown as JsonRecord);
  }
  return [...rules, ...exceptions].map((o) => sortJsonKeys(o));
}

/** The `_import` file text: one JSON object per line, newline-terminated. */
export function renderKibanaImportNdjson(detections: readonly ResolvedDetection[], options: KibanaCompileOptions = {}): string {
  return compileKibanaImportObjects(detections, options)
    .map((o) => JSON.stringify(o) + "\n")
    .join("");
}
