/**
 * importers: foreign rules -> detection module source text. Input: rule files
 * of other tools (Elastic detection-rules TOML, Kibana export NDJSON; Sigma
 * YAML) and live objects `dac export` read. Output: module and pack texts with
 * provenance, a write plan that never overwrites a person's edits, and a
 * report of what was imported, skipped and why. One module writer serves every
 * source, so what an importer writes is what a person would write and every
 * later step (validate, test, deploy) is shared. Writes files (only through
 * applyModuleWrites and the CLI); never deploys, no network.
 */
export type * from "./json.ts";
export { isJsonObject, jsonStrings } from "./json.ts";
export {
  DETECTION_ENTRY,
  IMPORT_HASH_MARKER,
  hashModuleText,
  readRecordedHash,
  renderDetectionModule,
  renderImportedModule,
  renderPackModule,
  stampModuleHash,
  toCamel,
  type FieldNotes,
  type ModuleProvenance,
} from "./module-writer.ts";
export { applyModuleWrites, planModuleWrites, type GeneratedFile, type ModuleWrite, type ModuleWriteAction } from "./write-plan.ts";
export { inferExtraFields, inferFieldUses } from "./field-inference.ts";
export * from "./elastic/index.ts";
