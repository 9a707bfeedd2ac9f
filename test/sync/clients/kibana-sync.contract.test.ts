import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKibanaAdapters } from "../../../src/sync/clients/kibana-adapter.ts";
import { applyPlan, planChanges, planHasChanges, readLiveState, type TargetAdapter } from "../../../src/sync/index.ts";
import { startKibanaContractServer, type StartedKibanaContractServer } from "../../contract/kibana-contract-server.ts";
import { makeDetection } from "../../targets/elastic/fixtures.ts";
import { desiredOf } from "./kibana-test-kit.ts";
import { CONTRACT_TIMEOUT_MS } from "../../contract/kibana-contract-server.ts";

const pack = [
  makeDetection(),
  makeDetection({ id: "psexec-named-pipe", name: "PsExec named pipe", exceptions: [] }),
  makeDetection({ id: "psexesvc-child-shell", name: "PSEXESVC child shell", enabled: false }),
];

async function plan(adapter: TargetAdapter, detections = pack, prune = false) {
  const live = await readLiveState(adapter);
  return { live, plan: planChanges(detections.map(desiredOf), live, { prune, target: { kind: adapter.kind, location: adapter.location } }) };
}

// The sync engine (planChanges/applyPlan) driving the real Kibana adapter
// against the contract server: plan, deploy, empty re-plan, drift, prune.
describe("plan/deploy cycle on Kibana (contract)", { timeout: CONTRACT_TIMEOUT_MS }, () => {
  let server: StartedKibanaContractServer;
  let adapter: TargetAdapter;
  beforeEach(async () => {
    server = await startKibanaContractServer();
    [adapter] = createKibanaAdapters({ url: server.url, spaces: ["soc"] }, { sleep: async () => undefined }) as [TargetAdapter];
  });
  afterEach(async () => {
    expect(server.violations).toEqual([]);
    await server.close();
  });

  it("deploys a pack, then plans no changes", async () => {
    const first = await plan(adapter);
    expect(first.plan.summary).toMatchObject({ create: 3, update: 0, delete: 0 });
    const report = await applyPlan(first.plan, adapter, { plannedLive: first.live });
    expect(report.failed).toBe(0);
    const second = await plan(adapter);
    expect(planHasChanges(second.plan)).toBe(false);
    expect(second.plan.summary.noop).toBe(3);
  });

  it("reports drift when a rule is edited in Kibana, and deploy puts it back", async () => {
    const first = await plan(adapter);
    await applyPlan(first.plan, adapter, { plannedLive: first.live });
    const rule = server.state.space("soc").rules.get("psexec-named-pipe")!;
    server.state.space("soc").rules.set("psexec-named-pipe", { ...rule, risk_score: 5, query: 'any where process.name == "x"' });
    const drifted = await plan(adapter);
    const change = drifted.plan.changes.find((c) => c.id === "psexec-named-pipe");
    expect(change?.kind).toBe("update");
    expect(change?.drift).toBe(true);
    expect(change?.fieldChanges?.map((f) => f.path).sort()).toEqual(["rule.query", "rule.risk_score"]);
    await applyPlan(drifted.plan, adapter, { plannedLive: drifted.live });
    expect(planHasChanges((await plan(adapter)).plan)).toBe(false);
  });

  it("treats a code change as an update without drift", async () => {
    const first = await plan(adapter);
    await applyPlan(first.plan, adapter, { plannedLive: first.live });
    const changed = [makeDetection({ riskScore: 99 }), ...pack.slice(1)];
    const next = await plan(adapter, changed);
    const change = next.plan.changes.find((c) => c.id === "psexec-service-install");
    expect(change).toMatchObject({ kind: "update", drift: false });
    expect(change?.fieldChanges).toEqual([{ path: "rule.risk_score", op: "change", before: 73, after: 99 }]);
  });

  it("prunes a detection removed from code (rule and exception list), only with prune", async () => {
    const first = await plan(adapter);
    await applyPlan(first.plan, adapter, { plannedLive: first.live });
    const remaining = pack.slice(1);
    const listed = await plan(adapter, remaining, false);
    expect(listed.plan.summary).toMatchObject({ delete: 0, orphaned: 1 });
    const pruning = await plan(adapter, remaining, true);
    expect(pruning.plan.summary.delete).toBe(1);
    await applyPlan(pruning.plan, adapter, { plannedLive: pruning.live });
    expect(server.state.space("soc").rules.has("psexec-service-install")).toBe(false);
    expect(server.state.space("soc").lists.has("psexec-service-install--exceptions")).toBe(false);
    expect(planHasChanges((await plan(adapter, remaining, true)).plan)).toBe(false);
  });

  it("refuses a saved plan once Kibana changed underneath it", async () => {
    const first = await plan(adapter);
    await adapter.create(desiredOf(makeDetection({ id: "sneaky", name: "created meanwhile", exceptions: [] })));
    await expect(applyPlan(first.plan, adapter)).rejects.toThrow(/stale/);
  });
});
