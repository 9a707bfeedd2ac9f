/**
 * JUnit XML for CI: one <testsuite> per detection, one <testcase> per test;
 * a failing test carries its reason in <failure message=…>.
 */
import type { TestReport, TestResult } from "./report.ts";

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c);
}

function renderCase(r: TestResult): string {
  const time = ((r.durationMs ?? 0) / 1000).toFixed(3);
  const open = `    <testcase classname="${escapeXml(r.detectionId)}" name="${escapeXml(r.test)}" file="${escapeXml(r.file)}" time="${time}"`;
  if (r.passed) return `${open}/>`;
  const detail = `expected ${r.expectedAlerts} alerts${r.expectedEntity ? ` on ${r.expectedEntity}` : ""}, got ${r.actualAlerts}${r.entities.length ? ` on ${r.entities.join(", ")}` : ""}${r.fixture ? `\nfixture: ${r.fixture}` : ""}`;
  return `${open}>\n      <failure message="${escapeXml(r.reason ?? "failed")}" type="AlertMismatch">${escapeXml(detail)}</failure>\n    </testcase>`;
}

export function renderReportJunit(report: TestReport, suiteName = "dac"): string {
  const byDetection = new Map<string, TestResult[]>();
  for (const r of report.results) byDetection.set(r.detectionId, [...(byDetection.get(r.detectionId) ?? []), r]);
  const failures = report.results.filter((r) => !r.passed).length;
  const suites = [...byDetection].map(([id, results]) => {
    const failed = results.filter((r) => !r.passed).length;
    const time = (results.reduce((t, r) => t + (r.durationMs ?? 0), 0) / 1000).toFixed(3);
    return `  <testsuite name="${escapeXml(id)}" tests="${results.length}" failures="${failed}" errors="0" skipped="0" time="${time}">\n${results.map(renderCase).join("\n")}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(suiteName)}${report.target ? ` (${escapeXml(report.target)})` : ""}" tests="${report.results.length}" failures="${failures}">\n${suites.join("\n")}\n</testsuites>\n`;
}
