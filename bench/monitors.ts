/**
 * Monitor cost benchmark: every compiled monitor of the PsExec pack, run
 * through the monitor-evaluation path (sync/clients/opensearch-evaluate.ts:
 * the monitor's own search and trigger on the node, composite pages followed
 * as Alerting follows them) one schedule window at a time over an index of
 * synthetic ECS Windows events (bench/lib/generate-windows-events.ts:
 * Security, System and Sysmon over 5,000 hosts, 0.1% PsExec-relevant, 100k
 * events per 5 minutes).
 *
 *   npm run bench -- monitors [--events 10000000] [--windows 20] [--url http://localhost:9250]
 *                             [--volume dac-bench-monitors-data] [--heap 1g]
 *
 * Each monitor is compiled as `dac deploy` compiles it, with its schedule set
 * to a 5-minute interval and no lookback (so each run's window is exactly
 * 5 minutes, ~100k events; the query is otherwise the deployed one), pointed
 * at the bench index. Prints per detection p50/p95 over `--windows` windows
 * spread over the index, the node's heap and fielddata after, the machine's
 * load average (the machine may be shared: read times against it, and
 * against the baseline measured in the same run, a `_count` of the same
 * windows), and for
 * sequence monitors the cost at 1x, 10x and 100x the window with the
 * candidate events (events matching any stage) counted, which must grow
 * about linearly.
 * The `_id` fielddata that sequence and sample monitors read is built once
 * before timing and its build time printed (the node keeps it per segment),
 * and each monitor runs once on the first window before its timed windows
 * ("first run" column: script compilation and cold index structures).
 * The index is built once: when it already holds exactly `--events`
 * documents it is reused. Without --url the node is a throwaway one whose
 * data lives in the Docker volume `--volume` (bench/lib/bench-node.ts), with
 * a `--heap` JVM heap (default 1g: the machine is shared). Loading streams
 * the events in `_bulk` requests of ~5 MB, two in flight, refresh off and
 * async translog until the end.
 */
import { loadavg } from "node:os";
import type { StartedOpenSearchNode } from "../src/cluster/index.ts";
import { loadEnvironments, type ResolvedEnvironment } from "../src/config/index.ts";
import { loadDetections, resolveDetection, type Detection } from "../src/detection/index.ts";
import { asExecutableTarget, connectReplayClient, deriveReplayMappings, evaluateMonitorBody, renderTable } from "../src/replay/index.ts";
import { createTargetAdapters, selectDesiredCompiler, type JsonObject } from "../src/sync/index.ts";
import { startBenchNode } from "./lib/bench-node.ts";
import { generateWindowsEvents } from "./lib/generate-windows-events.ts";

const root = new URL("..", import.meta.url).pathname;
const INDEX = "dac-bench-windows";
const START = Date.UTC(2026, 2, 2, 9, 0, 0);
const WINDOW_MS = 5 * 60_000;
const EVENTS_PER_WINDOW = 100_000;
/** The Docker volume that already holds the 10M-event index (loading it again takes most of an hour). */
const BENCH_VOLUME = "dac-bench-monitors-data";

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
    body: { settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: "-1", "translog.durability": "async", "mapping.total_fields.limit": 10_000 }, mappings: deriveReplayMappings() } as never,
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

/** The detection compiled as deploy compiles it for `env`, with a `minutes`-long schedule and window, reading INDEX. */
function compileFor(env: ResolvedEnvironment, detection: Detection, minutes: number, values: Record<string, unknown>, exceptions: Parameters<typeof resolveDetection>[2]): JsonObject {
  const resolved = resolveDetection(detection, values as never, exceptions, "test");
  if (!resolved.ok) throw new Error(`${detection.id} does not resolve`);
  return selectDesiredCompiler(env).compile({ ...resolved.value, indices: [INDEX], schedule: { interval: `${minutes}m`, lookback: "0m" } }).body;
}

/** INDEX as it stands when it holds exactly `count` documents (refreshed), else undefined. */
async function reusableIndex(url: string, count: number): Promise<{ last: number; seconds: number } | undefined> {
  const exists = await fetch(`${url}/${INDEX}`, { method: "HEAD" });
  if (exists.status !== 200) return undefined;
  // A load cut short leaves refresh off: make what it wrote visible before counting it.
  await fetch(`${url}/${INDEX}/_settings`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ index: { refresh_interval: "1s" } }) });
  await fetch(`${url}/${INDEX}/_refresh`, { method: "POST" });
  const r = await fetch(`${url}/${INDEX}/_search`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ size: 0, track_total_hits: true, aggs: { last: { max: { field: "@timestamp" } } } }),
  });
  const body = (await r.json()) as { hits: { total: { value: number } }; aggregations: { last: { value: number } } };
  if (body.hits.total.value !== count) {
    process.stderr.write(`bench monitors: ${INDEX} holds ${body.hits.total.value} events, not ${count}: rebuilding it\n`);
    return undefined;
  }
  process.stderr.write(`bench monitors: reusing ${INDEX} (${count} events)\n`);
  return { last: body.aggregations.last.value, seconds: 0 };
}

export async function runBench(args: readonly string[]): Promise<void> {
  const count = Number(argValue(args, "--events") ?? "10000000");
  const windows = Number(argValue(args, "--windows") ?? "20");
  let url = argValue(args, "--url") ?? process.env["DAC_BENCH_OPENSEARCH_URL"];
  let node: StartedOpenSearchNode | undefined;
  try {
    if (!url) {
      const heap = argValue(args, "--heap") ?? "1g";
      node = await startBenchNode(argValue(args, "--volume") ?? BENCH_VOLUME, `-Xms${heap} -Xmx${heap}`);
      url = node.url;
    }
    const loaded = (await reusableIndex(url, count)) ?? (await loadEvents(url, count));
    const env: ResolvedEnvironment = { name: "bench", engine: "opensearch", url, auth: { kind: "none" }, spaces: [], tls: { insecure: false }, indices: {}, ruleDefaults: {}, exceptionValues: {}, project: "dac-bench" };
    const target = asExecutableTarget(createTargetAdapters(env)[0]!);
    if (!target) throw new Error("the OpenSearch adapter cannot evaluate monitors");
    const pack = await loadDetections([`${root}detections/psexec`]);
    const envs = loadEnvironments(`${root}environments.yaml`);
    if (!envs.ok) throw new Error("environments.yaml does not load");
    const values = envs.value.environments["test"]?.exceptionValues ?? {};
    const spanWindows = Math.max(1, Math.floor((loaded.last - START) / WINDOW_MS));
    const picked = Math.min(windows, spanWindows);
    const ends = Array.from({ length: picked }, (_, i) => START + WINDOW_MS * (1 + Math.floor((i * spanWindows) / picked)));
    const rows: string[][] = [];
    const scaling: string[][] = [];
    const loadBefore = loadavg()[0]!;
    // Baseline on equal work, in the same run: the cheapest search over the same windows (a `_count` of the window).
    const baseline = await timeWindowCounts(url, ends);
    // Sequence and sample monitors read `_id` (ties order by it) from fielddata, which the node
    // builds once per segment on first use and then keeps. Built here, timed apart: otherwise the
    // first sequence monitor's windows pay for every segment of the 10M events (8 s p95 measured).
    const fielddataMs = await buildIdFielddata(url);
    for (const detection of pack.detections) {
      const body = compileFor(env, detection, 5, values, pack.exceptions);
      // One run before the timed windows: a fresh node compiles the monitor's Painless and
      // Mustache once and reads its fields' index structures from disk (measured: 10.7 s, then
      // 0.46 s for the same window). Printed apart as "first run"; p50/p95 are the steady state.
      const firstStarted = performance.now();
      const first = await evaluateMonitorBody(target, body, ends[0]!);
      const firstMs = performance.now() - firstStarted;
      if (first.error) throw new Error(`${detection.id}: ${first.error}`);
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
      rows.push([detection.id, isSequence ? "sequence" : "event", `${Math.round(percentile(times, 50))} ms`, `${Math.round(percentile(times, 95))} ms`, `${(percentile(times, 50) / baseline).toFixed(1)}x`, String(alerts), percentile(times, 95) < 2000 ? "ok" : "OVER 2 s", `${Math.round(firstMs)} ms`]);
      if (isSequence) {
        for (const factor of [1, 10, 100]) {
          const minutes = 5 * factor;
          // The last event falls just short of the span's end: one window of slack keeps the 100x point at 10M events.
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
      `\nMonitor cost on ${url}: ${count} events (${loaded.seconds > 0 ? `indexed in ${loaded.seconds.toFixed(0)} s` : "index reused"}), ${ends.length} windows of 5 min (~${EVENTS_PER_WINDOW} events each); ` +
        `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after, on ${availableParallelismText()}\n\n` +
        `Baseline: a \`_count\` of the window, p50 ${Math.round(baseline)} ms (the "vs count" column divides each p50 by it)\n` +
        `\`_id\` fielddata (sequence and sample monitors order ties by \`_id\`) built once before timing: ${(fielddataMs / 1000).toFixed(1)} s for the whole index\n\n` +
        `${renderTable(["detection", "kind", "p50", "p95", "vs count", "alerts", "goal < 2 s", "first run"], rows)}\n\n` +
        `Sequence monitors vs window size (candidate events = events matching any stage):\n\n${renderTable(["detection", "window", "candidates", "time", "per candidate"], scaling)}\n\n` +
        `Node after: ${heap}\n`,
    );
  } finally {
    await node?.stop();
  }
}

function availableParallelismText(): string {
  return `${navigator.hardwareConcurrency} cores`;
}

async function timeWindowCounts(url: string, ends: readonly number[]): Promise<number> {
  const times: number[] = [];
  for (const end of ends) {
    const t = performance.now();
    await countCandidates(url, { range: { "@timestamp": { gte: end - WINDOW_MS, lte: end, format: "epoch_millis" } } }, end);
    times.push(performance.now() - t);
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

/** Loads `_id` fielddata for every segment of INDEX (a sort on `_id` reads it as the monitors' map scripts do); returns the time taken. */
async function buildIdFielddata(url: string): Promise<number> {
  const t = performance.now();
  const r = await fetch(`${url}/${INDEX}/_search?request_cache=false`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ size: 1, sort: [{ _id: "asc" }], track_total_hits: false }) });
  if (!r.ok) throw new Error(`loading _id fielddata failed (${r.status}): ${await r.text()}`);
  return performance.now() - t;
}

async function countCandidates(url: string, query: unknown, end: number): Promise<number> {
  const rendered = JSON.parse(JSON.stringify(query).replaceAll("{{period_end}}", String(end)));
  const r = await fetch(`${url}/${INDEX}/_count`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: rendered }) });
  return ((await r.json()) as { count: number }).count;
}

async function readHeap(url: string): Promise<string> {
  const r = await fetch(`${url}/_nodes/stats/jvm,indices?filter_path=nodes.*.jvm.mem,nodes.*.indices.fielddata`);
  type Stats = { jvm: { mem: { heap_used_in_bytes: number; heap_max_in_bytes: number; heap_used_percent: number } }; indices: { fielddata: { memory_size_in_bytes: number } } };
  const nodes = ((await r.json()) as { nodes: Record<string, Stats> }).nodes;
  const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;
  return Object.values(nodes)
    .map((n) => `heap ${mb(n.jvm.mem.heap_used_in_bytes)} used of ${mb(n.jvm.mem.heap_max_in_bytes)} (${n.jvm.mem.heap_used_percent}%), fielddata ${mb(n.indices.fielddata.memory_size_in_bytes)}`)
    .join("; ");
}
