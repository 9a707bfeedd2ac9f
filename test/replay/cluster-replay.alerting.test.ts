import { join, resolve } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { loadEnvironments } from "../../src/config/index.ts";
import { loadDetections } from "../../src/detection/index.ts";
import { connectReplayClient, deriveLocalEnvironment, runClusterReplay } from "../../src/replay/index.ts";

/**
 * The Alerting path of replay, on a node with the plugin: replay monitors
 * are deployed through plan/apply, `_execute`d, and removed afterwards.
 * (cluster-replay.int.test.ts covers the whole pack on either kind of node.)
 */
const root = resolve(import.meta.dirname, "../..");
const url = inject("opensearchUrl");

describe("replay through deployed monitors and _execute", () => {
  it("passes two detections' tests with real monitors and leaves none behind", async () => {
    const pack = await loadDetections([join(root, "detections/psexec/psexesvc-service-installed.ts"), join(root, "detections/psexec/psexec-service-then-shell.ts")]);
    const envs = loadEnvironments(join(root, "environments.yaml"));
    if (!envs.ok) throw new Error("environments.yaml does not load");
    const environments = Object.fromEntries(Object.entries(envs.value.environments).map(([k, v]) => [k, v.exceptionValues]));
    const deployed: string[] = [];
    const report = await runClusterReplay(
      { target: deriveLocalEnvironment(envs.value, url), detections: pack.detections, exceptions: pack.exceptions, environments, ownsCluster: true, runId: "alertpath" },
      async (title, run) => {
        if (title.startsWith("Deploy")) deployed.push(title);
        return run(() => undefined);
      },
    );
    expect(report.target).not.toContain("no Alerting plugin");
    expect(deployed).toEqual([`Deploy ${report.results.length} replay monitors`]);
    expect(report.results.filter((r) => !r.passed).map((r) => `${r.test}: ${r.reason}`)).toEqual([]);
    expect(report.results.some((r) => r.expectedAlerts > 0 && r.actualAlerts === r.expectedAlerts)).toBe(true);
    const client = connectReplayClient({ url });
    try {
      const monitors = await client.transport.request({ method: "POST", path: "/_plugins/_alerting/monitors/_search", body: { query: { query_string: { query: "*alertpath*" } } } });
      expect((monitors.body as { hits: { hits: unknown[] } }).hits.hits).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
