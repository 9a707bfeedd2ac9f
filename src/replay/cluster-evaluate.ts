/**
 * Nodes without the Alerting plugin (dac's Maven-only image, the CI node):
 * monitors cannot be deployed there, but their compiled bodies still run,
 * through sync/clients/opensearch-evaluate.ts (the monitor's own search
 * rendered by the node's Mustache engine, its trigger run by the node's
 * Painless engine), which answers like `_execute`. Replay and `dac up` pick
 * the path with hasAlertingPlugin.
 */
import { evaluateMonitorOnNode, nodeHasAlerting, type EvaluateOptions, type JsonObject, type OpenSearchHttp } from "../sync/index.ts";
import type { ExecutableTarget, MonitorRun } from "./cluster-monitors.ts";

/** The adapter's HTTP transport (the OpenSearch adapter carries it as `http`). */
function httpOf(target: ExecutableTarget): OpenSearchHttp {
  const http = (target as unknown as { http?: OpenSearchHttp }).http;
  if (!http) throw new Error(`the adapter for ${target.location} exposes no HTTP transport`);
  return http;
}

/** True when the target's node runs the Alerting plugin. */
export async function hasAlertingPlugin(target: ExecutableTarget): Promise<boolean> {
  return nodeHasAlerting(httpOf(target));
}

/** Runs a compiled (not deployed) monitor body on the node as of `periodEnd`, as `_execute` would. */
export function evaluateMonitorBody(target: ExecutableTarget, monitor: JsonObject, periodEnd: number, options: EvaluateOptions = {}): Promise<MonitorRun> {
  return evaluateMonitorOnNode(httpOf(target), monitor, periodEnd, options);
}
