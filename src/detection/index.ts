/**
 * detection: typed detection modules -> validated Detection values.
 * Input: TypeScript modules that call defineDetection / defineException /
 * definePack. Output: Detection[] (the contract in model.ts), pack exceptions,
 * located Diagnostics, and ResolvedDetection once an environment's exception
 * values are applied. No network; the only I/O is reading and importing modules
 * and checking that fixtures exist. It never parses EQL itself (eql/ is a later
 * stage): the query check is injected by the caller.
 */
export type * from "./model.ts";
export * from "./define.ts";
export * from "./fields.ts";
export * from "./mitre.ts";
export {
  ATTACK_SOURCE,
  ATTACK_VERSION,
  MITRE_RETIRED_TECHNIQUES,
  MITRE_TACTIC_ENTRIES,
  MITRE_TACTICS,
  MITRE_TECHNIQUES,
  type MitreTacticId,
  type MitreTechniqueId,
} from "./mitre-catalogue.ts";
export { ECS_VERSION, ECS_FIELD_TYPES, type EcsFieldName } from "./ecs-fields.generated.ts";
export * from "./schema.ts";
export { parseDurationMillis, parseDurationSeconds } from "./duration.ts";
export * from "./index-patterns.ts";
export * from "./exceptions.ts";
export * from "./exception-match.ts";
export * from "./pack.ts";
export { loadDetections } from "./loader.ts";
export * from "./validators.ts";
export * from "./metadata-validators.ts";
export { mapQueryRange, type QuerySourceMap } from "./source-locate.ts";
export { locateQueryRange } from "./query-location.ts";
