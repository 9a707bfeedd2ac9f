/**
 * Replay benchmark: `dac test` on a real OpenSearch node.
 *
 *   npm run bench -- replay [--url http://localhost:9200] [--copies 10] [--generated 1000]
 *
 *  - cold: node start (a fresh throwaway node through the cluster module,
 *    the same provisioning `dac test` uses) plus a full `dac test` CLI run
 *    over the PsExec pack; warm: the same `dac test` again, node running;
 *  - ingest: the replay load path (fixtures laid out in shared indices,
 *    rebased, marked, created, bulk-loaded, refreshed once) over `copies`
 *    copies of the pack's fixtures, against a raw `_bulk` of the very same
 *    documents in the same run: one request, `refresh=true`, into an index
 *    created beforehand (not timed) with the same mappings; and, for
 *    reference, the old baseline's dynamically mapped index;
 *  - generated: `--generated` detections (the pack's, cloned under new ids),
 *    each with 2 tests on fixtures of its own (copies of its synthetic
 *    fixtures), replayed in one runClusterReplay call (in-process: loading
 *    1,000 TypeScript modules is not what is measured): events/s,
 *    detections/s end to end, and the ingest ratio to raw `_bulk`.
 * With --url (or $DAC_BENCH_OPENSEARCH_URL) it uses that node and "cold" is
 * not measured.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parse, stringify } from "yaml";
import { startCluster, type StartedOpenSearchNode } from "../src/cluster/index.ts";
import { loadEnvironments } from "../src/config/index.ts";
import { loadDetections, type Detection } from "../src/detection/index.ts";
import {
  connectReplayClient,
  deleteReplayIndices,
  deriveLocalEnvironment,
  installReplayTemplate,
  loadReplayFixtures,
  planReplayLayout,
  readFixtureEvents,
  rebaseEvents,
  renderTable,
  runClusterReplay,
} from "../src/replay/index.ts";
import { measureCommand } from "./lib/measure.ts";

const root = new URL("..", import.meta.url).pathname;

function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function listFixtures(): string[] {
  const dir = join(root, "detections/psexec/fixtures");
  return [...readdirSync(dir).filter((f) => f.endsWith(".ndjson")).map((f) => join(dir, f)), ...readdirSync(join(dir, "real")).filter((f) => f.endsWith(".ndjson")).map((f) => join(dir, "real", f))];
}

interface CliRun {
  readonly seconds: number;
  readonly passed: number;
  readonly total: number;
  readonly stats: { events: number; ingestMs: number; eventsPerSecond: number; replayMs: number };
}

async function runDacTest(envFile: string): Promise<CliRun> {
  const m = await measureCommand(join(root, "node_modules/.bin/node"), [join(root, "bin/dac.js"), "test", "--env", "bench", "--environments", envFile, "--json"], root);
  const report = JSON.parse(m.stdout) as { summary: { passed: number; total: number }; stats: CliRun["stats"] };
  return { seconds: m.seconds, passed: report.summary.passed, total: report.summary.total, stats: report.stats };
}

interface IngestComparison {
  readonly events: number;
  readonly replayEps: number;
  readonly rawEps: number;
  readonly dynamicEps: number;
}

/** The replay load path vs one raw `_bulk` of the same documents (see the file comment). */
async function compareIngest(url: string, files: readonly string[], runId: string): Promise<IngestComparison> {
  const client = connectReplayClient({ url });
  try {
    await installReplayTemplate(client);
    const now = Date.now();
    // Files are read and parsed up front for both sides (dac test reads each fixture once too).
    const parsed = new Map(files.map((f) => [f, readFixtureEvents(f)] as const));
    const read = (f: string) => parsed.get(f) ?? readFixtureEvents(f);
    const layout = planReplayLayout(files.map((file) => ({ file, timestampField: "@timestamp" })), read, runId);
    // The same documents (rebased, as replay indexes them), serialised up front, each into a copy of
    // its shared index created beforehand with the same mappings: what a raw `_bulk` costs.
    const rawIndex = (index: string, kind: string) => `bench-raw-${kind}-${index}`;
    const bodyFor = (kind: string) => {
      const lines: string[] = [];
      for (const slot of layout.slots.values()) {
        const action = JSON.stringify({ index: { _index: rawIndex(slot.index, kind) } });
        for (const doc of rebaseEvents(read(slot.file).map((e) => e.source), { now }).events) lines.push(action, JSON.stringify(doc));
      }
      return `${lines.join("\n")}\n`;
    };
    const raw = async (kind: "mapped" | "dynamic"): Promise<number> => {
      await deleteReplayIndices(client, `bench-raw-${kind}-*`);
      if (kind === "mapped") {
        for (const [index, mappings] of layout.indices) {
          await client.indices.create({ index: rawIndex(index, kind), body: { settings: { number_of_shards: 1, number_of_replicas: 0, "mapping.total_fields.limit": 10_000 }, mappings } as never });
        }
      }
      const body = bodyFor(kind);
      const t = performance.now();
      const response = await fetch(`${url}/_bulk?refresh=true`, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body });
      const json = (await response.json()) as { items: unknown[] };
      const ms = performance.now() - t;
      if (!response.ok) throw new Error(`raw _bulk answered ${response.status}`);
      await deleteReplayIndices(client, `bench-raw-${kind}-*`);
      return Math.round((json.items.length / ms) * 1000);
    };
    // Raw before and after replay's load (a warmer node favours the later one): the better of the two is the baseline.
    const rawBefore = await raw("mapped");
    const started = performance.now();
    const fresh = planReplayLayout(files.map((file) => ({ file, timestampField: "@timestamp" })), read, runId);
    const load = await loadReplayFixtures(client, fresh, read, { now });
    const replayMs = performance.now() - started;
    if (load.events !== [...load.fixtures.values()].reduce((n, f) => n + f.indexed, 0)) throw new Error("replay load rejected events");
    await deleteReplayIndices(client, `dac-replay-fixtures-*-${runId}`);
    const rawEps = Math.max(rawBefore, await raw("mapped"));
    const dynamicEps = await raw("dynamic");
    return { events: load.events, replayEps: Math.round((load.events / replayMs) * 1000), rawEps, dynamicEps };
  } finally {
    await client.close();
  }
}

/** `count` copies of the pack's fixtures, each under its own path (distinct fixtures for replay). */
function copyFixtures(dir: string, count: number): string[] {
  const out: string[] = [];
  for (let c = 0; c < count; c++) {
    mkdirSync(join(dir, `copy-${c}`), { recursive: true });
    for (const f of listFixtures()) {
      const to = join(dir, `copy-${c}`, `${c}-${basename(f)}`);
      copyFileSync(f, to);
      out.push(to);
    }
  }
  return out;
}

/** `count` detections cloned from the pack, each with a firing and a silent test on fixture copies of its own. */
function generateDetections(pack: readonly Detection[], dir: string, count: number): Detection[] {
  mkdirSync(join(dir, "generated"), { recursive: true });
  const out: Detection[] = [];
  for (let i = 0; i < count; i++) {
    const base = pack[i % pack.length] as Detection;
    const synthetic = base.tests.filter((t) => !t.fixture.includes("/real/") && t.environment === undefined);
    const firing = synthetic.find((t) => t.expectAlerts > 0);
    const silent = synthetic.find((t) => t.expectAlerts === 0);
    if (!firing || !silent) throw new Error(`${base.id} has no synthetic firing and silent test`);
    const tests = [firing, silent].map((t, j) => {
      const fixture = join(dir, "generated", `${i}-${j}-${basename(t.fixture)}`);
      copyFileSync(t.fixture, fixture);
      return { ...t, fixture };
    });
    out.push({ ...base, id: `${base.id}-gen${i}`, tests });
  }
  return out;
}

export async function runBench(args: readonly string[]): Promise<void> {
  const given = argValue(args, "--url") ?? process.env["DAC_BENCH_OPENSEARCH_URL"];
  const copies = Number(argValue(args, "--copies") ?? "10");
  const generated = Number(argValue(args, "--generated") ?? "1000");
  let node: StartedOpenSearchNode | undefined;
  let nodeStartSeconds: number | undefined;
  const dir = mkdtempSync(join(tmpdir(), "dac-bench-replay-"));
  try {
    let url = given;
    if (!url) {
      const started = performance.now();
      node = await startCluster({ engine: "opensearch" });
      nodeStartSeconds = (performance.now() - started) / 1000;
      url = node.url;
    }
    const envs = parse(readFileSync(join(root, "environments.yaml"), "utf8")) as { environments: Record<string, Record<string, unknown>> };
    envs.environments["bench"] = { ...envs.environments["local"], url };
    const envFile = join(dir, "environments.yaml");
    writeFileSync(envFile, stringify(envs));

    const first = await runDacTest(envFile);
    const warm = await runDacTest(envFile);
    const ingest = await compareIngest(url, copyFixtures(dir, copies), "benchcopies");

    const pack = await loadDetections([join(root, "detections/psexec")]);
    const loadedEnvs = loadEnvironments(envFile);
    if (!loadedEnvs.ok) throw new Error("the bench environments file does not load");
    const detections = generateDetections(pack.detections, dir, generated);
    const genIngest = await compareIngest(url, detections.flatMap((d) => d.tests.map((t) => t.fixture)), "benchgenraw");
    const genStarted = performance.now();
    const report = await runClusterReplay({
      target: deriveLocalEnvironment(loadedEnvs.value, url),
      detections,
      exceptions: pack.exceptions,
      environments: Object.fromEntries(Object.entries(loadedEnvs.value.environments).map(([k, v]) => [k, v.exceptionValues])),
      concurrency: 4,
      ownsCluster: true,
      runId: "benchgen",
    });
    const genSeconds = (performance.now() - genStarted) / 1000;
    const genPassed = report.results.filter((r) => r.passed).length;

    const rows: string[][] = [];
    if (nodeStartSeconds !== undefined) rows.push(["cold dac test (node start + replay)", `${(nodeStartSeconds + first.seconds).toFixed(1)}s`, `node start ${nodeStartSeconds.toFixed(1)}s + dac test ${first.seconds.toFixed(1)}s; ${first.passed}/${first.total} passed`]);
    else rows.push(["first dac test (node already running)", `${first.seconds.toFixed(1)}s`, `${first.passed}/${first.total} passed`]);
    rows.push(["warm dac test (node running)", `${warm.seconds.toFixed(1)}s`, `${warm.passed}/${warm.total} passed, ${warm.stats.events} events loaded in ${warm.stats.ingestMs} ms, cases ${warm.stats.replayMs} ms`]);
    rows.push(["replay ingest (layout + create + _bulk + refresh)", `${ingest.replayEps} ev/s`, `${ingest.events} events (${copies} copies of the pack's fixtures)`]);
    rows.push(["raw _bulk, same documents, pre-mapped index", `${ingest.rawEps} ev/s`, "one request, refresh=true, index created beforehand (not timed)"]);
    rows.push(["replay / raw _bulk", `${(ingest.replayEps / ingest.rawEps).toFixed(2)}x`, `goal >= 0.80x; vs a dynamically mapped raw _bulk (${ingest.dynamicEps} ev/s): ${(ingest.replayEps / ingest.dynamicEps).toFixed(2)}x`]);
    rows.push([`${generated} generated detections x 2 fixtures`, `${genSeconds.toFixed(1)}s`, `${genPassed}/${report.results.length} passed, ${report.stats.events} events`]);
    rows.push(["  events/s (end to end)", `${Math.round(report.stats.events / genSeconds)} ev/s`, `load alone: ${report.stats.eventsPerSecond} ev/s`]);
    rows.push(["  detections/s (end to end)", `${(generated / genSeconds).toFixed(1)} det/s`, "open, load, 2,000 cases evaluated (concurrency 4), close"]);
    rows.push(["  replay ingest / raw _bulk", `${(genIngest.replayEps / genIngest.rawEps).toFixed(2)}x`, `${genIngest.replayEps} vs ${genIngest.rawEps} ev/s on the same ${genIngest.events} documents`]);
    process.stdout.write(`\nReplay benchmark on ${url}\n\n${renderTable(["measure", "value", "notes"], rows)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await node?.stop();
  }
}
