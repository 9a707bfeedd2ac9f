/**
 * Replay benchmark: `dac test` over the whole pack on a real OpenSearch node.
 *
 *   npm run bench -- replay [--url http://localhost:9200] [--copies 10]
 *
 *  - cold: node start (a fresh throwaway node through the cluster module,
 *    the same provisioning `dac test` uses) plus a full `dac test` CLI run;
 *  - warm: the same `dac test` again with the node running;
 *  - ingest: the replay path (rebase, index created with the derived ECS
 *    mappings, `_bulk` with refresh) in events per second, beside one raw
 *    `_bulk` of the very same documents into a dynamically mapped index, in
 *    the same run, and their ratio;
 *  - event-to-alert latency: per replay case, ingest start -> `_execute`
 *    answered with the alert (median and max over the pack).
 * With --url (or $DAC_BENCH_OPENSEARCH_URL) it uses that node and "cold" is
 * not measured.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { startCluster, type StartedOpenSearchNode } from "../src/cluster/index.ts";
import { connectReplayClient, createReplayIndex, deleteReplayIndices, ingestEvents, readFixtureEvents, rebaseEvents, renderTable } from "../src/replay/index.ts";
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
  readonly stats: { events: number; eventsPerSecond: number; eventToAlertMs: { median: number; max: number } };
}

async function runDacTest(envFile: string): Promise<CliRun> {
  const m = await measureCommand(join(root, "node_modules/.bin/node"), [join(root, "bin/dac.js"), "test", "--env", "bench", "--environments", envFile, "--json"], root);
  const report = JSON.parse(m.stdout) as { summary: { passed: number; total: number }; stats: CliRun["stats"] };
  return { seconds: m.seconds, passed: report.summary.passed, total: report.summary.total, stats: report.stats };
}

/** Replay path vs raw `_bulk` for the same documents, `copies` times the pack's fixtures. */
async function measureIngest(url: string, copies: number): Promise<{ events: number; replayEps: number; bulkOnlyEps: number; rawEps: number }> {
  const client = connectReplayClient({ url });
  const fixtures = listFixtures().map((f) => readFixtureEvents(f).map((e) => e.source));
  const now = Date.now();
  let events = 0;
  let replayMs = 0;
  let bulkMs = 0;
  const rawLines: string[] = [];
  try {
    for (let c = 0; c < copies; c++) {
      for (const [i, docs] of fixtures.entries()) {
        const index = `dac-replay-bench-${c}-${i}`;
        const started = performance.now();
        const rebased = rebaseEvents(docs, { now });
        await createReplayIndex(client, index, rebased.events);
        const result = await ingestEvents(client, index, rebased.events);
        replayMs += performance.now() - started;
        bulkMs += result.tookMs;
        if (result.errors.length > 0) throw new Error(`replay ingest rejected events: ${result.errors[0]}`);
        events += result.indexed;
        for (const doc of rebased.events) rawLines.push('{"index":{}}', JSON.stringify(doc));
      }
    }
    await deleteReplayIndices(client, "dac-replay-bench-*");
    await deleteReplayIndices(client, "bench-raw-bulk");
    // Raw: the same documents, pre-serialised, one request, dynamic mapping.
    const body = `${rawLines.join("\n")}\n`;
    const started = performance.now();
    const response = await fetch(`${url}/bench-raw-bulk/_bulk?refresh=true`, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body });
    const rawMs = performance.now() - started;
    const json = (await response.json()) as { errors: boolean; items: unknown[] };
    if (!response.ok) throw new Error(`raw _bulk answered ${response.status}`);
    const rawIndexed = json.items.length;
    await deleteReplayIndices(client, "bench-raw-bulk");
    return { events, replayEps: Math.round((events / replayMs) * 1000), bulkOnlyEps: Math.round((events / bulkMs) * 1000), rawEps: Math.round((rawIndexed / rawMs) * 1000) };
  } finally {
    await client.close();
  }
}

export async function runBench(args: readonly string[]): Promise<void> {
  const given = argValue(args, "--url") ?? process.env["DAC_BENCH_OPENSEARCH_URL"];
  const copies = Number(argValue(args, "--copies") ?? "10");
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
    const ingest = await measureIngest(url, copies);

    const rows: string[][] = [];
    if (nodeStartSeconds !== undefined) rows.push(["cold dac test (node start + replay)", `${(nodeStartSeconds + first.seconds).toFixed(1)}s`, `node start ${nodeStartSeconds.toFixed(1)}s + dac test ${first.seconds.toFixed(1)}s; ${first.passed}/${first.total} passed`]);
    else rows.push(["first dac test (node already running)", `${first.seconds.toFixed(1)}s`, `${first.passed}/${first.total} passed`]);
    rows.push(["warm dac test (node running)", `${warm.seconds.toFixed(1)}s`, `${warm.passed}/${warm.total} passed, ${warm.stats.events} events`]);
    rows.push(["replay ingest (rebase + mapped index + _bulk)", `${ingest.replayEps} ev/s`, `${ingest.events} events (${copies} copies of the pack's fixtures)`]);
    rows.push(["  of which _bulk calls only", `${ingest.bulkOnlyEps} ev/s`, "one request per fixture, refresh=true"]);
    rows.push(["raw _bulk, same documents", `${ingest.rawEps} ev/s`, "one request, one index, dynamic mapping"]);
    rows.push(["replay / raw", `${(ingest.replayEps / ingest.rawEps).toFixed(2)}x`, `_bulk calls only: ${(ingest.bulkOnlyEps / ingest.rawEps).toFixed(2)}x; the rest is one index created per fixture`]);
    rows.push(["event-to-alert latency (median)", `${warm.stats.eventToAlertMs.median} ms`, "ingest start -> _execute answered with the alert"]);
    rows.push(["event-to-alert latency (max)", `${warm.stats.eventToAlertMs.max} ms`, ""]);
    process.stdout.write(`\nReplay benchmark on ${url}\n\n${renderTable(["measure", "value", "notes"], rows)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await node?.stop();
  }
}
