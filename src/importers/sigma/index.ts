/**
 * importers/sigma: Sigma rules, correlations and filters -> detection module
 * source text. Input: Sigma YAML files and processing pipelines (built-in
 * YAML data or user files). Output: an ImportPlan (module texts, refusals
 * with reasons and locations, located diagnostics) and, on request, the files
 * written. Follows pySigma's split: rule model (parse-rule.ts), processing
 * pipeline (pipeline-*.ts), EQL emitter (emit-eql.ts). Never deploys, no network.
 */
export type * from "./rule-model.ts";
export { parseSigmaFile } from "./parse-rule.ts";
export { parseCondition, selectDetections, type ConditionNode } from "./condition.ts";
export { applyModifiers, SIGMA_MODIFIERS, base64Offsets } from "./modifiers.ts";
export { translateRegex } from "./regex-to-lucene.ts";
export { loadPipeline, parsePipeline, listBuiltinPipelines, DEFAULT_PIPELINE } from "./pipeline-load.ts";
export type { Pipeline } from "./pipeline-schema.ts";
export { selectRulePipeline, type FieldProvenance } from "./pipeline-apply.ts";
export { convertCondition, checkQueryForTargets } from "./convert-rule.ts";
export { toMaxspan } from "./correlation.ts";
export { planSigmaImport, planImportWrites, collectSigmaFiles, type ImportPlan, type ImportedModule, type Refused, type ImportOptions } from "./import-sigma.ts";
