/**
 * Replay tests on a real OpenSearch cluster, in four steps the CLI shows as
 * progress: open (connect, install the ECS template, lay the fixtures out in
 * shared indices, plan the cases), load and deploy (every fixture bulk-loaded
 * once, refreshed once; one monitor per case through plan/apply when the node
 * runs Alerting), replay (each case's monitor executed, `concurrency` cases at
 * a time), close (replay monitors and indices removed). `runClusterReplay`
 * does all four.
 */
import type { Client } from "@opensearch-project/opensearch";
import pLimit from "p-limit";
import type { ResolvedEnvironment } from "../config/index.ts";
import type { Detection, ExceptionDefinition, ExceptionValues } from "../detection/index.ts";
import { createTargetAdapters, selectDesiredCompiler } from "../sync/index.ts";
import { planCandidateWindows, type CandidateCase, type CandidatePlan } from "./candidate-windows.ts";
import { createRunId, planReplayCases, type ReplayCase } from "./cluster-cases.ts";
import { evaluateMonitorBody, hasAlertingPlugin } from "./cluster-evaluate.ts";
import { asExecutableTarget, deployReplayMonitors, removeReplayMonitors, type DeployedMonitors, type ExecutableTarget, type MonitorRun } from "./cluster-monitors.ts";
import { failCase, runReplayCase, type CaseOutcome } from "./cluster-run.ts";
import { describeClientError, installReplayTemplate, REPLAY_INDEX_PREFIX } from "./ecs-template.ts";
import { readFixtureEvents, type FixtureEvent } from "./fixtures.ts";
import { connectReplayClient, deleteReplayIndices } from "./ingest.ts";
import { fixtureSlotKey, planReplayLayout, type ReplayLayout } from "./replay-layout.ts";
import { createReplayIndices, loadReplayFixtures, type ReplayLoad } from "./replay-load.ts";
import { NOT_RUN_PREFIX, probeNodeGone, type NodeLoss } from "./node-loss.ts";
import type { TestReport, TestResult } from "./report.ts";

/**
 * Monitor writes in flight while deploying and removing. Each write waits for
 * the config index to refresh (refresh=wait_for, up to 1 s) and costs the node
 * little, so more of them overlap than replay cases do.
 */
const WRITE_CONCURRENCY = 8;

export interface ClusterReplayOptions {
  /** The cluster's environment (engine opensearch); its rule defaults apply as on deploy. */
  readonly target: ResolvedEnvironment;
  readonly detections: readonly Detection[];
  readonly exceptions: readonly ExceptionDefinition[];
  /** Exception values per environment name (environments.yaml). */
  readonly environments: Readonly<Record<string, ExceptionValues>>;
  /** Cases in flight at once (default 2: a single node on a small machine). */
  readonly concurrency?: number;
  /** `_bulk` requests in flight while loading fixtures (default 2). */
  readonly loadConcurrency?: number;
  /**
   * Skip windows without candidate events (candidate-windows.ts; default
   * true). False runs every window holding one of the fixture's events, as
   * before it: the results are the same, only slower.
   */
  readonly candidateWindows?: boolean;
  /** Leave replay monitors and indices on the cluster (debugging). */
  readonly keep?: boolean;
  /** dac started this cluster (the local one): it may raise its template settings (tuneOwnedCluster). */
  readonly ownsCluster?: boolean;
  readonly runId?: string;
  readonly readEvents?: (file: string) => readonly FixtureEvent[];
  readonly onCaseDone?: (outcome: CaseOutcome, done: number, total: number) => void;
}

export interface ClusterReplaySession {
  readonly options: ClusterReplayOptions;
  readonly runId: string;
  readonly cases: readonly ReplayCase[];
  readonly client: Client;
  readonly target: ExecutableTarget;
  /** Fixture events by file, read once for all cases. */
  readonly readEvents: (file: string) => readonly FixtureEvent[];
  /**
   * The node runs the Alerting plugin: monitors are deployed and `_execute`d.
   * Without it (dac's Maven-only image) nothing can be deployed, and each
   * case's compiled monitor is evaluated with core APIs (cluster-evaluate.ts).
   */
  readonly alerting: boolean;
  /** Which shared index and marker each fixture gets. */
  readonly layout: ReplayLayout;
  /** The shared indices, created while the cases are planned. */
  readonly created: Promise<void>;
  deployed?: DeployedMonitors;
  loaded?: ReplayLoad;
  /** Set once the node stopped answering (node-loss.ts): later cases are not run. */
  lostNode?: string;
}

export interface ReplayStats {
  readonly cases: number;
  readonly events: number;
  /** Loading the events (index creation, `_bulk`, refresh), and events / that time. */
  readonly ingestMs: number;
  readonly eventsPerSecond: number;
  /** Per case: the load, plus its monitor's runs until they answered with the alerts. */
  readonly eventToAlertMs: { readonly median: number; readonly max: number };
  readonly deployMs: number;
  readonly replayMs: number;
  /** Monitor windows run over all cases. */
  readonly windows: number;
}

export interface ClusterReplayReport extends TestReport {
  readonly stats: ReplayStats;
  /** The node went away mid-run. */
  readonly nodeLoss?: NodeLoss;
}

export async function openClusterReplay(options: ClusterReplayOptions): Promise<ClusterReplaySession> {
  if (options.target.engine !== "opensearch") throw new Error(`cluster replay runs on OpenSearch; environment "${options.target.name}" is ${options.target.engine}`);
  const adapter = createTargetAdapters(options.target)[0];
  const target = adapter ? asExecutableTarget(adapter) : undefined;
  if (!target) throw new Error(`the ${options.target.engine} adapter cannot execute monitors`);
  const runId = options.runId ?? createRunId();
  const cache = new Map<string, readonly FixtureEvent[]>();
  const read = options.readEvents ?? readFixtureEvents;
  const readEvents = (file: string) => {
    let events = cache.get(file);
    if (!events) cache.set(file, (events = read(file)));
    return events;
  };
  const client = connectReplayClient(options.target);
  let alerting: boolean;
  try {
    alerting = await hasAlertingPlugin(target);
    await installReplayTemplate(client);
    if (options.ownsCluster) await tuneOwnedCluster(client);
  } catch (err) {
    await client.close();
    throw new Error(`while preparing ${target.location} for replay: ${err instanceof Error ? err.message : String(err)}`);
  }
  let layout: ReplayLayout;
  let cases: ReplayCase[];
  let created: Promise<void> | undefined;
  try {
    const fixtures = options.detections.flatMap((d) => d.tests.map((t) => ({ file: t.fixture, timestampField: d.timestampField })));
    layout = planReplayLayout(fixtures, readEvents, runId);
    // The cluster-state updates run while the cases compile.
    created = createReplayIndices(client, layout);
    created.catch(() => undefined);
    cases = planReplayCases(options.detections, options.exceptions, {
      target: options.target,
      environments: options.environments,
      compiler: selectDesiredCompiler(options.target),
      runId,
      deploys: alerting,
      scopeOf: (test, detection) => {
        const slot = layout.slots.get(fixtureSlotKey(test.fixture, detection.timestampField));
        if (!slot) throw new Error(`no replay slot for ${test.fixture}`);
        return { index: slot.index, marker: slot.marker };
      },
    });
  } catch (err) {
    if (created) await created.then(() => deleteReplayIndices(client, `${REPLAY_INDEX_PREFIX}*-${runId}`)).catch(() => undefined);
    await client.close();
    throw err;
  }
  return { options, runId, cases, client, target, readEvents, alerting, layout, created };
}

/**
 * Template settings for a node dac started (the local cluster): each replay
 * case's search is a Mustache template of its own (its own marker), tens
 * of kB for a sequence. The default rate (75 compilations per 5 minutes)
 * trips after a pack or two, and the default cache (100 templates) is
 * smaller than a pack's cases, so every run would compile every case's
 * template again; with 2,000 (the test suites' value, ~60 MB of heap at
 * most) a warm run compiles none (markers and bodies are the same from run
 * to run).
 */
export async function tuneOwnedCluster(client: Client): Promise<void> {
  const settings = { "script.context.template.max_compilations_rate": "10000/1m", "script.context.template.cache_max_size": 2000 };
  try {
    await client.cluster.putSettings({ body: { persistent: settings } });
  } catch (err) {
    throw new Error(`while raising ${Object.keys(settings).join(" and ")}: ${describeClientError(err)}`);
  }
}

/** Loads every fixture into the run's shared indices (once: later calls return the first load). */
export async function loadClusterReplay(session: ClusterReplaySession): Promise<ReplayLoad> {
  session.loaded ??= await loadReplayFixtures(session.client, session.layout, session.readEvents, { concurrency: session.options.loadConcurrency ?? 2, created: session.created });
  return session.loaded;
}

/**
 * Loads the fixtures (Alerting refuses a monitor whose indices do not exist)
 * and deploys one monitor per runnable case when the node runs Alerting.
 */
export async function deployClusterReplay(session: ClusterReplaySession): Promise<DeployedMonitors> {
  await loadClusterReplay(session);
  const desired = session.cases.flatMap((c) => (c.desired ? [c.desired] : []));
  if (!session.alerting) {
    // Nothing to deploy to: the cases evaluate their compiled bodies.
    session.deployed = { monitorIds: new Map(), failures: new Map() };
    return session.deployed;
  }
  session.deployed = await deployReplayMonitors(session.options.target, session.target, desired, WRITE_CONCURRENCY);
  return session.deployed;
}

/** Runs every case; never throws for one case's failure (it becomes a failed result). */
export async function replayClusterCases(
  session: ClusterReplaySession,
  onCaseDone: ClusterReplayOptions["onCaseDone"] = session.options.onCaseDone,
): Promise<{ results: TestResult[]; outcomes: CaseOutcome[] }> {
  const deployed = session.deployed ?? (await deployClusterReplay(session));
  const loaded = await loadClusterReplay(session);
  const plans = session.options.candidateWindows === false ? [] : await planCandidateWindows(session.client, session.cases.map((c) => candidateCaseOf(c, loaded)));
  const limit = pLimit(Math.max(1, session.options.concurrency ?? 2));
  let done = 0;
  const outcomes = await Promise.all(
    session.cases.map((c, i) =>
      limit(async (): Promise<CaseOutcome> => {
        const execute = session.lostNode !== undefined ? `${NOT_RUN_PREFIX}${session.lostNode}` : selectExecution(session, c, deployed, plans[i]?.singlePage === true);
        const outcome: CaseOutcome =
          typeof execute === "string"
            ? { result: failCase(c, execute), windows: 0 }
            : await runReplayCase(c, { execute, loaded: loaded.fixtures.get(fixtureSlotKey(c.test.fixture, c.detection.timestampField)), periodEnd: loaded.periodEnd, ...selectorOf(plans[i]) }).then((o) =>
                o.eventToAlertMs === undefined ? o : { ...o, eventToAlertMs: o.eventToAlertMs + loaded.tookMs },
              );
        if (!outcome.result.passed && session.lostNode === undefined) {
          const gone = await probeNodeGone(session.client, session.target.location);
          if (gone !== undefined) session.lostNode ??= gone;
        }
        onCaseDone?.(outcome, ++done, session.cases.length);
        return outcome;
      }),
    ),
  );
  return { results: outcomes.map((o) => o.result), outcomes };
}

/** What the candidate search needs of a case: its deployed body, and where its fixture was loaded (none when it was not, or was loaded with rejections). */
function candidateCaseOf(c: ReplayCase, loaded: ReplayLoad): CandidateCase | undefined {
  const fixture = loaded.fixtures.get(fixtureSlotKey(c.test.fixture, c.detection.timestampField));
  if (!c.deployed || !c.scope || !fixture || fixture.errors.length > 0) return undefined;
  return { deployed: c.deployed.body, index: c.scope.index, marker: c.scope.marker, events: fixture.total };
}

const selectorOf = (plan: CandidatePlan | undefined) => (plan ? { selectWindows: plan.selectWindows } : {});

/**
 * How a case's monitor runs: its deployed monitor's `_execute`, its compiled
 * body evaluated (one composite page per window when `singlePage`: see
 * candidate-windows.ts), or why neither.
 */
function selectExecution(session: ClusterReplaySession, c: ReplayCase, deployed: DeployedMonitors, singlePage: boolean): ((periodEnd: number) => Promise<MonitorRun>) | string {
  const failure = deployed.failures.get(c.replayId);
  if (c.problem || !c.desired) return c.problem ?? "nothing to run";
  if (failure !== undefined) return `the replay monitor was not deployed: ${failure}`;
  if (!session.alerting) {
    const body = c.desired.body;
    return (end) => evaluateMonitorBody(session.target, body, end, { singlePage });
  }
  const monitorId = deployed.monitorIds.get(c.replayId);
  if (monitorId === undefined) return "the replay monitor was not deployed";
  return (end) => session.target.executeMonitor(monitorId, end);
}

/** Removes the run's monitors and indices (unless `keep`) and closes the client. */
export async function closeClusterReplay(session: ClusterReplaySession): Promise<void> {
  try {
    if (!session.options.keep) {
      // An index still being created would outlive a delete that ran first.
      await session.created.catch(() => undefined);
      if (session.alerting) await removeReplayMonitors(session.target, session.cases.map((c) => c.replayId), WRITE_CONCURRENCY);
      await deleteReplayIndices(session.client, `${REPLAY_INDEX_PREFIX}*-${session.runId}`);
    }
  } finally {
    await session.client.close();
  }
}

/** Summary numbers for the report and the bench; `load` is the shared load (else each case's own ingest counts). */
export function summarizeReplay(outcomes: readonly CaseOutcome[], deployMs: number, replayMs: number, load?: Pick<ReplayLoad, "events" | "tookMs">): ReplayStats {
  const events = load?.events ?? outcomes.reduce((n, o) => n + (o.ingest?.indexed ?? 0), 0);
  const ingestMs = load?.tookMs ?? outcomes.reduce((n, o) => n + (o.ingest?.tookMs ?? 0), 0);
  const latencies = outcomes.flatMap((o) => (o.eventToAlertMs !== undefined ? [o.eventToAlertMs] : [])).sort((a, b) => a - b);
  return {
    cases: outcomes.length,
    events,
    ingestMs: Math.round(ingestMs),
    eventsPerSecond: ingestMs > 0 ? Math.round((events / ingestMs) * 1000) : 0,
    eventToAlertMs: { median: Math.round(latencies[Math.floor(latencies.length / 2)] ?? 0), max: Math.round(latencies.at(-1) ?? 0) },
    deployMs: Math.round(deployMs),
    replayMs: Math.round(replayMs),
    windows: outcomes.reduce((n, o) => n + o.windows, 0),
  };
}

/** A long step the caller may show as progress; the default just runs it. */
export type StepRunner = <T>(title: string, run: (update: (text: string) => void) => Promise<T>) => Promise<T>;

const runPlainStep: StepRunner = (_title, run) => run(() => undefined);

/** Open, deploy, replay and close, as one call. */
export async function runClusterReplay(options: ClusterReplayOptions, step: StepRunner = runPlainStep): Promise<ClusterReplayReport> {
  const session = await step("Prepare the cluster for replay", () => openClusterReplay(options));
  try {
    const deployStarted = performance.now();
    const runnable = session.cases.filter((c) => c.desired).length;
    await step(`Load ${session.layout.slots.size} fixtures into ${session.layout.indices.size} shared indices`, (update) =>
      loadClusterReplay(session).then((l) => {
        update(`${l.events} events in ${Math.round(l.tookMs)} ms`);
        return l;
      }),
    );
    await step(session.alerting ? `Deploy ${runnable} replay monitors` : `Prepare ${runnable} replay monitors (no Alerting plugin: evaluated with core APIs)`, () => deployClusterReplay(session));
    const deployMs = performance.now() - deployStarted;
    const replayStarted = performance.now();
    const { results, outcomes } = await step(`Replay ${session.cases.length} fixtures`, (update) =>
      // The session itself, not a copy: a lost node recorded while replaying must
      // reach the report and the clean-up below.
      replayClusterCases(session, (o, done, total) => {
        update(`${done}/${total} ${o.result.passed ? "ok" : "FAILED"} ${o.result.detectionId}: ${o.result.test}`);
        options.onCaseDone?.(o, done, total);
      }),
    );
    const stats = summarizeReplay(outcomes, deployMs, performance.now() - replayStarted, session.loaded);
    const notRun = results.filter((r) => r.reason?.startsWith(NOT_RUN_PREFIX)).map((r) => `${r.detectionId} › ${r.test}`);
    const nodeLoss = session.lostNode !== undefined ? { nodeLoss: { reason: session.lostNode, notRun } } : {};
    return { target: `${session.target.location}${session.alerting ? "" : " (no Alerting plugin: compiled monitors evaluated with core APIs)"}`, results, stats, ...nodeLoss };
  } finally {
    if (session.lostNode !== undefined) await session.client.close().catch(() => undefined); // nothing left to clean up on
    else await step("Remove replay monitors and indices", () => closeClusterReplay(session));
  }
}
