/**
 * Sync benchmark: plan and deploy of 1,000 generated detections against a real
 * OpenSearch node, wall time and HTTP calls, beside a naive plan that GETs each
 * monitor one by one, measured in the same run.
 *
 *   npm run bench -- sync [--count 1000] [--concurrency 4] [--url http://localhost:9200]
 *
 * Without --url (or $DAC_BENCH_OPENSEARCH_URL) it starts its own throwaway node
 * with the cluster module and removes it afterwards. With --url it deploys
 * `bench-sync-*` monitors there and prunes them at the end.
 */
import { startCluster, type StartedOpenSearchNode } from "../src/cluster/index.ts";
import type { ResolvedDetection } from "../src/detection/index.ts";
import { createOpenSearchAdapter } from "../src/sync/clients/opensearch-adapter.ts";
import { withMonitorBookkeeping } from "../src/sync/clients/monitor-bookkeeping.ts";
import { applyPlan, hashBody, planChanges, readLiveState, type DesiredResource, type LiveState, type TargetAdapter } from "../src/sync/index.ts";
import { compileOpenSearchDesired } from "../src/targets/opensearch/index.ts";
import { normalizeLiveMonitor } from "../src/sync/clients/opensearch-normalize.ts";

const PREFIX = "bench-sync-";

function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** A realistic event detection, varied so every monitor body differs. */
function generateDetection(i: number): ResolvedDetection {
  const n = String(i).padStart(4, "0");
  return {
    id: `${PREFIX}${n}`,
    name: `Bench detection ${n}`,
    description: "Generated for the sync benchmark.",
    severity: (["low", "medium", "high", "critical"] as const)[i % 4] ?? "low",
    riskScore: 21 + (i % 70),
    mitre: [],
    tags: ["bench"],
    dataSources: ["sysmon"],
    indices: ["logs-windows.sysmon_operational-*"],
    query: `process where event.type == "start" and process.name : "tool-${n}.exe" and process.parent.name : ("services.exe", "cmd.exe")`,
    timestampField: "@timestamp",
    eventCategoryField: "event.category",
    schedule: { interval: "5m", lookback: "10m" },
    enabled: i % 10 !== 0,
    entityField: "host.name",
    maxSignals: 100,
    falsePositives: ["none known"],
    references: [],
    guide: "Generated.",
    author: ["bench"],
    license: "Apache-2.0",
    version: 1,
    exceptionNames: [],
    tests: [],
    source: { file: `bench/${n}.ts` },
    exceptions: [],
  };
}

/** Only this bench's monitors count as managed, so --url can point at a node with other work on it. */
function scoped(adapter: TargetAdapter): TargetAdapter {
  return {
    ...adapter,
    readLive: async (): Promise<LiveState> => {
      const live = await adapter.readLive();
      const mine = live.managed.filter((r) => r.id.startsWith(PREFIX));
      return { ...live, managed: mine, unmanagedCount: live.unmanagedCount + live.managed.length - mine.length };
    },
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/**
 * The naive alternative: one GET per rule (as if each detection were looked up
 * by its stored id, the best case for a per-rule reader), then the same
 * normalization and hash comparison.
 */
async function planNaively(http: ReturnType<typeof createOpenSearchAdapter>["http"], live: LiveState, desired: readonly DesiredResource[]): Promise<number> {
  const byId = new Map(live.managed.map((r) => [r.id, r]));
  let unchanged = 0;
  for (const d of desired) {
    const handle = byId.get(d.id)?.handle as { monitorId?: string } | undefined;
    if (!handle?.monitorId) continue;
    const res = await http.request<{ _id: string; monitor: Record<string, never> }>({ method: "GET", path: `/_plugins/_alerting/monitors/${handle.monitorId}`, action: "read" });
    const normalized = normalizeLiveMonitor({ _id: res.body._id, monitor: res.body.monitor });
    if (normalized && hashBody(normalized.body) === hashBody(d.body)) unchanged++;
  }
  return unchanged;
}

export async function runBench(args: readonly string[]): Promise<void> {
  const count = Number(argValue(args, "--count") ?? 1000);
  const concurrency = Number(argValue(args, "--concurrency") ?? 4);
  let url = argValue(args, "--url") ?? process.env["DAC_BENCH_OPENSEARCH_URL"];
  let node: StartedOpenSearchNode | undefined;
  if (!url) {
    process.stderr.write("starting a throwaway OpenSearch node…\n");
    node = await startCluster({ engine: "opensearch", quiet: true });
    url = node.url;
  }
  try {
    const raw = createOpenSearchAdapter({ url });
    const http = raw.http;
    // The Alerting plugin refuses monitors beyond max_monitors (default 1,000).
    await http.request({ method: "PUT", path: "/_cluster/settings", body: { persistent: { "plugins.alerting.monitor.max_monitors": count + 1000 } }, action: "settings" });
    const adapter = scoped(withMonitorBookkeeping(raw));
    const target = { kind: adapter.kind, location: adapter.location };
    const desired = Array.from({ length: count }, (_, i) => compileOpenSearchDesired(generateDetection(i)));

    const cleanup = await readLiveState(adapter);
    if (cleanup.managed.length > 0) {
      process.stderr.write(`removing ${cleanup.managed.length} monitors left by an earlier run…\n`);
      await applyPlan(planChanges([], cleanup, { prune: true, target }), adapter, { plannedLive: cleanup, concurrency });
    }

    const rows: string[][] = [["step", "rules", "wall s", "HTTP calls", "notes"]];
    const calls = (): number => http.calls;

    let before = calls();
    const firstPlan = await timed(async () => {
      const live = await readLiveState(adapter);
      return { live, plan: planChanges(desired, live, { prune: false, target }) };
    });
    rows.push(["plan (empty cluster)", String(count), firstPlan.seconds.toFixed(2), String(calls() - before), `${firstPlan.value.plan.summary.create} to add`]);

    before = calls();
    const deploy = await timed(() => applyPlan(firstPlan.value.plan, adapter, { plannedLive: firstPlan.value.live, concurrency }));
    rows.push([`deploy (create, concurrency ${concurrency})`, String(count), deploy.seconds.toFixed(2), String(calls() - before), `${deploy.value.failed} failed; create + enable per rule, then one read-back`]);

    before = calls();
    const noopPlan = await timed(async () => {
      const live = await readLiveState(adapter);
      return { live, plan: planChanges(desired, live, { prune: false, target }) };
    });
    const planCalls = calls() - before;
    rows.push(["plan (deployed, no changes)", String(count), noopPlan.seconds.toFixed(2), String(planCalls), `${noopPlan.value.plan.summary.noop} unchanged`]);

    before = calls();
    const naive = await timed(() => planNaively(http, noopPlan.value.live, desired));
    const naiveCalls = calls() - before;
    rows.push(["naive plan (GET per rule)", String(count), naive.seconds.toFixed(2), String(naiveCalls), `${naive.value} unchanged`]);

    // Ten percent of the rules change: the plan + deploy cost scales with what changed.
    const edited = desired.map((d, i) => (i % 10 === 0 ? compileOpenSearchDesired({ ...generateDetection(i), riskScore: 99 }) : d));
    before = calls();
    const update = await timed(async () => {
      const live = await readLiveState(adapter);
      const plan = planChanges(edited, live, { prune: false, target });
      return applyPlan(plan, adapter, { plannedLive: live, concurrency });
    });
    rows.push(["plan + deploy (10% updated)", String(count), update.seconds.toFixed(2), String(calls() - before), `${update.value.results.length} updates, ${update.value.failed} failed`]);

    before = calls();
    const prune = await timed(async () => {
      const live = await readLiveState(adapter);
      return applyPlan(planChanges([], live, { prune: true, target }), adapter, { plannedLive: live, concurrency });
    });
    rows.push(["plan + deploy (prune all)", String(count), prune.seconds.toFixed(2), String(calls() - before), `${prune.value.results.length} deleted`]);

    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    for (const row of rows) process.stdout.write(row.map((cell, c) => cell.padEnd(widths[c]!)).join("  ") + "\n");
    process.stdout.write(
      `\nno-change plan vs naive plan: ${(naive.seconds / noopPlan.seconds).toFixed(1)}x faster, ${(naiveCalls / Math.max(1, planCalls)).toFixed(0)}x fewer HTTP calls (${planCalls} vs ${naiveCalls})\n`,
    );
  } finally {
    if (node) await node.stop();
  }
}
