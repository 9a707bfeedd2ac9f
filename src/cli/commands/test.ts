import type { Command } from "commander";
import { writeFileSync } from "node:fs";
import { formatDiagnostics, hasErrors } from "../../diagnostics/index.ts";
import type { ResolvedEnvironment } from "../../config/index.ts";
import { locateInPack, type Detection, type ExceptionValues, type LoadedPack } from "../../detection/index.ts";
import {
  createStepRunner,
  deriveLocalEnvironment,
  describeNodeLoss,
  listChangedFiles,
  loadPackAtCommit,
  resolveMergeBase,
  selectExactlyChangedDetections,
  renderFailureAnnotations,
  renderReplaySummary,
  renderReportJson,
  renderReportJunit,
  resolveNamedEnvironment,
  runClusterReplay,
  runKibanaReplay,
  runOfflineTests,
  selectChangedDetections,
  selectProgressMode,
  shouldAnnotate,
  startLocalReplayCluster,
  summarizeReport,
  type ClusterReplayReport,
  type TestReport,
} from "../../replay/index.ts";
import { addDetectionsOption, selectDetectionPaths } from "./detection-paths.ts";
import { DEFAULT_ENVIRONMENTS_FILE, loadCheckedPack } from "./validate.ts";
import { MAPPING_OPTION_HELP, MappingFileError, readMappingFile } from "./mapping-file.ts";

interface TestOptions {
  offline?: boolean;
  report?: string;
  json?: boolean;
  env?: string;
  environments: string;
  changedSince?: string;
  annotations?: boolean;
  keep?: boolean;
  concurrency: string;
  detections?: string[];
  mapping?: string;
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
  addDetectionsOption(program
    .command("test"))
    .description("Replay each detection's fixtures and check the alerts it raises (count and entity).")
    .argument("[paths...]", "detection module files or folders (same as --detections); a module file runs with its pack's exceptions")
    .option("--offline", "run on the in-memory EQL engine (no cluster)")
    .option("--report <file>", "write a JUnit XML report")
    .option("--json", "print the report as JSON")
    .option("--env <name>", "with --offline: environment whose exception values apply to tests that name none (default test); otherwise: the cluster to replay on (default: the local cluster, started if needed)")
    .option("--environments <file>", "environments file", DEFAULT_ENVIRONMENTS_FILE)
    .option("--changed-since <ref>", "only detections whose module, fixtures, exceptions or exception values changed since the merge base with <ref> (e.g. origin/main)")
    .option("--annotations", "print GitHub Actions ::error annotations for failures (automatic when GITHUB_ACTIONS=true)")
    .option("--mapping <file>", `with --offline: ${MAPPING_OPTION_HELP} (default: the mapping replay gives each fixture's index)`)
    .option("--keep", "leave replay indices and monitors on the cluster (to inspect a failure)")
    .option("--concurrency <n>", "fixtures replayed at once on the cluster", "2")
    .action(async (positional: string[], opts: TestOptions) => {
      const paths = selectDetectionPaths(positional, opts.detections);
      if (!opts.offline) {
        process.exitCode = await runClusterTests(paths, opts);
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
      const detections = await selectDetections(checked.pack, environments, paths, opts);
      if (!detections) return void (process.exitCode = 1);
      let mapping;
      try {
        mapping = opts.mapping !== undefined ? readMappingFile(opts.mapping) : undefined;
      } catch (err) {
        if (!(err instanceof MappingFileError)) throw err;
        process.stderr.write(`dac test: ${err.message}
`);
        return void (process.exitCode = 1);
      }
      const report = runOfflineTests(detections, checked.pack.exceptions, { environments, defaultEnvironment: opts.env ?? "test", ...(mapping ? { mapping } : {}) });
      writeAnnotations(report, checked.pack, opts);
      if (opts.report) writeFileSync(opts.report, renderReportJunit(report));
      process.stdout.write(opts.json ? renderReportJson(report) + "\n" : renderReportHuman(report));
      process.exitCode = summarizeReport(report).failed > 0 ? 1 : 0;
    });
}

// ------------------------------------------------------------ cluster replay

/**
 * `--changed-since`: the detections the change touches (all without it);
 * undefined after an error. The pack as it was at the merge base decides
 * (changed-exact.ts); when it cannot be loaded there, the file-based rule of
 * changed.ts (a helper or environments.yaml change selects broadly) stands in.
 */
async function selectDetections(pack: LoadedPack, environments: Record<string, ExceptionValues>, paths: readonly string[], opts: TestOptions): Promise<readonly Detection[] | undefined> {
  const detections = pack.detections;
  const ref = opts.changedSince;
  if (ref === undefined) return detections;
  let selected: Detection[];
  try {
    const files = listChangedFiles(ref);
    const { root, base } = resolveMergeBase(ref);
    try {
      const before = await loadPackAtCommit(root, base, paths, opts.environments);
      selected = selectExactlyChangedDetections({ root, detections, exceptions: pack.exceptions, environments }, before, files);
    } catch (err) {
      process.stderr.write(`dac test: the pack at ${base.slice(0, 12)} does not load (${err instanceof Error ? err.message : String(err)}); selecting by changed files\n`);
      selected = selectChangedDetections(detections, files);
    }
  } catch (err) {
    process.stderr.write(`dac test: ${err instanceof Error ? err.message : String(err)}\n`);
    return undefined;
  }
  process.stderr.write(`dac test: ${selected.length} of ${detections.length} detections changed since ${ref}\n`);
  return selected;
}

/** GitHub annotations for failures, each on the failing test's line in its module. */
function writeAnnotations(report: TestReport, pack: LoadedPack, opts: TestOptions): void {
  if (!shouldAnnotate(process.env, opts.annotations === true)) return;
  const byKey = new Map(pack.detections.flatMap((d) => d.tests.map((t, i) => [`${d.id}\u0000${t.name}`, { d, i }] as const)));
  const lines = renderFailureAnnotations(report, (r) => {
    const found = byKey.get(`${r.detectionId}\u0000${r.test}`);
    if (!found) return undefined;
    const at = locateInPack(pack, found.d, ["tests", found.i]);
    return "range" in at ? { file: at.range.file ?? found.d.source.file, line: at.range.start.line, column: at.range.start.column } : { file: at.file };
  });
  if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`);
}

/**
 * Replays every test on a real cluster: the local one (started or reused)
 * without --env, the environment's OpenSearch cluster with it. Exception
 * values are each test's `environment`, else the pack's test values.
 */
async function runClusterTests(paths: string[], opts: TestOptions): Promise<number> {
  const concurrency = Number(opts.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    process.stderr.write(`dac test: --concurrency must be a positive integer, not "${opts.concurrency}"\n`);
    return 1;
  }
  const checked = await loadCheckedPack(paths, { env: "test", environmentsFile: opts.environments });
  if (hasErrors(checked.diagnostics) || !checked.environments) {
    process.stderr.write(formatDiagnostics(checked.diagnostics, checked.sources) + "\n");
    if (!checked.environments) process.stderr.write(`dac test: ${opts.environments} is needed for the exception values\n`);
    process.stderr.write("dac test: fix the problems above first (dac validate shows them all)\n");
    return 1;
  }
  const envs = checked.environments;
  const environments: Record<string, ExceptionValues> = Object.fromEntries(Object.entries(envs.environments).map(([name, env]) => [name, env.exceptionValues]));
  const detections = await selectDetections(checked.pack, environments, paths, opts);
  if (!detections) return 1;
  if (detections.length === 0) {
    process.stdout.write(opts.json ? renderReportJson({ target: "none", results: [] }) + "\n" : "no detection changed: nothing to replay\n");
    return 0;
  }
  const step = createStepRunner();
  const live = selectProgressMode(process.stderr, process.env) === "live";
  let target: ResolvedEnvironment;
  let ownsCluster = false;
  if (opts.env === undefined) {
    try {
      // Only the local cluster needs cluster.ts (and testcontainers behind it): not loaded for --env.
      const { describeDockerHost, describeLocalNodeImage } = await import("./cluster.ts");
      const dockerHost = describeDockerHost(process.env);
      if (dockerHost !== undefined) process.stderr.write(`${dockerHost}\n`);
      const cluster = await startLocalReplayCluster(step, live);
      const imageNotice = describeLocalNodeImage(cluster);
      if (imageNotice !== undefined) process.stderr.write(`${imageNotice}\n`);
      target = deriveLocalEnvironment(envs, cluster.url);
      ownsCluster = true;
    } catch (err) {
      process.stderr.write(`dac test: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
  } else {
    const named = resolveNamedEnvironment(envs, opts.env);
    if (!named.ok) {
      process.stderr.write(`${named.message}\n`);
      return 1;
    }
    target = named.env;
  }
  let report: ClusterReplayReport;
  try {
    const options = { target, detections, exceptions: checked.pack.exceptions, environments, concurrency, keep: opts.keep === true, ownsCluster };
    report = target.engine === "opensearch" ? await runClusterReplay(options, step) : await runKibanaReplay(options, step);
  } catch (err) {
    process.stderr.write(`dac test: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  writeAnnotations(report, checked.pack, opts);
  if (opts.report) writeFileSync(opts.report, renderReportJunit(report));
  process.stdout.write(opts.json ? renderReportJson(report) + "\n" : renderReplaySummary(report));
  if ("nodeLoss" in report && report.nodeLoss) {
    process.stderr.write(describeNodeLoss(report.nodeLoss));
    return 1;
  }
  return summarizeReport(report).failed > 0 ? 1 : 0;
}
