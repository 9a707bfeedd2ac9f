/**
 * sync: desired bodies vs live objects -> a Plan (pure data) -> applied through a
 * TargetAdapter with bounded concurrency, retries and safe ordering.
 * Input: DesiredResource[] compiled by targets/, and TargetAdapters from clients/.
 * Output: Plan values, ApplyReports, their renderings, and exported detection modules.
 * The planner and renderers never do I/O; only live.ts, apply.ts, export.ts and
 * clients/ touch the network. Nothing here prints.
 */
export type * from "./target.ts";
export * from "./plan-model.ts";
export { planChanges, type PlanOptions } from "./plan.ts";
export { hashBody, stringifyCanonical } from "./hash.ts";
export { fingerprintLiveState } from "./fingerprint.ts";
export { diffFields } from "./field-diff.ts";
export { readLiveState } from "./live.ts";
export { applyPlan, StalePlanError, type ApplyHooks, type ApplyOptions, type ApplyReport, type ApplyResult } from "./apply.ts";
export { retryWithBackoff, computeBackoffMs, type RetryOptions, type RetryOutcome } from "./retry.ts";
export { parsePlanFile, renderPlanFile, type PlanFile } from "./plan-file.ts";
export { renderPlanHuman, renderSummaryLine, type HumanRenderOptions } from "./render/human.ts";
export { renderPlanJson, renderApplyReportsJson } from "./render/json.ts";
export { renderApplyReportHuman, renderApplyResultLine } from "./render/apply-human.ts";
export { TargetHttpError, isRetryable, isRetryableStatus, isTargetHttpError } from "./clients/http-errors.ts";
export { prepareSyncSession, planSession, type SyncSession, type SyncSessionOptions, type SessionResult, type PlannedTarget } from "./session.ts";
export { buildDesiredResources, applyEnvironmentToDetection, type DesiredCompiler, type DesiredBuild } from "./desired.ts";
export { createTargetAdapters, selectDesiredCompiler } from "./clients/index.ts";
export { exportTarget, type ExportResult, type ExportedModule, type ExportSkip } from "./export.ts";
export { translateUnmanagedMonitor, type MonitorTranslation } from "./export-monitor.ts";
export { translateDslToEql, type DslTranslation } from "./export-dsl.ts";
// Kibana client calls that replay's rule preview reuses (temporary exception lists).
export { createKibanaClient, type KibanaClient, type KibanaClientOptions } from "./clients/kibana-client.ts";
export { deleteExceptionList } from "./clients/kibana-api.ts";
export { upsertExceptionItem, upsertExceptionList } from "./clients/kibana-exceptions-sync.ts";
// Monitor evaluation with core APIs only, for nodes without the Alerting plugin (replay, dac up).
export { evaluateMonitorOnNode, nodeHasAlerting, type EvaluateOptions } from "./clients/opensearch-evaluate.ts";
export type { OpenSearchHttp } from "./clients/opensearch-client.ts";
export { warnInsecureTls } from "./clients/insecure-tls.ts";
export { explainTlsFailure, explainUnauthorized, explainForbidden } from "./clients/access-errors.ts";
export { readLiveFieldTypes } from "./live-fields.ts";
export { createOpenSearchHttp, connectionOf } from "./clients/opensearch-client.ts";
