import type { Command } from "commander";
import { writeFileSync } from "node:fs";
import { formatDiagnostics, hasErrors } from "../../diagnostics/index.ts";
import type { ExceptionValues } from "../../detection/index.ts";
import { renderReportJson, renderReportJunit, runOfflineTests, summarizeReport, type TestReport } from "../../replay/index.ts";
import { DEFAULT_DETECTIONS_PATH, DEFAULT_ENVIRONMENTS_FILE, loadCheckedPack } from "./validate.ts";

interface TestOptions {
  offline?: boolean;
  report?: string;
  json?: boolean;
  env?: string;
  environments: string;
}

/** Per-detection pass/fail lines, with the reason for each failure. */
export function renderReportHuman(report: TestReport): string {
  const lines: string[] = [];
  const byDetection = new Map<string, TestReport["results"][number][]>();
  for (const r of report.results) byDetection.set(r.detectionId, [...(byDetection.get(r.detectionId) ?? []), r]);
  for (const [id, results] of byDetection) {
    const failed = results.filter((r) => !r.passed);
    lines.push(`${failed.length === 0 ? "PASS" : "FAIL"} ${id} (${results.length - failed.length}/${results.length})`);
    for (const r of failed) lines.push(`  ✗ ${r.test}: ${r.reason ?? "failed"}\n    fixture: ${r.fixture ?? "?"}\n    module: ${r.file}`);
  }
  const s = summarizeReport(report);
  lines.push(`${s.passed}/${s.total} tests passed${s.failed > 0 ? `, ${s.failed} failed` : ""}`);
  return lines.join("\n") + "\n";
}

export function registerTestCommand(program: Command): void {
  program
    .command("test")
    .description("Replay each detection's fixtures and check the alerts it raises (count and entity).")
    .argument("[paths...]", "detection module files or folders", [DEFAULT_DETECTIONS_PATH])
    .option("--offline", "run on the in-memory EQL engine (no cluster)")
    .option("--report <file>", "write a JUnit XML report")
    .option("--json", "print the report as JSON")
    .option("--env <name>", "environment whose exception values apply to tests that name none", "test")
    .option("--environments <file>", "environments file", DEFAULT_ENVIRONMENTS_FILE)
    .action(async (paths: string[], opts: TestOptions) => {
      if (!opts.offline) {
        process.stderr.write("dac test: replay on a cluster is not available yet; run `dac test --offline` to use the in-memory engine\n");
        process.exitCode = 1;
        return;
      }
      const checked = await loadCheckedPack(paths, { env: opts.env ?? "test", environmentsFile: opts.environments });
      if (hasErrors(checked.diagnostics) || !checked.environments) {
        process.stderr.write(formatDiagnostics(checked.diagnostics, checked.sources) + "\n");
        if (!checked.environments) process.stderr.write(`dac test: ${opts.environments} is needed for the exception values\n`);
        process.stderr.write("dac test: fix the problems above first (dac validate shows them all)\n");
        process.exitCode = 1;
        return;
      }
      const environments: Record<string, ExceptionValues> = Object.fromEntries(Object.entries(checked.environments.environments).map(([name, env]) => [name, env.exceptionValues]));
      const report = runOfflineTests(checked.pack.detections, checked.pack.exceptions, { environments, defaultEnvironment: opts.env ?? "test" });
      if (opts.report) writeFileSync(opts.report, renderReportJunit(report));
      process.stdout.write(opts.json ? renderReportJson(report) + "\n" : renderReportHuman(report));
      process.exitCode = summarizeReport(report).failed > 0 ? 1 : 0;
    });
}
