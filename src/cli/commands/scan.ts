import type { Command } from "commander";
import { existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { formatDiagnostics, hasErrors } from "../../diagnostics/index.ts";
import { resolveDetection, type ResolvedDetection } from "../../detection/index.ts";
import type { IndexMapping } from "../../eql/index.ts";
import { MAPPING_OPTION_HELP, MappingFileError, readMappingFile } from "./mapping-file.ts";
import { FixtureParseError, FixtureReadError, ecsReplayMapping, startOfflineRun, streamFixtureEvents, type Alert, type OfflineRun } from "../../replay/index.ts";
import { renderTable } from "./list.ts";
import { scanWithWorkers } from "./scan-parallel.ts";
import { MalformedLines } from "./malformed-lines.ts";
import { addDetectionsOption, selectDetectionPaths } from "./detection-paths.ts";
import { DEFAULT_ENVIRONMENTS_FILE, loadCheckedPack } from "./validate.ts";

interface ScanOptions {
  detections?: string[];
  env: string;
  environments: string;
  json?: boolean;
  mapping?: string;
  workers?: string;
}

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** One JSON object per alert: what `--json` prints, one per line. */
export function toScanRecord(alert: Alert): Record<string, unknown> {
  return {
    detectionId: alert.detectionId,
    severity: alert.severity,
    entity: alert.entity,
    firstTimestamp: alert.firstTimestamp,
    lastTimestamp: alert.lastTimestamp,
    events: alert.events,
  };
}

/**
 * A worker thread costs a second or two to start (it loads dac's sources), a
 * small file scans faster than that on one thread: workers (one per core, at
 * most 4) only from WORKER_THRESHOLD_BYTES up.
 */
const WORKER_THRESHOLD_BYTES = 32 * 1024 * 1024;
function defaultWorkers(fileBytes: number): number {
  return fileBytes < WORKER_THRESHOLD_BYTES ? 1 : Math.min(availableParallelism(), 4);
}

/** Alerts in detection order, then (stably) by first timestamp and severity: the same order however many workers ran. */
function orderAlerts(alertsPerDetection: readonly (readonly Alert[])[]): Alert[] {
  const alerts = alertsPerDetection.flat();
  alerts.sort((a, b) => a.firstTimestamp.localeCompare(b.firstTimestamp) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return alerts;
}

async function scanFile(file: string, runs: readonly OfflineRun[], malformed: MalformedLines): Promise<{ alerts: Alert[]; events: number }> {
  let events = 0;
  const onMalformed = (err: FixtureParseError) => malformed.add(`${err.file}:${err.line}`, err.message.replace(/^.*?: /, ""));
  for await (const event of streamFixtureEvents(file, onMalformed)) {
    events++;
    for (const run of runs) run.push(event);
  }
  return { alerts: orderAlerts(runs.map((run) => run.finish())), events };
}

/** The scan on `workers` threads (1: this thread), alerts identical to the single-threaded scan. */
export async function scanEventsFile(file: string, detections: readonly ResolvedDetection[], workers: number, malformed: MalformedLines, mapping?: IndexMapping): Promise<{ alerts: Alert[]; events: number }> {
  if (workers <= 1 || detections.length <= 1) return scanFile(file, detections.map((d) => startOfflineRun(d, mapping)), malformed);
  const { alertsPerDetection, events, malformedLines } = await scanWithWorkers(file, detections, workers, mapping);
  for (const m of malformedLines) malformed.add(`${file}:${m.line}`, m.reason);
  return { alerts: orderAlerts(alertsPerDetection), events };
}

export function registerScanCommand(program: Command): void {
  addDetectionsOption(program
    .command("scan"))
    .description("Run the whole pack over an NDJSON(.gz) log file, streaming, and print the alerts.")
    .argument("<events>", "events file (.ndjson or .ndjson.gz)")
    .option("--env <name>", "environment whose exception values apply", "test")
    .option("--environments <file>", "environments file", DEFAULT_ENVIRONMENTS_FILE)
    .option("--json", "one JSON line per alert")
    .option("--mapping <file>", `${MAPPING_OPTION_HELP} (default: the ECS types of the replay index template)`)
    .option("--workers <n>", "worker threads, each running a share of the detections over every event (default: 1 below 32 MB, else one per core, at most 4; 1 scans on the main thread)")
    .action(async (eventsFile: string, opts: ScanOptions) => {
      // `dac scan x --json | head` closes stdout early: that is the reader's choice, not an error.
      process.stdout.on("error", (err: NodeJS.ErrnoException) => {
        if (err.code === "EPIPE") process.exit(0);
      });
      if (!existsSync(eventsFile)) {
        process.stderr.write(`dac scan: no such file: ${eventsFile}\n`);
        process.exitCode = 1;
        return;
      }
      const checked = await loadCheckedPack(selectDetectionPaths(undefined, opts.detections), { env: opts.env, environmentsFile: opts.environments });
      const env = checked.environments?.environments[opts.env];
      if (hasErrors(checked.diagnostics) || !env) {
        process.stderr.write(formatDiagnostics(checked.diagnostics, checked.sources) + "\n");
        process.stderr.write("dac scan: fix the problems above first (dac validate shows them all)\n");
        process.exitCode = 1;
        return;
      }
      const workers = opts.workers === undefined ? defaultWorkers(statSync(eventsFile).size) : Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 1) {
        process.stderr.write(`dac scan: --workers must be a positive integer, not "${opts.workers}"\n`);
        process.exitCode = 1;
        return;
      }
      const resolved: ResolvedDetection[] = checked.pack.detections.flatMap((d) => {
        const r = resolveDetection(d, env.exceptionValues, checked.pack.exceptions, opts.env);
        return r.ok ? [r.value] : [];
      });
      let result;
      const malformed = new MalformedLines("scan");
      try {
        const mapping = opts.mapping !== undefined ? readMappingFile(opts.mapping) : ecsReplayMapping();
        result = await scanEventsFile(eventsFile, resolved, workers, malformed, mapping);
      } catch (err) {
        if (!(err instanceof FixtureParseError) && !(err instanceof FixtureReadError) && !(err instanceof MappingFileError)) throw err;
        process.stderr.write(`dac scan: ${err.message}\n`);
        process.exitCode = 1;
        return;
      }
      if (opts.json) {
        for (const alert of result.alerts) process.stdout.write(JSON.stringify(toScanRecord(alert)) + "\n");
      } else {
        const rows = result.alerts.map((a) => [a.firstTimestamp, a.severity, a.detectionId, a.entity ?? "-", String(a.events.length), a.events.map((e) => e.id).join(" ")]);
        if (rows.length > 0) process.stdout.write(renderTable(["FIRST SEEN", "SEVERITY", "DETECTION", "ENTITY", "EVENTS", "EVENT IDS"], rows) + "\n");
        process.stdout.write(`${result.alerts.length} alerts from ${resolved.length} detections over ${result.events} events\n`);
      }
      const skipped = malformed.describe();
      if (skipped !== undefined) process.stderr.write(skipped + "\n");
      process.exitCode = skipped === undefined ? 0 : 1;
    });
}
