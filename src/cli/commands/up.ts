import { resolve } from "node:path";
import type { Command } from "commander";
import { formatDiagnostics, hasErrors } from "../../diagnostics/index.ts";
import {
  asExecutableTarget,
  composeScenarioEvents,
  evaluateScenarioMonitors,
  hasAlertingPlugin,
  connectReplayClient,
  createScenarioIndices,
  createStepRunner,
  deriveLocalEnvironment,
  formatSeconds,
  ingestScenario,
  judgeScenario,
  loadScenario,
  readFixtureEvents,
  renderTable,
  runScenarioMonitors,
  selectProgressMode,
  startLocalReplayCluster,
  type FiredAlert,
  type StepVerdict,
} from "../../replay/index.ts";
import { applyPlan, buildDesiredResources, createTargetAdapters, planSession, selectDesiredCompiler } from "../../sync/index.ts";
import { describeDockerHost, describeLocalNodeImage } from "./cluster.ts";
import { addDetectionsOption, selectDetectionPaths } from "./detection-paths.ts";
import { DEFAULT_ENVIRONMENTS_FILE, loadCheckedPack } from "./validate.ts";

const DEFAULT_SCENARIO = "detections/psexec/scenario/scenario.json";

interface UpOptions {
  readonly detections?: string[];
  readonly scenario: string;
  readonly environments: string;
}

/**
 * Registers `dac up`: the whole loop on this machine in one command. Starts
 * (or reuses) the local OpenSearch cluster, deploys the pack to it as the
 * `local` environment, replays the bundled PsExec attack story into the
 * indices the monitors read, runs the monitors and prints what fired.
 */
export function registerUpCommand(program: Command): void {
  addDetectionsOption(program
    .command("up"))
    .description("start the local cluster, deploy the pack, replay the PsExec attack scenario and show the alerts")
    .option("--scenario <file>", "scenario to replay", DEFAULT_SCENARIO)
    .option("--environments <file>", "environments file", DEFAULT_ENVIRONMENTS_FILE)
    .action(async (opts: UpOptions) => {
      try {
        process.exitCode = await runUp(opts);
      } catch (err) {
        process.stderr.write(`dac up: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });
}

async function runUp(opts: UpOptions): Promise<number> {
  const checked = await loadCheckedPack(selectDetectionPaths(undefined, opts.detections), { env: "local", environmentsFile: opts.environments });
  if (hasErrors(checked.diagnostics)) {
    process.stderr.write(`${formatDiagnostics(checked.diagnostics, checked.sources)}\ndac up: fix the problems above first (dac validate shows them all)\n`);
    return 1;
  }
  const scenario = loadScenario(resolve(opts.scenario));
  const step = createStepRunner();
  const live = selectProgressMode(process.stderr, process.env) === "live";
  const dockerHost = describeDockerHost(process.env);
  if (dockerHost !== undefined) process.stderr.write(`${dockerHost}\n`);
  const cluster = await startLocalReplayCluster(step, live);
  const imageNotice = describeLocalNodeImage(cluster);
  if (imageNotice !== undefined) process.stderr.write(`${imageNotice}\n`);
  const env = deriveLocalEnvironment(checked.environments, cluster.url);
  const adapter = createTargetAdapters(env)[0];
  const target = adapter ? asExecutableTarget(adapter) : undefined;
  if (!target) throw new Error("the local environment's adapter cannot execute monitors");
  const client = connectReplayClient(env);
  try {
    const now = Date.now();
    const events = composeScenarioEvents(scenario, now, readFixtureEvents);
    // Monitors refuse indices that do not exist: create them before deploying.
    const indices = await step(`Create ${scenario.name.split(":")[0]} scenario indices`, () => createScenarioIndices(client, events));
    const build = buildDesiredResources(checked.pack, env, selectDesiredCompiler(env));
    if (hasErrors(build.diagnostics)) throw new Error(formatDiagnostics(build.diagnostics, checked.sources));
    const alerting = await hasAlertingPlugin(target);
    if (alerting) {
      await step(`Deploy ${build.desired.length} detections to ${env.name} (${cluster.url})`, async (update) => {
        const [planned] = await planSession({ env, adapters: [target], desired: build.desired }, { prune: false });
        if (!planned) throw new Error("no target to deploy to");
        const report = await applyPlan(planned.plan, target, { plannedLive: planned.live, concurrency: 4 });
        const failed = report.results.filter((r) => !r.ok);
        if (failed.length > 0) throw new Error(failed.map((r) => `${r.id}: ${r.error ?? "failed"}`).join("\n"));
        const s = planned.plan.summary;
        update(`${s.create} created, ${s.update} updated, ${s.noop} unchanged`);
      });
    }
    const load = await step(`Replay ${events.length} scenario events into ${indices.length} indices`, () => ingestScenario(client, events));
    if (load.errors.length > 0) throw new Error(`events were rejected: ${load.errors.slice(0, 3).join("; ")}`);
    const byId = new Map(checked.pack.detections.map((d) => [d.id, d]));
    const run = alerting
      ? await step("Run the monitors", () => runScenarioMonitors(client, target, checked.pack.detections, Date.now()))
      : await step("Evaluate the compiled monitors (no Alerting plugin on this node: nothing deployed)", () =>
          evaluateScenarioMonitors(target, build.desired.flatMap((d) => (byId.has(d.id) ? [{ detection: byId.get(d.id)!, body: d.body }] : [])), Date.now()),
        );
    process.stdout.write(renderUpReport(scenario.name, run.alerts, judgeScenario(scenario, events, run.alerts), run.errors, cluster.url, Date.now() - now, alerting));
    return run.errors.size > 0 ? 1 : 0;
  } finally {
    await client.close();
  }
}

function renderUpReport(name: string, alerts: readonly FiredAlert[], verdicts: readonly StepVerdict[], errors: ReadonlyMap<string, string>, url: string, elapsedMs: number, alerting: boolean): string {
  const out: string[] = [`\n${name}: ${alerts.length} alert${alerts.length === 1 ? "" : "s"} fired (${formatSeconds(elapsedMs)})\n`];
  if (alerts.length > 0) {
    const rows = alerts.map((a) => [a.detectionId, a.severity, a.entity ?? "-", String(a.count), new Date(a.time).toISOString().replace("T", " ").slice(0, 19)]);
    out.push(renderTable(["detection", "severity", "host", "events", "fired (UTC)"], rows), "");
  }
  const caught = verdicts.filter((v) => v.expect === "alert");
  const quiet = verdicts.filter((v) => v.expect === "silent");
  out.push(`Intrusions caught: ${caught.filter((v) => v.met).length}/${caught.length}; benign look-alikes left alone: ${quiet.filter((v) => v.met).length}/${quiet.length}`);
  for (const v of verdicts.filter((x) => !x.met)) out.push(`  ! step ${v.step + 1} (${v.hosts.join(", ")}): expected ${v.expect === "alert" ? "an alert" : "silence"}: ${v.note}`);
  for (const [id, error] of errors) out.push(`  ! ${id}: the monitor run reported: ${error}`);
  const look = alerting
    ? [
        "Look at the alerts:",
        `  curl -s '${url}/_plugins/_alerting/monitors/alerts?alertState=ACTIVE&size=100'`,
        `  curl -s '${url}/_plugins/_alerting/monitors/_search' -H 'content-type: application/json' -d '{"query":{"match_all":{}}}'`,
      ]
    : [
        "This node has no Alerting plugin (dac's image is built from Maven Central, which does not publish it), so the",
        "monitors were compiled and evaluated with core APIs instead of deployed, and no alerts are stored. For a node",
        "with Alerting: ./dac cluster stop && DAC_OPENSEARCH_IMAGE=opensearchproject/opensearch:2.19.4 ./dac up (needs Docker Hub).",
        "Look at the scenario events:",
        `  curl -s '${url}/_cat/indices/*-dacscenario?v'`,
        `  curl -s '${url}/winlogbeat-dacscenario/_search?q=host.name:WORKSTATION5&size=3'`,
      ];
  out.push(
    "",
    ...look,
    "  ./dac cluster status",
    "Run it again: ./dac up (the scenario indices are recreated; the deploy is a no-op when nothing changed)",
    "Stop the cluster: ./dac cluster stop",
    "",
  );
  return out.join("\n");
}
