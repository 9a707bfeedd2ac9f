import { summarizeReport, type TestReport } from "./report.ts";

/** Versioned so consumers (CI annotations, the replay engineer's cluster runs) can check the shape. */
export const TEST_REPORT_FORMAT_VERSION = "1";

export function renderReportJson(report: TestReport): string {
  return JSON.stringify({ formatVersion: TEST_REPORT_FORMAT_VERSION, ...report, summary: summarizeReport(report) }, null, 2);
}
