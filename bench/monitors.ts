/**
 * Monitor cost benchmark: every compiled monitor of the PsExec pack, run
 * through the monitor-evaluation path (sync/clients/opensearch-evaluate.ts:
 * the monitor's own search and trigger on the node) one schedule window at a
 * time over an index of synthetic ECS Windows events
 * (bench/lib/generate-windows-events.ts: Security, System and Sysmon over
 * 5,000 hosts, 0.1% PsExec-relevant, 100k events per 5 minutes).
 *
 *   npm run bench -- monitors [--events 10000000] [--url http://localhost:9200] [--windows 20]
 *
 * Each monitor is compiled as `dac deploy` compiles it, with its schedule set
 * to a 5-minute interval and lookback (the query is otherwise the deployed
 * one; only the range differs), pointed at the bench index. Prints per
 * detection p50/p95 over `--windows` windows spread over the index, the
 * node's heap after, and for sequence monitors the cost at 1x, 10x and 100x
 * the window (candidate events counted), which must grow about linearly.
 * Loading streams the events in `_bulk` requests of ~5 MB, two in flight,
 * refresh disabled until the end. Without --url a throwaway node is started.
 */
import { startCluster, type StartedOpenSearchNode } from "../src/cluster/index.ts";
import { loadEnvironments, type ResolvedEnvironment } from "../src/config/index.ts";
import { loadDetections, resolveDetection, type Detection } from "../src/detection/index.ts";
import { asExecutableTarget, connectReplayClient, deriveReplayMappings, evaluateMonitorBody, renderTable } from "../src/replay/index.ts";
import { createTargetAdapters, selectDesiredCompiler, type JsonObject } from "../src/sync/index.ts";
import { generateWindowsEvents } from "./lib/generate-windows-events.ts";

const root = new URL("..", import.meta.url).pathname;
const INDEX = "dac-bench-windows";
const START = Date.UTC(2026, 2, 2, 9, 0, 0);
const WINDOW_MS = 5 * 60_000;
const EVENTS_PER_WINDOW = 100_000;

function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Streams `count` events into INDEX; returns the time span covered (epoch millis of the last event). */
async function loadEvents(url: string, count: number): Promise<{ last: number; seconds: number }> {
  const client = connectReplayClient({ url });
  await client.indices.delete({ index: INDEX, ignore_unavailable: true } as never);
  await client.indices.create({
    index: INDEX,
    body: { settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: "-1", "mapping.total_fields.limit": 10_000 }, mappings: deriveReplayMappings() } as never,
  });
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let lines: string[] = [];
  let bytes = 0;
  let n = 0;
  let last = START;
  const send = (body: string) => {
    const p = fetch(`${url}/${INDEX}/_bulk?filter_path=errors`, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body })
      .then(async (r) => {
        const json = (await r.json()) as { errors?: boolean };
        if (!r.ok || json.errors) throw new Error(`bulk failed (${r.status})`);
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  };
  for (const event of generateWindowsEvents({ start: START, meanGapMs: WINDOW_MS / EVENTS_PER_WINDOW })) {
    if (n++ >= count) break;
    last = Date.parse(event["@timestamp"] as string);
    const doc = JSON.stringify(event);
    lines.push('{"index":{}}', doc);
    bytes += doc.length + 14;
    if (bytes >= 5_000_000) {
      if (inFlight.size >= 2) await Promise.race(inFlight);
      void send(`${lines.join("\n")}\n`);
      lines = [];
      bytes = 0;
      if (n % 1_000_000 < 10_000) process.stderr.write(`bench monitors: ${n} events loaded\n`);
    }
  }
  if (lines.length > 0) void send(`${lines.join("\n")}\n`);
  await Promise.all(inFlight);
  await client.indices.putSettings({ index: INDEX, body: { refresh_interval: "1s" } } as never);
  await client.indices.refresh({ index: INDEX });
  await client.indices.forcemerge({ index: INDEX, max_num_segments: 8 } as never).catch(() => undefined);
  await client.close();
  return { last, seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** The detection compiled as deploy compiles it for `env`, with a `minutes`-long schedule, reading INDEX. */
function compileFor(env: ResolvedEnvironment, detection: Detection, minutes: number, values: Record<string, unknown>, exceptions: Parameters<typeof resolveDetection>[2]): JsonObject {
  const resolved = resolveDetection(detection, values as never, exceptions, "test");
  if (!resolved.ok) throw new Error(`${detection.id} does not resolve`);
  const body = selectDesiredCompiler(env).compile({ ...resolved.value, indices: [INDEX], schedule: { interval: `${minutes}m`, lookback: `${minutes}m` } }).body;
  return body;
}

export async function runBench(args: readonly string[]): Promise<void> {
  const count = Number(argValue(args, "--events") ?? "10000000");
  const windows = Number(argValue(args, "--windows") ?? "20");
  let url = argValue(args, "--url") ?? process.env["DAC_BENCH_OPENSEARCH_URL"];
  let node: StartedOpenSearchNode | undefined;
  try {
    if (!url) {
      node = await startCluster({ engine: "opensearch" });
      url = node.url;
    }
    const loaded = argValue(args, "--reuse-index") !== undefined ? { last: START + (count / EVENTS_PER_WINDOW) * WINDOW_MS, seconds: 0 } : await loadEvents(url, count);
    const env: ResolvedEnvironment = { name: "bench", engine: "opensearch", url, auth: { kind: "none" }, spaces: [], tls: { insecure: false }, indices: {}, ruleDefaults: {}, exceptionValues: {}, project: "dac-bench" };
    const target = asExecutableTarget(createTargetAdapters(env)[0]!);
    if (!target) throw new Error("the OpenSearch adapter cannot evaluate monitors");
    const pack = await loadDetections([`${root}detections/psexec`]);
    const envs = loadEnvironments(`${root}environments.yaml`);
    if (!envs.ok) throw new Error("environments.yaml does not load");
    const values = envs.value.environments["test"]?.exceptionValues ?? {};
    const spanWindows = Math.max(1, Math.floor((loaded.last - START) / WINDOW_MS));
    const ends = Array.from({ length: Math.min(windows, spanWindows) }, (_, i) => START + WINDOW_MS * (1 + Math.floor((i * spanWindows) / Math.min(windows, spanWindows))));
    const rows: string[][] = [];
    const scaling: string[][] = [];
    for (const detection of pack.detections) {
      const body = compileFor(env, detection, 5, values, pack.exceptions);
      const times: number[] = [];
      let alerts = 0;
      for (const end of ends) {
        const t = performance.now();
        const run = await evaluateMonitorBody(target, body, end);
        times.push(performance.now() - t);
        if (run.error) throw new Error(`${detection.id}: ${run.error}`);
        alerts += run.alerts.reduce((n, a) => n + a.count, 0);
      }
      times.sort((a, b) => a - b);
      const isSequence = /^\s*sequence\b/.test(detection.query);
      rows.push([detection.id, isSequence ? "sequence" : "event", `${Math.round(percentile(times, 50))} ms`, `${Math.round(percentile(times, 95))} ms`, String(alerts), percentile(times, 95) < 2000 ? "ok" : "OVER 2 s"]);
      if (isSequence) {
        for (const factor of [1, 10, 100]) {
          const minutes = 5 * factor;
          if (minutes * 60_000 > loaded.last - START + WINDOW_MS) continue;
          const scaled = compileFor(env, detection, minutes, values, pack.exceptions);
          const end = START + minutes * 60_000;
          const query = (scaled as { inputs: { search: { query: { query: unknown } } }[] }).inputs[0]!.search.query.query;
          const candidates = await countCandidates(url, query, end);
          const t = performance.now();
          const run = await evaluateMonitorBody(target, scaled, end);
          const ms = performance.now() - t;
          if (run.error) throw new Error(`${detection.id} at ${factor}x: ${run.error}`);
          scaling.push([detection.id, `${factor}x (${minutes} min)`, String(candidates), `${Math.round(ms)} ms`, candidates > 0 ? `${((ms * 1000) / candidates).toFixed(1)} us/candidate` : "-"]);
        }
      }
    }
    const heap = await readHeap(url);
    process.stdout.write(
      `\nMonitor cost on ${url}: ${count} events indexed in ${loaded.seconds.toFixed(0)}s, ${ends.length} windows of 5 min (~${EVENTS_PER_WINDOW} events each)\n\n` +
        `${renderTable(["detection", "kind", "p50", "p95", "alerts", "goal < 2 s"], rows)}\n\n` +
        `Sequence monitors vs window size (candidate events = events matching any stage):\n\n${renderTable(["detection", "window", "candidates", "time", "per candidate"], scaling)}\n\n` +
        `Node heap after: ${heap}\n`,
    );
  } finally {
    await node?.stop();
  }
}

async function countCandidates(url: string, query: unknown, end: number): Promise<number> {
  const rendered = JSON.parse(JSON.stringify(query).replaceAll("{{period_end}}", String(end)));
  const r = await fetch(`${url}/${INDEX}/_count`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: rendered }) });
  return ((await r.json()) as { count: number }).count;
}

async function readHeap(url: string): Promise<string> {
  const r = await fetch(`${url}/_nodes/stats/jvm`);
  const nodes = ((await r.json()) as { nodes: Record<string, { jvm: { mem: { heap_used_in_bytes: number; heap_max_in_bytes: number; heap_used_percent: number } } }> }).nodes;
  return Object.values(nodes)
    .map((n) => `${Math.round(n.jvm.mem.heap_used_in_bytes / 2 ** 20)} MB used of ${Math.round(n.jvm.mem.heap_max_in_bytes / 2 ** 20)} MB (${n.jvm.mem.heap_used_percent}%)`)
    .join("; ");
}
