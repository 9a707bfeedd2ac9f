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
export * from "./report.ts";
export * from "./report-json.ts";
export * from "./report-junit.ts";
