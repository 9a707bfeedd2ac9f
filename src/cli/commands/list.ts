import type { Command } from "commander";
import { formatDiagnostics, hasErrors } from "../../diagnostics/index.ts";
import { describeTestCoverage, loadDetections, type Detection } from "../../detection/index.ts";
import { addDetectionsOption, selectDetectionPaths } from "./detection-paths.ts";
import { parseEql, type Expr, type Query } from "../../eql/index.ts";

interface ListedDetection {
  readonly id: string;
  readonly name: string;
  readonly severity: string;
  readonly riskScore: number;
  readonly mitre: readonly string[];
  readonly tactics: readonly string[];
  readonly dataSources: readonly string[];
  /** The Windows event ids (`event.code`) and event categories the query selects on. */
  readonly reads: { readonly eventCodes: readonly string[]; readonly categories: readonly string[] };
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
    reads: eventsRead(d.query),
    indices: d.indices,
    exceptions: d.exceptionNames,
    tests: d.tests.length,
    tested: describeTestCoverage(d),
    enabled: d.enabled,
    file: d.source.file,
  };
}

/**
 * What a query reads, from its AST: every `event.code` it asks for with `==` or `in` (outside a
 * `not`), and the event categories it selects: `category where` filters, `event.category == …`,
 * and patterns on registry.* / file.* fields. Channels follow from the codes
 * (4xxx/5xxx Security, 7xxx System, 1-29 Sysmon), which is what `dac list` prints beside them.
 */
export function eventsRead(query: string): ListedDetection["reads"] {
  const parsed = parseEql(query);
  const codes = new Set<string>();
  const categories = new Set<string>();
  const visitExpr = (e: Expr, negated: boolean): void => {
    switch (e.kind) {
      case "not":
        return visitExpr(e.operand, !negated);
      case "logical":
        visitExpr(e.left, negated);
        return visitExpr(e.right, negated);
      case "compare":
        if (!negated && e.op === "==" && e.left.kind === "field" && e.right.kind === "literal") {
          if (e.left.name === "event.code") codes.add(String(e.right.value));
          if (e.left.name === "event.category") categories.add(String(e.right.value));
        }
        return;
      case "in":
        if (!negated && !e.negated && e.value.kind === "field" && e.value.name === "event.code") for (const item of e.list) if (item.kind === "literal") codes.add(String(item.value));
        return;
      case "match":
        // `any where` branches that match registry or file fields read those event kinds (Sysmon 13/11, Defend).
        if (!negated && e.value.kind === "field") {
          if (e.value.name.startsWith("registry.")) categories.add("registry");
          if (e.value.name.startsWith("file.")) categories.add("file");
        }
        return;
      default:
        return;
    }
  };
  const visitQuery = (q: Query): void => {
    const filters = q.kind === "event" ? [q.filter] : q.kind === "sequence" ? [...q.stages.map((st) => st.filter), ...(q.until ? [q.until.filter] : [])] : q.stages.map((st) => st.filter);
    for (const f of filters) {
      if (f.category !== null) categories.add(f.category);
      visitExpr(f.condition, false);
    }
  };
  if (parsed.ok) visitQuery(parsed.value);
  return { eventCodes: [...codes].sort((a, b) => Number(a) - Number(b)), categories: [...categories].sort() };
}

/** `System 7000/7045, Security 4697, Sysmon 13; process`: the event ids by channel, then the categories. */
function renderReads(reads: ListedDetection["reads"]): string {
  const channel = (code: string) => (/^[45]\d{3}$/.test(code) ? "Security" : /^7\d{3}$/.test(code) ? "System" : Number(code) < 30 ? "Sysmon" : "event");
  const byChannel = new Map<string, string[]>();
  for (const code of reads.eventCodes) byChannel.set(channel(code), [...(byChannel.get(channel(code)) ?? []), code]);
  const codes = [...byChannel].map(([name, list]) => `${name} ${list.join("/")}`).join(", ");
  return [codes, reads.categories.join("/")].filter((x) => x !== "").join("; ") || "-";
}

/** A plain aligned table: the widest cell sets each column. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

export function registerListCommand(program: Command): void {
  addDetectionsOption(program
    .command("list"))
    .description("List the detections in a pack: id, severity, MITRE techniques, data sources and the event ids and categories each reads, exceptions, tests and whether they are tested (a firing and a benign fixture).")
    .argument("[paths...]", "detection module files or folders (same as --detections)")
    .option("--json", "print JSON")
    .action(async (positional: string[], opts: { json?: boolean; detections?: string[] }) => {
      const pack = await loadDetections(selectDetectionPaths(positional, opts.detections));
      if (pack.diagnostics.length > 0) process.stderr.write(formatDiagnostics(pack.diagnostics, pack.sources) + "\n");
      const listed = [...pack.detections].sort((a, b) => a.id.localeCompare(b.id)).map(summarize);
      if (opts.json) {
        process.stdout.write(JSON.stringify(listed, null, 2) + "\n");
      } else {
        const rows = listed.map((d) => [d.id, d.severity, String(d.riskScore), d.mitre.join(","), d.dataSources.join(","), renderReads(d.reads), d.exceptions.join(",") || "-", String(d.tests), d.tested]);
        process.stdout.write(renderTable(["ID", "SEVERITY", "RISK", "MITRE", "DATA SOURCES", "READS", "EXCEPTIONS", "TESTS", "TESTED"], rows) + `\n${listed.length} detections\n`);
      }
      process.exitCode = hasErrors(pack.diagnostics) ? 1 : 0;
    });
}
