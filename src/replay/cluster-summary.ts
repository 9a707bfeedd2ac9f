/**
 * The human summary of a replay: one row per detection (tests, passed,
 * failed, time), then each failure with its reason, then the totals and,
 * for cluster runs, the ingest rate and event-to-alert latency.
 */
import { summarizeReport, type TestReport, type TestResult } from "./report.ts";
import type { ReplayStats } from "./cluster-replay.ts";

/** Left-aligned columns separated by two spaces; numbers right-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[0-9.,]+s?$/.test(r[i] ?? "")));
  const line = (cells: readonly string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function renderReplaySummary(report: TestReport & { readonly stats?: ReplayStats }): string {
  const byDetection = new Map<string, TestResult[]>();
  for (const r of report.results) byDetection.set(r.detectionId, [...(byDetection.get(r.detectionId) ?? []), r]);
  const rows = [...byDetection].map(([id, results]) => {
    const failed = results.filter((r) => !r.passed).length;
    const ms = results.reduce((t, r) => t + (r.durationMs ?? 0), 0);
    return [failed === 0 ? "PASS" : "FAIL", id, String(results.length), String(results.length - failed), String(failed), `${(ms / 1000).toFixed(1)}s`];
  });
  const out = [renderTable(["", "detection", "tests", "passed", "failed", "time"], rows)];
  const failures = report.results.filter((r) => !r.passed);
  if (failures.length > 0) {
    out.push("", "Failures:");
    for (const r of failures) out.push(`  ✗ ${r.detectionId} › ${r.test}: ${r.reason ?? "failed"}`, `    module: ${r.file}${r.fixture ? `\n    fixture: ${r.fixture}` : ""}`);
  }
  const s = summarizeReport(report);
  out.push("", `${s.passed}/${s.total} tests passed${s.failed > 0 ? `, ${s.failed} failed` : ""}${report.target ? ` on ${report.target}` : ""}`);
  if (report.stats) {
    const st = report.stats;
    out.push(`${st.events} events replayed at ${st.eventsPerSecond} events/s; event-to-alert ${st.eventToAlertMs.median} ms median, ${st.eventToAlertMs.max} ms max; deploy ${(st.deployMs / 1000).toFixed(1)}s, replay ${(st.replayMs / 1000).toFixed(1)}s`);
  }
  return `${out.join("\n")}\n`;
}
