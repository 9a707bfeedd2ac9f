/**
 * Replay benchmark: `dac test` on a real OpenSearch node.
 *
 *   npm run bench -- replay [--url http://localhost:9200] [--copies 10] [--generated 1000]
 *
 *  - cold: node start (a fresh throwaway node through the cluster module,
 *    the same provisioning `dac test` uses, template settings included:
 *    tuneOwnedCluster) plus a full `dac test` CLI run
 *    over the PsExec pack; warm: the same `dac test` again, node running
 *    (the median of three runs);
 *  - ingest: the replay load path, timed from parsed events to searchable
 *    documents (fixtures laid out in shared indices, indices created,
 *    events rebased, marked, serialised, bulk-loaded, refreshed once) over
 *    `copies` copies of the pack's fixtures, against a raw `_bulk` of the very
 *    same documents in the same run: the same bytes as replay's documents,
 *    one request, `refresh=true`, into indices created beforehand (not timed)
 *    with the same settings and mappings; both must leave every document
 *    searchable; three rounds alternate the two sides and their medians
 *    are compared;
 *  - generated: `--generated` detections (the pack's, cloned under new ids),
 *    each with 2 tests on fixtures of its own (copies of its synthetic
 *    fixtures), replayed in one runClusterReplay call (in-process: loading
 *    1,000 TypeScript modules is not what is measured): events/s,
 *    detections/s end to end, and the ingest ratio to raw `_bulk`.
 * With --url (or $DAC_BENCH_OPENSEARCH_URL) it uses that node and "cold" is
 * not measured; $DAC_BENCH_NODE_NAME names the node it starts otherwise.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
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
  REPLAY_MARKER_FIELD,
  runClusterReplay,
  SETTLE_MS,
  tuneOwnedCluster,
  withoutMetadata,
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
  readonly stats: { events: number; ingestMs: number; eventsPerSecond: number; replayMs: number; windows: number };
  /** 1-minute load average before/after. */
  readonly load: string;
}

async function runDacTest(envFile: string): Promise<CliRun> {
  const before = loadAverage();
  const m = await measureCommand(join(root, "node_modules/.bin/node"), [join(root, "bin/dac.js"), "test", "--env", "bench", "--environments", envFile, "--json"], root);
  const report = JSON.parse(m.stdout) as { summary: { passed: number; total: number }; stats: CliRun["stats"] };
  return { seconds: m.seconds, passed: report.summary.passed, total: report.summary.total, stats: report.stats, load: `${before}/${loadAverage()}` };
}

interface IngestComparison {
  readonly events: number;
  readonly replayEps: number;
  readonly rawEps: number;
  /** Every round's rate, in run order (the medians are replayEps and rawEps). */
  readonly rounds: { readonly replay: readonly number[]; readonly raw: readonly number[] };
  /** 1-minute load average when each side was measured. */
  readonly load: string;
}

const loadAverage = () => loadavg()[0]!.toFixed(1);

/** Raw and replay loads per ingest comparison, alternating; the medians are compared. */
const INGEST_ROUNDS = 3;

/** Warm `dac test` runs after the first; their median is reported. */
const WARM_RUNS = 3;

/** Documents searchable in `indices` (after the refresh each side ends with). */
async function countDocuments(client: ReturnType<typeof connectReplayClient>, indices: readonly string[]): Promise<number> {
  const response = await client.count({ index: indices.join(",") });
  return (response.body as { count: number }).count;
}

/**
 * The replay load path vs one raw `_bulk` of the same documents (see the file
 * comment): the raw body is the replay's own documents (rebased, marked), into
 * indices named under the replay template (same settings and dynamic policy)
 * and created beforehand, untimed, with the same mappings; both sides must
 * leave every event searchable.
 */
async function compareIngest(url: string, files: readonly string[], runId: string): Promise<IngestComparison> {
  const client = connectReplayClient({ url });
  try {
    await installReplayTemplate(client);
    const now = Date.now();
    // Files are read and parsed up front for both sides (dac test reads each fixture once too).
    const parsed = new Map(files.map((f) => [f, readFixtureEvents(f)] as const));
    const read = (f: string) => parsed.get(f) ?? readFixtureEvents(f);
    const fixtures = files.map((file) => ({ file, timestampField: "@timestamp" }));
    const layout = planReplayLayout(fixtures, read, runId);
    const rawIndex = (index: string) => `${index}raw`;
    const lines: string[] = [];
    for (const slot of layout.slots.values()) {
      // The same explicit ids replay writes (marker:fixture id), so both sides pay the id lookup.
      const fixture = read(slot.file);
      const rebased = rebaseEvents(fixture.map((e) => withoutMetadata(e.source)), { now: now - SETTLE_MS, timestampField: slot.timestampField });
      rebased.events.forEach((doc, i) => {
        lines.push(JSON.stringify({ index: { _index: rawIndex(slot.index), _id: `${slot.marker}:${fixture[i]?.id}` } }), JSON.stringify({ [REPLAY_MARKER_FIELD]: slot.marker, ...doc }));
      });
    }
    const body = `${lines.join("\n")}\n`;
    const expected = lines.length / 2;
    const raw = async (): Promise<number> => {
      await deleteReplayIndices(client, `dac-replay-fixtures-*-${runId}raw`);
      for (const [index, mappings] of layout.indices) {
        const properties = { ...(mappings as { properties: Record<string, unknown> }).properties, [REPLAY_MARKER_FIELD]: { type: "keyword" } };
        await client.indices.create({ index: rawIndex(index), body: { mappings: { ...mappings, properties } } as never });
      }
      const t = performance.now();
      const response = await fetch(`${url}/_bulk?refresh=true&filter_path=errors`, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body });
      const json = (await response.json()) as { errors?: boolean };
      const ms = performance.now() - t;
      if (!response.ok || json.errors !== false) throw new Error(`raw _bulk answered ${response.status}, errors ${String(json.errors)}`);
      const visible = await countDocuments(client, [...layout.indices.keys()].map(rawIndex));
      if (visible !== expected) throw new Error(`raw _bulk: ${visible} of ${expected} documents searchable`);
      await deleteReplayIndices(client, `dac-replay-fixtures-*-${runId}raw`);
      return Math.round((expected / ms) * 1000);
    };
    // Rounds alternate raw and replay (a node warming up favours whichever runs later); each side's median is compared.
    const loads = [loadAverage()];
    const rawRates: number[] = [];
    const replayRates: number[] = [];
    let events = 0;
    for (let round = 0; round < INGEST_ROUNDS; round++) {
      rawRates.push(await raw());
      const roundId = `${runId}r${round}`;
      const started = performance.now();
      const fresh = planReplayLayout(fixtures, read, roundId);
      const load = await loadReplayFixtures(client, fresh, read, { now });
      const replayMs = performance.now() - started;
      loads.push(loadAverage());
      if (load.events !== expected || load.events !== [...load.fixtures.values()].reduce((n, f) => n + f.indexed, 0)) throw new Error("replay load rejected events");
      const visible = await countDocuments(client, [...fresh.indices.keys()]);
      if (visible !== expected) throw new Error(`replay load: ${visible} of ${expected} documents searchable`);
      await deleteReplayIndices(client, `dac-replay-fixtures-*-${roundId}`);
      replayRates.push(Math.round((load.events / replayMs) * 1000));
      events = load.events;
    }
    const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const rawEps = median(rawRates);
    return { events, replayEps: median(replayRates), rawEps, rounds: { replay: replayRates, raw: rawRates }, load: loads.join("/") };
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
      const name = process.env["DAC_BENCH_NODE_NAME"];
      node = await startCluster({ engine: "opensearch", ...(name ? { name } : {}) });
      url = node.url;
      // What `dac test` does to the local node it starts (ownsCluster); the runs below name the node with --env.
      const client = connectReplayClient({ url });
      await tuneOwnedCluster(client).finally(() => client.close());
      nodeStartSeconds = (performance.now() - started) / 1000;
    }
    const envs = parse(readFileSync(join(root, "environments.yaml"), "utf8")) as { environments: Record<string, Record<string, unknown>> };
    envs.environments["bench"] = { ...envs.environments["local"], url };
    const envFile = join(dir, "environments.yaml");
    writeFileSync(envFile, stringify(envs));

    const first = await runDacTest(envFile);
    // Warm: the median of three runs on the running node (the first of them still finds a JVM warming up).
    const warmRuns: CliRun[] = [];
    for (let i = 0; i < WARM_RUNS; i++) warmRuns.push(await runDacTest(envFile));
    const warm = [...warmRuns].sort((a, b) => a.seconds - b.seconds)[Math.floor(WARM_RUNS / 2)] as CliRun;
    const ingest = await compareIngest(url, copyFixtures(dir, copies), "benchcopies");

    const pack = await loadDetections([join(root, "detections/psexec")]);
    const loadedEnvs = loadEnvironments(envFile);
    if (!loadedEnvs.ok) throw new Error("the bench environments file does not load");
    const detections = generateDetections(pack.detections, dir, generated);
    const genIngest = await compareIngest(url, detections.flatMap((d) => d.tests.map((t) => t.fixture)), "benchgenraw");
    const genLoadBefore = loadAverage();
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
    const genLoad = `${genLoadBefore}/${loadAverage()}`;
    const genPassed = report.results.filter((r) => r.passed).length;

    const rows: string[][] = [];
    if (nodeStartSeconds !== undefined) rows.push(["cold dac test (node start + replay)", `${(nodeStartSeconds + first.seconds).toFixed(1)}s`, first.load, `goal < 60s; node start ${nodeStartSeconds.toFixed(1)}s + dac test ${first.seconds.toFixed(1)}s; ${first.passed}/${first.total} passed`]);
    else rows.push(["first dac test (node already running)", `${first.seconds.toFixed(1)}s`, first.load, `${first.passed}/${first.total} passed`]);
    rows.push(["warm dac test (node running)", `${warm.seconds.toFixed(1)}s`, warm.load, `goal < 10s; median of ${WARM_RUNS} runs (${warmRuns.map((r) => r.seconds.toFixed(1)).join(", ")} s); ${warm.passed}/${warm.total} passed, ${warm.stats.events} events loaded in ${warm.stats.ingestMs} ms, cases ${warm.stats.replayMs} ms (${warm.stats.windows} monitor windows)`]);
    rows.push(["replay ingest (layout + create + _bulk + refresh)", `${ingest.replayEps} ev/s`, ingest.load, `${ingest.events} events (${copies} copies of the pack's fixtures); median of ${INGEST_ROUNDS} rounds: ${ingest.rounds.replay.join(", ")}`]);
    rows.push(["raw _bulk, same documents, pre-created indices", `${ingest.rawEps} ev/s`, "", `one request, refresh=true, indices created beforehand (not timed); median of ${INGEST_ROUNDS} rounds, alternating with replay's: ${ingest.rounds.raw.join(", ")}`]);
    rows.push(["replay / raw _bulk", `${(ingest.replayEps / ingest.rawEps).toFixed(2)}x`, "", "goal >= 0.80x"]);
    rows.push([`${generated} generated detections x 2 fixtures`, `${genSeconds.toFixed(1)}s`, genLoad, `${genPassed}/${report.results.length} passed, ${report.stats.events} events, ${report.stats.windows} monitor windows`]);
    rows.push(["  events/s (end to end)", `${Math.round(report.stats.events / genSeconds)} ev/s`, "", `load alone: ${report.stats.eventsPerSecond} ev/s`]);
    rows.push(["  detections/s (end to end)", `${(generated / genSeconds).toFixed(1)} det/s`, "", "open, load, 2,000 cases evaluated (concurrency 4), close"]);
    rows.push(["  replay ingest / raw _bulk", `${(genIngest.replayEps / genIngest.rawEps).toFixed(2)}x`, genIngest.load, `${genIngest.replayEps} vs ${genIngest.rawEps} ev/s on the same ${genIngest.events} documents (medians of ${INGEST_ROUNDS} alternating rounds)`]);
    process.stdout.write(`\nReplay benchmark on ${url}\n\n${renderTable(["measure", "value", "load 1m", "notes"], rows)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await node?.stop();
  }
}
