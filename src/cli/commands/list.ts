import type { Command } from "commander";
import { formatDiagnostics, hasErrors } from "../../diagnostics/index.ts";
import { describeTestCoverage, loadDetections, type Detection } from "../../detection/index.ts";
import { DEFAULT_DETECTIONS_PATH } from "./validate.ts";

interface ListedDetection {
  readonly id: string;
  readonly name: string;
  readonly severity: string;
  readonly riskScore: number;
  readonly mitre: readonly string[];
  readonly tactics: readonly string[];
  readonly dataSources: readonly string[];
  readonly indices: readonly string[];
  readonly exceptions: readonly string[];
  readonly tests: number;
  /** "tested" (a firing and a benign fixture), "fires-only", "benign-only" or "untested". */
  readonly tested: ReturnType<typeof describeTestCoverage>;
  readonly enabled: boolean;
  readonly file: string;
}

function summarize(d: Detection): ListedDetection {
  return {
    id: d.id,
    name: d.name,
    severity: d.severity,
    riskScore: d.riskScore,
    mitre: d.mitre.map((t) => t.id),
    tactics: [...new Set(d.mitre.flatMap((t) => t.tactics.map((tactic) => tactic.name)))],
    dataSources: d.dataSources,
    indices: d.indices,
    exceptions: d.exceptionNames,
    tests: d.tests.length,
    tested: describeTestCoverage(d),
    enabled: d.enabled,
    file: d.source.file,
  };
}

/** A plain aligned table: the widest cell sets each column. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

export function registerListCommand(program: Command): void {
  program
    .command("list")
    .description("List the detections in a pack: id, severity, MITRE techniques, data sources, exceptions, tests and whether they are tested (a firing and a benign fixture).")
    .argument("[paths...]", "detection module files or folders", [DEFAULT_DETECTIONS_PATH])
    .option("--json", "print JSON")
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const pack = await loadDetections(paths);
      if (pack.diagnostics.length > 0) process.stderr.write(formatDiagnostics(pack.diagnostics, pack.sources) + "\n");
      const listed = [...pack.detections].sort((a, b) => a.id.localeCompare(b.id)).map(summarize);
      if (opts.json) {
        process.stdout.write(JSON.stringify(listed, null, 2) + "\n");
      } else {
        const rows = listed.map((d) => [d.id, d.severity, String(d.riskScore), d.mitre.join(","), d.dataSources.join(","), d.exceptions.join(",") || "-", String(d.tests), d.tested]);
        process.stdout.write(renderTable(["ID", "SEVERITY", "RISK", "MITRE", "DATA SOURCES", "EXCEPTIONS", "TESTS", "TESTED"], rows) + `\n${listed.length} detections\n`);
      }
      process.exitCode = hasErrors(pack.diagnostics) ? 1 : 0;
    });
}
