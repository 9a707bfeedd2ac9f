import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../../../src/config/index.ts";
import { loadDetections } from "../../../src/detection/index.ts";
import { createKibanaAdapters, compileKibanaDesiredResource } from "../../../src/sync/clients/kibana-adapter.ts";
import { createKibanaClient } from "../../../src/sync/clients/kibana-client.ts";
import { applyPlan, buildDesiredResources, exportTarget, planChanges, planHasChanges, readLiveState, type TargetAdapter } from "../../../src/sync/index.ts";
import { compileKibanaDesired } from "../../../src/targets/elastic/index.ts";
import { makeDetection } from "../../targets/elastic/fixtures.ts";
import { CONTRACT_TIMEOUT_MS, startKibanaContractServer, type StartedKibanaContractServer } from "../../contract/kibana-contract-server.ts";

const PACK = resolve(import.meta.dirname, "../../../detections/psexec");
const env = {
  name: "soc",
  engine: "elastic",
  url: "http://unused",
  indices: {},
  ruleDefaults: {},
  spaces: ["soc"],
  exceptionValues: {
    adminSourceHosts: ["JUMP01"],
    adminSourceIps: ["10.0.0.0/8"],
    adminAccounts: ["svc-admin"],
    rmmParentProcesses: ["ninjarmm.exe"],
    rmmSigners: ["NinjaOne"],
    patchSourceIps: ["10.1.1.1"],
  },
} as unknown as ResolvedEnvironment;

/** The pack (or modules exported from it) compiled for Kibana, as `dac plan` would. */
async function desiredFrom(paths: readonly string[]) {
  const pack = await loadDetections(paths);
  expect(pack.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const build = buildDesiredResources(pack, env, { compile: compileKibanaDesiredResource });
  expect(build.diagnostics).toEqual([]);
  return { count: pack.detections.length, desired: build.desired };
}

async function plan(adapter: TargetAdapter, desired: Awaited<ReturnType<typeof desiredFrom>>["desired"]) {
  const live = await readLiveState(adapter);
  return { live, plan: planChanges(desired, live, { prune: true, target: { kind: adapter.kind, location: adapter.location } }) };
}

// `dac export` on Kibana: the pack deployed, exported back to modules, and
// those modules planned against the same space must show no changes.
describe("dac export on Kibana (contract)", { timeout: CONTRACT_TIMEOUT_MS }, () => {
  let server: StartedKibanaContractServer;
  let adapter: TargetAdapter;
  let out: string;
  beforeEach(async () => {
    server = await startKibanaContractServer();
    [adapter] = createKibanaAdapters({ url: server.url, spaces: ["soc"] }, { sleep: async () => undefined }) as [TargetAdapter];
    out = mkdtempSync(join(tmpdir(), "dac-kibana-export-"));
  });
  afterEach(async () => {
    rmSync(out, { recursive: true, force: true });
    expect(server.violations).toEqual([]);
    await server.close();
  });

  it("exports the deployed pack so that planning the exported modules shows no changes", async () => {
    const pack = await desiredFrom([PACK]);
    const first = await plan(adapter, pack.desired);
    expect((await applyPlan(first.plan, adapter, { plannedLive: first.live })).failed).toBe(0);

    const result = await exportTarget(adapter, out);
    expect(result.skipped).toEqual([]);
    expect(result.modules.map((m) => m.path).sort()).toEqual(pack.desired.map((d) => `${d.id}.ts`).sort());
    expect(result.modules.every((m) => m.managed && !m.text.includes("TODO"))).toBe(true);
    for (const module of result.modules) writeFileSync(join(out, module.path), module.text);

    const exported = await desiredFrom([out, join(PACK, "exceptions.ts")]);
    expect(exported.count).toBe(pack.count);
    const again = await plan(adapter, exported.desired);
    expect(again.plan.changes.filter((c) => c.kind !== "noop")).toEqual([]);
    expect(planHasChanges(again.plan)).toBe(false);
    // The exception names came back from the list items, in the module's order.
    const withExceptions = result.modules.find((m) => m.id === "admin-share-binary-then-service-install");
    expect(withExceptions?.text).toContain('exceptions: ["it-admin-remediation", "patch-management"]');
  });

  it("exports an unmanaged EQL rule under unmanaged/ with TODOs and skips a non-EQL rule", async () => {
    const client = createKibanaClient({ url: server.url, space: "soc", sleep: async () => undefined });
    const common = { description: "made in the Kibana UI", severity: "medium", risk_score: 40, index: ["logs-system.system-*", "winlogbeat-*"], interval: "5m", from: "now-6m" };
    await client.request({ method: "POST", path: "/api/exception_lists", body: { list_id: "legacy-hosts", name: "Legacy hosts", description: "x", type: "detection", namespace_type: "single" }, action: "create", subject: "list" });
    await client.request({
      method: "POST",
      path: "/api/detection_engine/rules",
      body: { ...common, name: "Handmade PsExec pipe", type: "eql", language: "eql", query: 'file where file.name : "PSEXESVC*"', exceptions_list: [{ id: "legacy-hosts", list_id: "legacy-hosts", type: "detection", namespace_type: "single" }] },
      action: "create",
      subject: "unmanaged eql rule",
    });
    await client.request({
      method: "POST",
      path: "/api/detection_engine/rules",
      body: { ...common, rule_id: "kql-rule", name: "Handmade KQL", type: "query", language: "kuery", query: "process.name: psexec.exe" },
      action: "create",
      subject: "unmanaged query rule",
    });

    const result = await exportTarget(adapter, out);
    expect(result.skipped).toEqual([{ id: "kql-rule", name: "Handmade KQL", reason: expect.stringMatching(/a query rule .*only EQL rules become detections/) }]);
    expect(result.modules.map((m) => [m.path, m.managed])).toEqual([["unmanaged/handmade-psexec-pipe.ts", false]]);
    const text = result.modules[0]?.text ?? "";
    expect(text).toContain("TODO: the rule uses the exception lists legacy-hosts (detection, single)");
    expect(text).toContain("TODO: add the ATT&CK technique ids");
    expect(text).toContain('dataSources: ["windows-system"]');
    expect(text).toContain('schedule: { interval: "5m", lookback: "1m" }');

    // Written and loaded, the module is a detection once its MITRE TODO is filled in.
    const file = join(out, result.modules[0]!.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text.replace("mitre: []", 'mitre: ["T1569.002"]'));
    const loaded = await loadDetections([file]);
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(loaded.detections[0]).toMatchObject({ id: "handmade-psexec-pipe", query: 'file where file.name : "PSEXESVC*"', indices: ["logs-system.system-*", "winlogbeat-*"] });
    expect(readFileSync(file, "utf8")).toContain("Exported by dac from the unmanaged Kibana rule");
  });

  it("exports only its own project's rules and reports another project's as skipped", async () => {
    const [blue, red] = ["blue", "red"].map((project) => createKibanaAdapters({ url: server.url, spaces: ["soc"], project }, { sleep: async () => undefined })[0] as TargetAdapter) as [TargetAdapter, TargetAdapter];
    const desired = [compileKibanaDesired(makeDetection({ id: "blue-service" }), { project: "blue" })];
    const first = await plan(blue, desired);
    expect((await applyPlan(first.plan, blue, { plannedLive: first.live })).failed).toBe(0);
    const asBlue = await exportTarget(blue, out);
    expect(asBlue.modules.map((m) => m.path)).toEqual(["blue-service.ts"]);
    expect(asBlue.modules[0]?.text).toContain('exceptions: ["it-admin-hosts"]');
    expect(asBlue.modules[0]?.text).not.toContain("dac:");
    const asRed = await exportTarget(red, out);
    expect(asRed.modules).toEqual([]);
    expect(asRed.skipped).toEqual([{ id: "blue-service", name: "PsExec service installed", reason: 'managed by the dac project "blue": export it from that project' }]);
  });
});
