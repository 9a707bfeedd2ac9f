/**
 * The sync engine against a real OpenSearch node (the shared one from
 * test/cluster/global-setup.ts): deploy, no-op plan, field-level update,
 * prune, unmanaged monitors, dropped connections, concurrent deploys, drift.
 * Every detection id here carries a per-test prefix and adapters are scoped to
 * it, so pruning never touches monitors other test files deployed.
 */
import { writeItEnvironments } from "./it-environments.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withMonitorBookkeeping } from "../../src/sync/clients/monitor-bookkeeping.ts";
import { createOpenSearchAdapter } from "../../src/sync/clients/opensearch-adapter.ts";
import { applyPlan, exportTarget, planSession, prepareSyncSession, type Plan, type PlannedTarget, type TargetAdapter } from "../../src/sync/index.ts";
import { copyPack, type PackCopy } from "./support/pack-copy.ts";
import { scopeAdapter } from "./support/scoped-adapter.ts";
import { TcpProxy } from "./support/tcp-proxy.ts";

const url = inject("opensearchUrl");
const MONITORS = `${url}/_plugins/_alerting/monitors`;
// The Alerting plugin only returns ui_metadata (dac's marker) to this user agent.
const HEADERS = { "content-type": "application/json", "user-agent": "OpenSearch-Dashboards dac-test" };
const fast = { sleep: async (): Promise<void> => {}, maxAttempts: 2 };

let envFile: string;
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "dac-sync-env-"));
  envFile = writeItEnvironments(dir, url);
});

function adapterFor(prefix: string, target = url): TargetAdapter {
  return scopeAdapter(withMonitorBookkeeping(createOpenSearchAdapter({ url: target })), prefix);
}

async function planPack(pack: PackCopy, prefix: string, prune = false, target = url): Promise<PlannedTarget> {
  const prepared = await prepareSyncSession({
    environmentsFile: envFile,
    environment: "it",
    detections: [pack.dir],
    createAdapters: () => [adapterFor(prefix, target)],
  });
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.diagnostics, null, 2));
  const [planned] = await planSession(prepared.session, { prune });
  if (!planned) throw new Error("no target");
  return planned;
}

async function deployPack(pack: PackCopy, prefix: string, prune = false, target = url) {
  const planned = await planPack(pack, prefix, prune, target);
  const report = await applyPlan(planned.plan, planned.adapter, { plannedLive: planned.live, retry: fast });
  return { plan: planned.plan, report };
}

interface MonitorHit {
  _id: string;
  _source: { name: string; ui_metadata?: { dac?: { id?: string } }; [k: string]: unknown };
}

async function searchMonitors(): Promise<MonitorHit[]> {
  const res = await fetch(`${MONITORS}/_search`, { method: "POST", headers: HEADERS, body: JSON.stringify({ size: 1000, query: { match_all: {} } }) });
  const body = (await res.json()) as { hits?: { hits?: MonitorHit[] } };
  return body.hits?.hits ?? [];
}

/** How many monitors carry each detection id with `prefix`. */
async function countByDetectionId(prefix: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const hit of await searchMonitors()) {
    const id = hit._source.ui_metadata?.dac?.id;
    if (id?.startsWith(prefix)) counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}

/** Deletes monitors a failed earlier run left behind under `prefix`, so each test starts empty. */
async function clearPrefix(prefix: string): Promise<void> {
  for (const hit of await searchMonitors()) {
    if (hit._source.ui_metadata?.dac?.id?.startsWith(prefix)) await fetch(`${MONITORS}/${hit._id}?refresh=wait_for`, { method: "DELETE" });
  }
}

const changed = (plan: Plan) => plan.changes.filter((c) => c.kind !== "noop").map((c) => `${c.kind}:${c.id}`);

describe("sync against OpenSearch", () => {
  let unmanagedId: string;

  beforeAll(async () => {
    // A monitor someone made by hand: dac must never touch it.
    const res = await fetch(MONITORS, {
      method: "POST",
      headers: HEADERS,
      body: JSON.stringify({
        type: "monitor",
        monitor_type: "query_level_monitor",
        name: "hand-made sync test monitor",
        enabled: false,
        schedule: { period: { interval: 10, unit: "MINUTES" } },
        inputs: [
          {
            search: {
              indices: ["hand-made-*"],
              query: {
                size: 0,
                query: {
                  bool: {
                    filter: [
                      { range: { "@timestamp": { gte: "{{period_end}}||-10m", lte: "{{period_end}}", format: "epoch_millis" } } },
                      { term: { "event.category": "process" } },
                      { terms: { "process.name": ["psexec.exe", "paexec.exe"] } },
                    ],
                  },
                },
              },
            },
          },
        ],
        triggers: [
          {
            query_level_trigger: {
              name: "any hit",
              severity: "2",
              condition: { script: { source: "ctx.results[0].hits.total.value > 0", lang: "painless" } },
              actions: [],
            },
          },
        ],
      }),
    });
    expect(res.status).toBe(201);
    unmanagedId = ((await res.json()) as { _id: string })._id;
  });

  afterAll(async () => {
    // The unmanaged monitor must have survived every test in this file.
    const res = await fetch(`${MONITORS}/${unmanagedId}`, { headers: HEADERS });
    expect(res.status).toBe(200);
    await fetch(`${MONITORS}/${unmanagedId}`, { method: "DELETE" });
  });

  it("deploys the pack, then plans no changes; an edit shows exactly that field; a removed module is deleted only with prune", async () => {
    const prefix = "syncit-a-";
    await clearPrefix(prefix);
    using pack = copyPack(prefix);
    const first = await deployPack(pack, prefix);
    expect(first.plan.summary.create).toBe(pack.ids.length);
    expect(first.report.failed).toBe(0);
    expect((await planPack(pack, prefix)).plan.summary).toMatchObject({ create: 0, update: 0, delete: 0, noop: pack.ids.length });

    // Edit one module field: the monitor name.
    const edited = `${prefix}psexesvc-child-shell`;
    pack.edit(edited, (t) => t.replace('name: "Shell Spawned by PSEXESVC"', 'name: "Shell Spawned by PSEXESVC (edited)"'));
    const afterEdit = (await planPack(pack, prefix)).plan;
    expect(changed(afterEdit)).toEqual([`update:${edited}`]);
    const update = afterEdit.changes.find((c) => c.kind === "update");
    expect(update?.drift).toBe(false);
    // The name lives in the monitor and in the embedded source (for export); dac's own hash follows it.
    expect(update?.fieldChanges?.map((f) => f.path)).toEqual(["name", "ui_metadata.dac.hash", "ui_metadata.dac.source.name"]);
    expect(update?.fieldChanges?.[0]).toMatchObject({ before: "Shell Spawned by PSEXESVC", after: "Shell Spawned by PSEXESVC (edited)" });
    await deployPack(pack, prefix);
    expect(changed((await planPack(pack, prefix)).plan)).toEqual([]);

    // Remove a module: listed, kept without --prune, deleted with it.
    const removed = `${prefix}renamed-psexesvc`;
    pack.remove(removed);
    const kept = await deployPack(pack, prefix, false);
    expect(kept.plan.changes.find((c) => c.id === removed)).toMatchObject({ kind: "delete", pruned: false });
    expect(kept.report.results).toEqual([]);
    expect((await countByDetectionId(prefix))[removed]).toBe(1);
    const pruned = await deployPack(pack, prefix, true);
    expect(pruned.report.results).toEqual([expect.objectContaining({ id: removed, kind: "delete", ok: true })]);
    expect((await countByDetectionId(prefix))[removed]).toBeUndefined();
    expect(changed((await planPack(pack, prefix, true)).plan)).toEqual([]);

    await deployPack(copyPackEmptyLike(pack), prefix, true);
    expect(await countByDetectionId(prefix)).toEqual({});
  });

  it("a connection dropped mid-deploy: the rerun converges with nothing lost or duplicated", async () => {
    const prefix = "syncit-b-";
    await clearPrefix(prefix);
    using pack = copyPack(prefix);
    const target = new URL(url);
    await using proxy = await new TcpProxy(target.hostname, Number(target.port)).start();
    proxy.cutAfterRequests(12); // the live read, then about five creates (create + enable each)
    const first = await deployPack(pack, prefix, false, proxy.url);
    expect(first.report.failed).toBeGreaterThan(0);
    expect(first.report.results.filter((r) => r.ok).length).toBeGreaterThan(0);

    await proxy.restart();
    const between = await planPack(pack, prefix, false, proxy.url);
    // The plan describes exactly what is missing or half-done (created but not yet enabled).
    expect(between.plan.summary.create + between.plan.summary.update + between.plan.summary.delete).toBeGreaterThan(0);
    const second = await applyPlan(between.plan, between.adapter, { plannedLive: between.live, retry: fast });
    expect(second.failed).toBe(0);
    const final = (await planPack(pack, prefix, false, proxy.url)).plan;
    expect(final.changes.filter((c) => c.kind !== "noop").map(({ kind, id, fieldChanges, reason }) => ({ kind, id, fieldChanges, reason }))).toEqual([]);
    const counts = await countByDetectionId(prefix);
    expect(Object.keys(counts).sort()).toEqual(pack.ids);
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);

    await deployPack(copyPackEmptyLike(pack), prefix, true);
  });

  it("two deploys at once end in the same state as one (no duplicate monitors)", async () => {
    const prefix = "syncit-c-";
    await clearPrefix(prefix);
    using pack = copyPack(prefix);
    const [a, b] = await Promise.all([planPack(pack, prefix), planPack(pack, prefix)]);
    if (!a || !b) throw new Error("no plans");
    expect(a.plan.summary.create).toBe(pack.ids.length);
    await Promise.all([
      applyPlan(a.plan, a.adapter, { plannedLive: a.live, retry: fast }),
      applyPlan(b.plan, b.adapter, { plannedLive: b.live, retry: fast }),
    ]);
    const counts = await countByDetectionId(prefix);
    expect(Object.keys(counts).sort()).toEqual(pack.ids);
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
    expect(changed((await planPack(pack, prefix)).plan)).toEqual([]);

    await deployPack(copyPackEmptyLike(pack), prefix, true);
  });

  it("a monitor changed outside dac shows as drift and deploy restores it", async () => {
    const prefix = "syncit-d-";
    await clearPrefix(prefix);
    using pack = copyPack(prefix);
    await deployPack(pack, prefix);
    const id = `${prefix}psexec-named-pipes`;
    const hit = (await searchMonitors()).find((h) => h._source.ui_metadata?.dac?.id === id);
    if (!hit) throw new Error(`monitor ${id} not found`);
    const { _id } = hit;
    const source = { ...hit._source, schedule: { period: { interval: 42, unit: "MINUTES" } } };
    const put = await fetch(`${MONITORS}/${_id}?refresh=wait_for`, { method: "PUT", headers: HEADERS, body: JSON.stringify(source) });
    expect(put.status).toBe(200);

    const drifted = (await planPack(pack, prefix)).plan;
    expect(changed(drifted)).toEqual([`update:${id}`]);
    const change = drifted.changes.find((c) => c.id === id);
    expect(change).toMatchObject({ drift: true });
    expect(change?.reason).toMatch(/^drift: changed outside dac/);
    expect(change?.fieldChanges).toEqual([{ path: "schedule.period.interval", op: "change", before: 42, after: 5 }]);
    expect(drifted.summary.drift).toBe(1);

    await deployPack(pack, prefix);
    expect(changed((await planPack(pack, prefix)).plan)).toEqual([]);
    await deployPack(copyPackEmptyLike(pack), prefix, true);
  });
});

describe("export against OpenSearch", () => {
  it("exports managed monitors exactly (export then plan shows no changes) and translates an unmanaged one", async () => {
    const prefix = "syncit-e-";
    await clearPrefix(prefix);
    using pack = copyPack(prefix);
    await deployPack(pack, prefix);
    const hand = await fetch(MONITORS, {
      method: "POST",
      headers: HEADERS,
      body: JSON.stringify({
        type: "monitor",
        monitor_type: "query_level_monitor",
        name: "syncit-e hand-made psexec",
        enabled: true,
        schedule: { period: { interval: 10, unit: "MINUTES" } },
        inputs: [{ search: { indices: ["logs-*"], query: { size: 0, query: { bool: { filter: [
          { range: { "@timestamp": { gte: "{{period_end}}||-20m", lte: "{{period_end}}", format: "epoch_millis" } } },
          { term: { "event.category": "process" } },
          { terms: { "process.name": ["psexec.exe", "paexec.exe"] } },
          { bool: { must_not: [{ term: { "user.name": { value: "svc-backup" } } }] } },
        ] } } } } }],
        triggers: [{ query_level_trigger: { name: "t", severity: "2", condition: { script: { source: "ctx.results[0].hits.total.value > 0", lang: "painless" } }, actions: [] } }],
      }),
    });
    const handId = ((await hand.json()) as { _id: string })._id;
    try {
      const out = mkdtempSync(join(tmpdir(), "dac-export-"));
      const result = await exportTarget(adapterFor(prefix), out);
      const mine = result.modules.filter((m) => m.managed && m.id.startsWith(prefix));
      expect(mine.map((m) => m.id).sort()).toEqual(pack.ids);
      for (const m of mine) writeFileSync(join(out, m.path), m.text);

      // The exported modules, with the pack's exception and pack definitions, plan to nothing.
      const prepared = await prepareSyncSession({
        environmentsFile: envFile,
        environment: "it",
        detections: [...mine.map((m) => join(out, m.path)), join(pack.dir, "exceptions.ts"), join(pack.dir, "pack.ts")],
        createAdapters: () => [adapterFor(prefix)],
      });
      if (!prepared.ok) throw new Error(JSON.stringify(prepared.diagnostics, null, 2));
      const [planned] = await planSession(prepared.session, { prune: true });
      expect(planned && changed(planned.plan)).toEqual([]);
      expect(planned?.plan.summary.noop).toBe(pack.ids.length);

      const translated = result.modules.find((m) => !m.managed && m.text.includes("syncit-e hand-made psexec"));
      expect(translated?.path).toBe("unmanaged/syncit-e-hand-made-psexec.ts");
      expect(translated?.text).toContain('query: String.raw`process where process.name in ("psexec.exe", "paexec.exe") and not user.name == "svc-backup"`');
      expect(translated?.text).toContain('schedule: { interval: "10m", lookback: "20m" }');
      expect(translated?.text).toContain("// TODO: add the ATT&CK technique ids");
    } finally {
      await fetch(`${MONITORS}/${handId}?refresh=wait_for`, { method: "DELETE" });
      await deployPack(copyPackEmptyLike(pack), prefix, true);
    }
  });
});

/** A pack with the same folder but no detections: pruning with it removes everything the test deployed. */
function copyPackEmptyLike(pack: PackCopy): PackCopy {
  for (const id of [...pack.ids]) pack.remove(id);
  return pack;
}
