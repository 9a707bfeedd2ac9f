import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFixtureEvents, runDetectionOffline, type Alert } from "../../../src/replay/index.ts";
import type { OpenSearchHttp } from "../../../src/sync/clients/opensearch-adapter.ts";
import { tieOrder } from "../../fixtures/detection/tie-order/tie-order.ts";
import { SINGLE_NODE, type ClusterTarget, createEventIndex, deleteIndex, raiseTemplateCompileLimits, runOnCluster, shardsHolding, type MonitorRunner, type TestEvent } from "./cluster-harness.ts";
import { makeDetection } from "./detection-fixture.ts";

/**
 * Equal timestamps without a tiebreaker: the sequence monitor orders them by
 * `_id` (digit runs as numbers) on any number of shards, so the fixtures of
 * test/fixtures/detection/tie-order give the alerts `dac test --offline`
 * expects of them (test/cli/test.test.ts runs that) on one node
 * (tie-order.int.test.ts) and on a 3-node cluster with 6 shards
 * (three-node.multinode.test.ts). Each fixture is built so that file order,
 * plain string order of the ids, or any shard's write order gives other alerts.
 */
const FIXTURES = join(import.meta.dirname, "../../fixtures/detection/tie-order");
const TESTS = tieOrder.tests ?? [];

export function defineTieOrderDifferential(runner: MonitorRunner, target: ClusterTarget = SINGLE_NODE): void {
  let http: OpenSearchHttp;
  const detection = makeDetection({ query: tieOrder.query, entityField: tieOrder.entityField ?? "host.name", indices: [`dac-it-ties-${process.pid}-*`] });

  beforeAll(async () => {
    http = target.connect();
    await raiseTemplateCompileLimits(http);
  });

  const describeAlerts = (alerts: readonly Alert[]) => alerts.map((a) => `${a.entity}: ${a.events.map((e) => e.id).join(" ")}`).sort();

  describe("equal timestamps are ordered by _id, as offline", () => {
    it.each(TESTS.map((t, i) => [t.name, i] as const))("%s", async (_name, i) => {
      const test = TESTS[i]!;
      const fixture = readFixtureEvents(join(FIXTURES, test.fixture));
      const events: TestEvent[] = fixture.map((e) => ({ id: e.id, source: e.source }));
      const index = `dac-it-ties-${process.pid}-${i}`;
      await createEventIndex(http, index, events, undefined, target.shards);
      try {
        if (target.shards > 1) expect(await shardsHolding(http, index, target.shards)).toBeGreaterThan(1);
        const at = Date.parse(String(fixture[0]!.source["@timestamp"]));
        const run = await runOnCluster(http, { ...detection, indices: [index] }, at + 60_000, runner);
        expect(run.error).toBeNull();
        const onNode = run.alerts.flatMap((a) => (a.sequences ?? []).map((s) => `${a.entity}: ${s.events.map((e) => e.id).join(" ")}`)).sort();
        const offline = runDetectionOffline(detection, fixture);
        expect(onNode).toEqual(describeAlerts(offline));
        // ...and what the detection module's test expects (a count, an entity).
        expect(offline).toHaveLength(test.expectAlerts);
        for (const alert of offline) expect(alert.entity).toBe(test.expectEntity ?? alert.entity);
      } finally {
        await deleteIndex(http, index);
      }
    });
  });
}
