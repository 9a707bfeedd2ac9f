import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKibanaAdapters } from "../../../src/sync/clients/kibana-adapter.ts";
import { applyPlan, planChanges, planHasChanges, readLiveState, type TargetAdapter } from "../../../src/sync/index.ts";
import { compileKibanaDesired } from "../../../src/targets/elastic/index.ts";
import type { ResolvedDetection } from "../../../src/detection/model.ts";
import { CONTRACT_TIMEOUT_MS, startKibanaContractServer, type StartedKibanaContractServer } from "../../contract/kibana-contract-server.ts";
import { makeDetection } from "../../targets/elastic/fixtures.ts";

// Two repositories (dac projects) deploying to one Kibana space: each manages,
// plans and prunes only its own rules and exception lists.
const bluePack = [makeDetection({ id: "blue-psexec-service" }), makeDetection({ id: "blue-named-pipe", name: "Blue named pipe", exceptions: [] })];
const redPack = [makeDetection({ id: "red-psexec-service", name: "Red service" }), makeDetection({ id: "red-named-pipe", name: "Red named pipe", exceptions: [] })];

describe("two dac projects in one Kibana space (contract)", { timeout: CONTRACT_TIMEOUT_MS }, () => {
  let server: StartedKibanaContractServer;
  const adapterFor = (project?: string): TargetAdapter =>
    createKibanaAdapters({ url: server.url, spaces: ["soc"], ...(project !== undefined ? { project } : {}) }, { sleep: async () => undefined })[0] as TargetAdapter;

  async function deploy(project: string | undefined, detections: readonly ResolvedDetection[], prune: boolean) {
    const adapter = adapterFor(project);
    const live = await readLiveState(adapter);
    const desired = detections.map((d) => compileKibanaDesired(d, project !== undefined ? { project } : {}));
    const plan = planChanges(desired, live, { prune, target: { kind: adapter.kind, location: adapter.location } });
    const report = await applyPlan(plan, adapter, { plannedLive: live });
    return { plan, report };
  }

  const soc = () => server.state.space("soc");
  const ruleIds = () => [...soc().rules.keys()].sort();
  const listIds = () => [...soc().lists.keys()].sort();

  beforeEach(async () => {
    server = await startKibanaContractServer();
    expect((await deploy("blue", bluePack, true)).report.failed).toBe(0);
    expect((await deploy("red", redPack, true)).report.failed).toBe(0);
  });
  afterEach(async () => {
    expect(server.violations).toEqual([]);
    await server.close();
  });

  it("each project sees only its own objects as managed, and counts the other's apart", async () => {
    const blue = await readLiveState(adapterFor("blue"));
    expect(blue.managed.map((m) => m.id)).toEqual(["blue-named-pipe", "blue-psexec-service"]);
    expect(blue).toMatchObject({ otherProjectsCount: 2, unmanagedCount: 0 });
    const again = await deploy("red", redPack, true);
    expect(planHasChanges(again.plan)).toBe(false);
    expect(again.plan.summary).toMatchObject({ noop: 2, otherProjects: 2, orphaned: 0 });
    expect(soc().rules.get("red-psexec-service")?.tags).toContain("dac:project:red");
    expect(soc().lists.get("red-psexec-service--exceptions")?.tags).toEqual(["dac:managed", "dac:project:red"]);
  });

  it("a prune of one project leaves the other project's rules and lists intact", async () => {
    const pruned = await deploy("blue", [], true);
    expect(pruned.plan.changes.map((c) => [c.kind, c.id])).toEqual([
      ["delete", "blue-named-pipe"],
      ["delete", "blue-psexec-service"],
    ]);
    expect(pruned.report.failed).toBe(0);
    expect(ruleIds()).toEqual(["red-named-pipe", "red-psexec-service"]);
    expect(listIds()).toEqual(["red-psexec-service--exceptions"]);
    expect([...soc().items.keys()].every((id) => id.startsWith("red-"))).toBe(true);
    expect(planHasChanges((await deploy("red", redPack, true)).plan)).toBe(false);
  });

  it("adopts managed objects deployed before projects (no project tag): the next deploy writes the tag", async () => {
    const legacy = makeDetection({ id: "legacy-rule", name: "Legacy rule" });
    expect((await deploy(undefined, [legacy], false)).report.failed).toBe(0);
    expect(soc().rules.get("legacy-rule")?.tags).not.toContain("dac:project:blue");

    const adopt = await deploy("blue", [...bluePack, legacy], true);
    expect(adopt.plan.changes.filter((c) => c.kind !== "noop").map((c) => [c.kind, c.id])).toEqual([["update", "legacy-rule"]]);
    expect(adopt.report.failed).toBe(0);
    expect(soc().rules.get("legacy-rule")?.tags).toContain("dac:project:blue");
    expect(soc().lists.get("legacy-rule--exceptions")?.tags).toContain("dac:project:blue");
    // Now blue's: red no longer adopts it, and red's prune leaves it alone.
    const red = await deploy("red", redPack, true);
    expect(red.plan.changes.map((c) => c.id)).not.toContain("legacy-rule");
    expect(red.plan.summary.otherProjects).toBe(3);
    expect(ruleIds()).toContain("legacy-rule");
  });

  it("refuses to create a rule whose id another project already holds in the space", async () => {
    const before = soc().rules.get("blue-named-pipe");
    const clash = await deploy("red", [...redPack, makeDetection({ id: "blue-named-pipe", name: "Red's copy", exceptions: [] })], true);
    expect(clash.plan.changes.find((c) => c.id === "blue-named-pipe")?.kind).toBe("create");
    expect(clash.report.results.find((r) => r.id === "blue-named-pipe")).toMatchObject({ ok: false, error: expect.stringMatching(/owned by dac project "blue"/) });
    expect(soc().rules.get("blue-named-pipe")).toEqual(before);
  });
});
