/**
 * Two dac projects (two repositories) deploying to one OpenSearch node (the
 * shared one from test/cluster/global-setup.ts): each manages only its own
 * monitors, and a prune by one leaves the other's monitors alone. The
 * projects come from environments.yaml the way `dac deploy` reads them: one
 * names `project:`, the other takes the default from its package.json.
 * Adapters are scoped to this file's id prefix so monitors other test files
 * deployed are never pruned.
 */
import { writeItEnvironments } from "./it-environments.ts";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { applyPlan, createTargetAdapters, planSession, prepareSyncSession, renderSummaryLine, type PlannedTarget } from "../../src/sync/index.ts";
import { copyPack, type PackCopy } from "./support/pack-copy.ts";
import { scopeAdapter } from "./support/scoped-adapter.ts";

const url = inject("opensearchUrl");
const MONITORS = `${url}/_plugins/_alerting/monitors`;
// The Alerting plugin only returns ui_metadata (dac's marker) to this user agent.
const HEADERS = { "content-type": "application/json", "user-agent": "OpenSearch-Dashboards dac-test" };
const PREFIX = "projit-";

/** A repository folder with environments.yaml (and optionally package.json); returns the environments file. */
function makeRepo(name: string, options: { project?: string; packageName?: string }): string {
  const dir = join(mkdtempSync(join(tmpdir(), "dac-projects-")), name);
  mkdirSync(dir);
  if (options.packageName !== undefined) writeFileSync(join(dir, "package.json"), JSON.stringify({ name: options.packageName }));
  return writeItEnvironments(dir, url, options.project);
}

async function planRepo(envFile: string, pack: PackCopy, prune: boolean): Promise<PlannedTarget> {
  const prepared = await prepareSyncSession({
    environmentsFile: envFile,
    environment: "it",
    detections: [pack.dir],
    // The real factory (it reads the project off the environment), scoped to this file's ids.
    createAdapters: (env) => createTargetAdapters(env).map((a) => scopeAdapter(a, PREFIX)),
  });
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.diagnostics, null, 2));
  const [planned] = await planSession(prepared.session, { prune });
  if (!planned) throw new Error("no target");
  return planned;
}

async function deployRepo(envFile: string, pack: PackCopy, prune: boolean) {
  const planned = await planRepo(envFile, pack, prune);
  // Default retries with real backoff: on a fresh node the first concurrent
  // creates race the Alerting config index's creation ("all shards failed").
  const report = await applyPlan(planned.plan, planned.adapter, { plannedLive: planned.live });
  return { plan: planned.plan, report };
}

interface MonitorHit {
  _id: string;
  _source: { ui_metadata?: { dac?: { id?: string; project?: string } } };
}

async function searchMonitors(): Promise<MonitorHit[]> {
  const res = await fetch(`${MONITORS}/_search`, { method: "POST", headers: HEADERS, body: JSON.stringify({ size: 1000, query: { match_all: {} } }) });
  const body = (await res.json()) as { hits?: { hits?: MonitorHit[] } };
  return body.hits?.hits ?? [];
}

/** project -> detection ids of this file's monitors. */
async function idsByProject(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const hit of await searchMonitors()) {
    const dac = hit._source.ui_metadata?.dac;
    if (!dac?.id?.startsWith(PREFIX)) continue;
    (out[dac.project ?? "(none)"] ??= []).push(dac.id);
  }
  for (const ids of Object.values(out)) ids.sort();
  return out;
}

/** Monitors on the node that carry a dac project other than `project` (other test files may have left some). */
async function countOtherProjects(project: string): Promise<number> {
  return (await searchMonitors()).filter((h) => {
    const p = h._source.ui_metadata?.dac?.project;
    return p !== undefined && p !== project;
  }).length;
}

async function clearPrefix(): Promise<void> {
  for (const hit of await searchMonitors()) {
    if (hit._source.ui_metadata?.dac?.id?.startsWith(PREFIX)) await fetch(`${MONITORS}/${hit._id}?refresh=wait_for`, { method: "DELETE" });
  }
}

describe("two dac projects on one OpenSearch node", () => {
  it("each deploys its pack; a prune by one leaves the other's monitors alone", async () => {
    await clearPrefix();
    const blueEnv = makeRepo("blue-repo", { project: "projit-blue" });
    // No `project:`: the default is package.json's name, kebab-cased.
    const redEnv = makeRepo("red-repo", { packageName: "@corp/projit-red" });
    using bluePack = copyPack(`${PREFIX}b-`);
    using redPack = copyPack(`${PREFIX}r-`);
    try {
      const blue = await deployRepo(blueEnv, bluePack, true);
      expect(blue.report.results.filter((r) => !r.ok)).toEqual([]);
      const red = await deployRepo(redEnv, redPack, true);
      // Red's --prune plan did not see blue's monitors as orphans.
      expect(red.report.failed).toBe(0);
      expect(red.plan.summary).toMatchObject({ create: redPack.ids.length, delete: 0, orphaned: 0 });
      expect(red.plan.summary.otherProjects).toBeGreaterThanOrEqual(bluePack.ids.length);
      expect(await idsByProject()).toEqual({ "projit-blue": bluePack.ids, "corp-projit-red": redPack.ids });

      const bluePlan = (await planRepo(blueEnv, bluePack, true)).plan;
      expect(bluePlan.summary).toMatchObject({ create: 0, update: 0, delete: 0, orphaned: 0, noop: bluePack.ids.length, otherProjects: await countOtherProjects("projit-blue") });
      expect(renderSummaryLine(bluePlan)).toContain(`${bluePlan.summary.otherProjects} managed by other dac projects left alone`);

      // Blue removes every module and prunes: only blue's monitors go.
      const blueIds = [...bluePack.ids];
      for (const id of blueIds) bluePack.remove(id);
      const pruned = await deployRepo(blueEnv, bluePack, true);
      expect(pruned.report.failed).toBe(0);
      expect(pruned.report.results.map((r) => `${r.kind}:${r.id}`).sort()).toEqual(blueIds.map((id) => `delete:${id}`));
      expect(await idsByProject()).toEqual({ "corp-projit-red": redPack.ids });

      // Red's monitors are untouched: its next plan is empty.
      const redAgain = (await planRepo(redEnv, redPack, true)).plan;
      expect(redAgain.summary).toMatchObject({ create: 0, update: 0, delete: 0, orphaned: 0, noop: redPack.ids.length });
    } finally {
      for (const id of [...redPack.ids]) redPack.remove(id);
      await deployRepo(redEnv, redPack, true);
      await clearPrefix();
    }
  });
});
