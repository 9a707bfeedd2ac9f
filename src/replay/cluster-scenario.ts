/**
 * `dac up` on the cluster: the scenario's indices recreated and filled, then
 * every deployed monitor of the pack run as of now. Each monitor runs twice:
 * a dry run, whose answer carries the alerts per entity, and a real run,
 * which stores the alerts in the Alerting plugin's alert index, where the
 * alerts API, OpenSearch Dashboards and notification channels see them.
 */
import type { Client } from "@opensearch-project/opensearch";
import type { Detection } from "../detection/index.ts";
import { readLiveState, type JsonObject } from "../sync/index.ts";
import { evaluateMonitorBody } from "./cluster-evaluate.ts";
import { readMonitorId, type ExecutableTarget, type MonitorRun } from "./cluster-monitors.ts";
import { describeClientError } from "./ecs-template.ts";
import { createReplayIndex, deleteReplayIndices, ingestEvents } from "./ingest.ts";
import { groupEventsByIndex, SCENARIO_INDEX_PATTERNS, type Scenario, type ScenarioEvent } from "./scenario.ts";

export interface ScenarioLoad {
  readonly indices: readonly string[];
  readonly events: number;
  readonly errors: readonly string[];
}

/** Deletes the previous run's scenario indices and creates this run's (empty, mapped for its events). */
export async function createScenarioIndices(client: Client, events: readonly ScenarioEvent[]): Promise<string[]> {
  await deleteReplayIndices(client, SCENARIO_INDEX_PATTERNS.join(","));
  const groups = groupEventsByIndex(events);
  for (const [index, group] of groups) await createReplayIndex(client, index, group.map((e) => e.source));
  return [...groups.keys()];
}

/** Bulk-indexes the scenario (refreshed: searchable on return). */
export async function ingestScenario(client: Client, events: readonly ScenarioEvent[]): Promise<ScenarioLoad> {
  const errors: string[] = [];
  let indexed = 0;
  const groups = groupEventsByIndex(events);
  for (const [index, group] of groups) {
    const result = await ingestEvents(client, index, group.map((e) => e.source), { ids: group.map((e) => e.id) });
    indexed += result.indexed;
    errors.push(...result.errors.map((e) => `${index}: ${e}`));
  }
  return { indices: [...groups.keys()], events: indexed, errors };
}

export interface FiredAlert {
  readonly detectionId: string;
  readonly name: string;
  readonly severity: Detection["severity"];
  readonly entity: string | null;
  /** Matching events (event rules) or sequences for this entity. */
  readonly count: number;
  /** When the Alerting plugin recorded the alert (epoch millis). */
  readonly time: number;
}

export interface ScenarioRun {
  readonly alerts: readonly FiredAlert[];
  /** Detection id -> error the monitor run reported. */
  readonly errors: ReadonlyMap<string, string>;
  readonly monitors: number;
}

interface StoredAlert {
  readonly start_time?: number;
  readonly agg_alert_content?: { readonly bucket_keys?: readonly unknown[] };
}

async function readStoredAlerts(client: Client, monitorId: string): Promise<StoredAlert[]> {
  const response = await client.transport.request({
    method: "GET",
    path: "/_plugins/_alerting/monitors/alerts",
    querystring: { monitorId, alertState: "ACTIVE", size: 1000, sortString: "start_time", sortOrder: "desc" },
  });
  return ((response.body as { alerts?: StoredAlert[] }).alerts ?? []);
}

/** The alerts of one monitor run, one per entity, timed by the stored alert when there is one. */
function toFiredAlerts(detection: Detection, run: MonitorRun, stored: readonly StoredAlert[], periodEnd: number): FiredAlert[] {
  return run.alerts.map((a) => {
    const match = stored.find((s) => s.agg_alert_content?.bucket_keys?.[0] === a.entity) ?? stored[0];
    return { detectionId: detection.id, name: detection.name, severity: detection.severity, entity: a.entity, count: a.count, time: match?.start_time ?? periodEnd };
  });
}

function sortAlerts(alerts: FiredAlert[]): FiredAlert[] {
  return alerts.sort((a, b) => a.time - b.time || a.detectionId.localeCompare(b.detectionId) || String(a.entity).localeCompare(String(b.entity)));
}

/** Runs each of `detections`' deployed monitors as of `periodEnd`; their alerts, by detection then entity. */
export async function runScenarioMonitors(client: Client, target: ExecutableTarget, detections: readonly Detection[], periodEnd: number): Promise<ScenarioRun> {
  const byId = new Map(detections.map((d) => [d.id, d]));
  const live = (await readLiveState(target)).managed.filter((m) => byId.has(m.id));
  const alerts: FiredAlert[] = [];
  const errors = new Map<string, string>();
  for (const resource of live) {
    const detection = byId.get(resource.id) as Detection;
    const monitorId = readMonitorId(resource);
    const run = await target.executeMonitor(monitorId, periodEnd);
    if (run.error !== null) errors.set(detection.id, run.error);
    if (!run.triggered && run.alerts.length === 0) continue;
    let stored: StoredAlert[] = [];
    try {
      await client.transport.request({ method: "POST", path: `/_plugins/_alerting/monitors/${encodeURIComponent(monitorId)}/_execute`, querystring: { period_end: `${periodEnd}ms` } });
      stored = await readStoredAlerts(client, monitorId);
    } catch (err) {
      errors.set(detection.id, `while storing its alerts: ${describeClientError(err)}`);
    }
    alerts.push(...toFiredAlerts(detection, run, stored, periodEnd));
  }
  return { alerts: sortAlerts(alerts), errors, monitors: live.length };
}

/**
 * On a node without the Alerting plugin: each detection's compiled monitor
 * evaluated with core APIs as of `periodEnd` (nothing deployed, nothing stored).
 */
export async function evaluateScenarioMonitors(target: ExecutableTarget, monitors: readonly { readonly detection: Detection; readonly body: JsonObject }[], periodEnd: number): Promise<ScenarioRun> {
  const alerts: FiredAlert[] = [];
  const errors = new Map<string, string>();
  for (const { detection, body } of monitors) {
    const run = await evaluateMonitorBody(target, body, periodEnd);
    if (run.error !== null) errors.set(detection.id, run.error);
    alerts.push(...toFiredAlerts(detection, run, [], periodEnd));
  }
  return { alerts: sortAlerts(alerts), errors, monitors: monitors.length };
}

export interface StepVerdict {
  readonly step: number;
  readonly expect: "alert" | "silent";
  readonly note: string;
  readonly met: boolean;
  readonly hosts: readonly string[];
}

/**
 * Did each step do what the story says: its hosts alerted (intrusions) or
 * stayed quiet (look-alikes), counting only the step's `detections` when it
 * names them (an excepted admin run is silent for the tuned rules, while the
 * name-based ones fire on any PsExec).
 */
export function judgeScenario(scenario: Scenario, events: readonly ScenarioEvent[], alerts: readonly FiredAlert[]): StepVerdict[] {
  return scenario.steps.map((step, i) => {
    const relevant = step.detections ? new Set(step.detections) : undefined;
    const alerted = new Set(alerts.filter((a) => !relevant || relevant.has(a.detectionId)).map((a) => a.entity));
    const hosts = [...new Set(events.filter((e) => e.step === i).map((e) => (e.source["host"] as { name?: unknown } | undefined)?.name).filter((h): h is string => typeof h === "string"))];
    const fired = hosts.some((h) => alerted.has(h));
    return { step: i, expect: step.expect, note: step.note, met: step.expect === "alert" ? fired : !fired, hosts };
  });
}
