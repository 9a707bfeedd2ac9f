import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../../../src/config/index.ts";
import { loadDetections } from "../../../src/detection/index.ts";
import { applyModuleWrites, importElasticRules } from "../../../src/importers/index.ts";
import { createKibanaAdapters, compileKibanaDesiredResource } from "../../../src/sync/clients/kibana-adapter.ts";
import { applyPlan, buildDesiredResources, planChanges, readLiveState, type TargetAdapter } from "../../../src/sync/index.ts";
import { CONTRACT_TIMEOUT_MS, startKibanaContractServer, type StartedKibanaContractServer } from "../../contract/kibana-contract-server.ts";

const FIXTURES = "test/fixtures/importers/elastic";
const env = { name: "soc", engine: "elastic", url: "http://unused", indices: {}, ruleDefaults: {}, spaces: ["soc"], exceptionValues: {} } as unknown as ResolvedEnvironment;

async function desiredFrom(dir: string) {
  const pack = await loadDetections([dir]);
  expect(pack.diagnostics).toEqual([]);
  const build = buildDesiredResources(pack, env, { compile: compileKibanaDesiredResource });
  expect(build.diagnostics).toEqual([]);
  return build.desired;
}

function importTo(paths: string[]): string {
  const out = join(mkdtempSync(join(tmpdir(), "dac-import-rt-")), "elastic");
  const result = importElasticRules(paths, { outDir: out });
  expect(result.writes.some((w) => w.kind === "conflict")).toBe(false);
  applyModuleWrites(result.writes);
  return out;
}

// Imported rules deployed to a space, exported with Kibana's own `_export`,
// imported again: the second pack must plan no changes against the space.
describe("Kibana export -> dac import elastic -> plan (contract)", { timeout: CONTRACT_TIMEOUT_MS }, () => {
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

  it("plans no changes for the modules imported from the space's export", async () => {
    const first = await desiredFrom(importTo([`${FIXTURES}/repo`, `${FIXTURES}/kibana/export.ndjson`]));
    const live = await readLiveState(adapter);
    const deploy = planChanges(first, live, { prune: true, target: { kind: adapter.kind, location: adapter.location } });
    expect((await applyPlan(deploy, adapter, { plannedLive: live })).failed).toBe(0);

    const response = await fetch(`${server.url}/s/soc/api/detection_engine/rules/_export`, {
      method: "POST",
      // No body: Kibana exports every rule of the space.
      headers: { "kbn-xsrf": "dac-test", "elastic-api-version": "2023-10-31" },
    });
    expect(response.status).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), "dac-kibana-export-")), "rules_export.ndjson");
    writeFileSync(file, await response.text());

    const again = await desiredFrom(importTo([file]));
    expect(again.map((d) => d.id).sort()).toEqual(first.map((d) => d.id).sort());
    const plan = planChanges(again, await readLiveState(adapter), { prune: true, target: { kind: adapter.kind, location: adapter.location } });
    expect(plan.changes).toHaveLength(first.length);
    expect(plan.changes.filter((c) => c.kind !== "noop")).toEqual([]);
  });
});
