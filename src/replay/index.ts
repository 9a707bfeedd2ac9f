/**
 * replay: recorded events -> alerts -> a test report. Offline, resolved
 * detections run on the in-memory EQL engine (exceptions applied first, as
 * the detection engine does); the report type and its JUnit / JSON renderers
 * are target-agnostic so cluster replays reuse them. No network in the
 * offline files; reads fixture files only.
 */
export * from "./alert.ts";
export * from "./fixtures.ts";
export * from "./offline.ts";
export * from "./offline-tests.ts";
export * from "./offline-mapping.ts";
export * from "./report.ts";
export * from "./report-json.ts";
export * from "./report-junit.ts";
// Replay on a real cluster (OpenSearch monitors, Kibana rule preview) and its CLI helpers.
export * from "./rebase.ts";
export * from "./ecs-template.ts";
export * from "./ingest.ts";
export * from "./replay-scope.ts";
export * from "./replay-layout.ts";
export * from "./replay-load.ts";
export * from "./cluster-cases.ts";
export * from "./cluster-monitors.ts";
export * from "./cluster-run.ts";
export * from "./cluster-replay.ts";
export * from "./cluster-kibana.ts";
export * from "./cluster-target.ts";
export * from "./cluster-summary.ts";
export * from "./progress.ts";
export * from "./annotations.ts";
export * from "./changed.ts";
export * from "./changed-exact.ts";
export * from "./scenario.ts";
export * from "./cluster-scenario.ts";
export * from "./cluster-evaluate.ts";
export * from "./node-loss.ts";
export * from "./candidate-windows.ts";
