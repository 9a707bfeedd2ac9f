/**
 * Replay tests on an Elastic environment: each case's fixture, rebased to
 * now, goes into its own Elasticsearch index; the detection, pointed at that
 * index, runs through Kibana's rule preview (previewDetectionOnKibana, the
 * rule as `dac deploy` compiles it, with its exceptions) for as many rule
 * runs as it takes to cover the fixture; its alerts are compared with the
 * test's expectations. Nothing is deployed: preview rules are not saved.
 */
import type { Client as ElasticsearchClient } from "@elastic/elasticsearch";
import pLimit from "p-limit";
import { selectDesiredCompiler } from "../sync/index.ts";
import { parseDurationMillis } from "../detection/index.ts";
import { createRunId, planReplayCases, type ReplayCase } from "./cluster-cases.ts";
import type { ClusterReplayOptions, ClusterReplayReport, StepRunner } from "./cluster-replay.ts";
import { summarizeReplay } from "./cluster-replay.ts";
import { failCase, judgeCase, type CaseOutcome } from "./cluster-run.ts";
import { deriveReplayMappings } from "./ecs-template.ts";
import { readFixtureEvents, type FixtureEvent } from "./fixtures.ts";
import { createKibanaPreviewClients, previewDetectionOnKibana, type KibanaPreviewClients } from "./kibana-preview.ts";
import { rebaseEvents } from "./rebase.ts";

/** Same mappings as on OpenSearch, with Elasticsearch's name for flattened objects. */
export function toElasticsearchMappings(mappings: unknown): unknown {
  if (Array.isArray(mappings)) return mappings.map(toElasticsearchMappings);
  if (typeof mappings !== "object" || mappings === null) return mappings;
  return Object.fromEntries(Object.entries(mappings).map(([k, v]) => [k, k === "type" && v === "flat_object" ? "flattened" : toElasticsearchMappings(v)]));
}

/** Rule runs, one `interval` apart and ending at the last event, that together cover `spanMs`. */
export function countPreviewInvocations(spanMs: number, intervalMs: number, lookbackMs: number): number {
  return Math.max(1, Math.ceil(Math.max(0, spanMs - lookbackMs) / intervalMs) + 1);
}

async function runKibanaCase(c: ReplayCase, clients: KibanaPreviewClients, events: readonly FixtureEvent[], keep: boolean): Promise<CaseOutcome> {
  const started = performance.now();
  const replayed = c.replayed;
  if (!replayed || c.problem) return { result: failCase(c, c.problem ?? "cannot be replayed"), windows: 0 };
  const es: ElasticsearchClient = clients.elasticsearch;
  try {
    const now = Date.now();
    const rebased = rebaseEvents(events.map((e) => e.source), { now: now - 1000, timestampField: replayed.timestampField });
    await es.indices.delete({ index: c.index, ignore_unavailable: true });
    await es.indices.create({ index: c.index, settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: toElasticsearchMappings(deriveReplayMappings(rebased.events)) as never });
    const ingestStarted = performance.now();
    const bulk = await es.bulk({ refresh: true, operations: rebased.events.flatMap((doc, i) => [{ index: { _index: c.index, _id: events[i]?.id } }, doc]) });
    const ingestMs = performance.now() - ingestStarted;
    const rejected = bulk.items.filter((item) => Object.values(item)[0]?.error);
    if (rejected.length > 0) return { result: failCase(c, `${rejected.length} events were rejected by ${c.index}: ${JSON.stringify(Object.values(rejected[0] ?? {})[0]?.error)}`), windows: 0 };
    const intervalMs = parseDurationMillis(replayed.schedule.interval) ?? 300_000;
    const lookbackMs = parseDurationMillis(replayed.schedule.lookback) ?? 0;
    const invocationCount = countPreviewInvocations(rebased.spanMs, intervalMs, lookbackMs);
    const preview = await previewDetectionOnKibana(clients, replayed, { timeframeEnd: new Date(now).toISOString(), invocationCount });
    const counts = new Map<string | null, number>();
    for (const a of preview.alerts) counts.set(a.entity, (counts.get(a.entity) ?? 0) + 1);
    const run = { triggered: preview.alerts.length > 0, alerts: [...counts].map(([entity, count]) => ({ entity, count })), error: preview.errors.length > 0 ? preview.errors.join("; ") : null };
    const eventToAlertMs = performance.now() - ingestStarted;
    return {
      result: judgeCase(c, run, performance.now() - started),
      ingest: { index: c.index, indexed: rebased.events.length, errors: [], tookMs: ingestMs },
      eventToAlertMs,
      windows: invocationCount,
    };
  } catch (err) {
    return { result: failCase(c, err instanceof Error ? err.message : String(err), performance.now() - started), windows: 0 };
  } finally {
    if (!keep) await es.indices.delete({ index: c.index, ignore_unavailable: true }).catch(() => undefined);
  }
}

/** Replays every test through Kibana's rule preview, `concurrency` cases at a time. */
export async function runKibanaReplay(options: ClusterReplayOptions, step: StepRunner = (_t, run) => run(() => undefined)): Promise<ClusterReplayReport> {
  if (options.target.engine !== "elastic") throw new Error(`Kibana replay needs an elastic environment; "${options.target.name}" is ${options.target.engine}`);
  const runId = options.runId ?? createRunId();
  const cases = planReplayCases(options.detections, options.exceptions, { target: options.target, environments: options.environments, compiler: selectDesiredCompiler(options.target), runId });
  // Preview does not change how a rule is stored: replay ids never reach a saved rule.
  const clients = createKibanaPreviewClients(options.target);
  const read = options.readEvents ?? readFixtureEvents;
  const limit = pLimit(Math.max(1, options.concurrency ?? 2));
  const started = performance.now();
  let done = 0;
  const outcomes = await step(`Replay ${cases.length} fixtures through Kibana rule preview`, (update) =>
    Promise.all(
      cases.map((c) =>
        limit(async () => {
          const outcome = await runKibanaCase(c, clients, read(c.test.fixture), options.keep === true);
          update(`${++done}/${cases.length} ${outcome.result.passed ? "ok" : "FAILED"} ${c.detection.id}: ${c.test.name}`);
          options.onCaseDone?.(outcome, done, cases.length);
          return outcome;
        }),
      ),
    ),
  );
  await clients.elasticsearch.close();
  const location = `${options.target.kibanaUrl ?? options.target.url} (rule preview)`;
  return { target: location, results: outcomes.map((o) => o.result), stats: summarizeReplay(outcomes, 0, performance.now() - started) };
}
