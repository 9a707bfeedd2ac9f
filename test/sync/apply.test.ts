import { describe, expect, it } from "vitest";
import { applyPlan, StalePlanError } from "../../src/sync/apply.ts";
import { TargetHttpError } from "../../src/sync/clients/http-errors.ts";
import { planChanges } from "../../src/sync/plan.ts";
import type { DesiredResource } from "../../src/sync/target.ts";
import { desired, FakeAdapter } from "./support/fake-adapter.ts";

const noSleep = { sleep: async (): Promise<void> => {}, random: () => 0.5 };

async function planFor(adapter: FakeAdapter, wanted: DesiredResource[], prune = true) {
  const live = await adapter.readLive();
  return { live, plan: planChanges(wanted, live, { prune, target: { kind: adapter.kind, location: adapter.location } }) };
}

async function deploy(adapter: FakeAdapter, wanted: DesiredResource[], prune = true) {
  const { live, plan } = await planFor(adapter, wanted, prune);
  return applyPlan(plan, adapter, { plannedLive: live, retry: noSleep });
}

describe("applyPlan", () => {
  it("creates and updates first, deletes last", async () => {
    const adapter = new FakeAdapter();
    adapter.seed({ id: "old", name: "old", body: { q: 0 }, managed: true });
    adapter.seed({ id: "b", name: "b", body: { q: 0 }, managed: true });
    const report = await deploy(adapter, [desired("a"), desired("b")]);
    expect(report.failed).toBe(0);
    const writes = adapter.calls.filter((c) => c !== "readLive");
    expect(writes.at(-1)).toBe("delete:old");
    expect(writes.slice(0, 2).sort()).toEqual(["create:a", "update:b"]);
    expect(adapter.managedIds()).toEqual(["a", "b"]);
  });

  it("applies nothing for orphans without prune and leaves unmanaged objects alone", async () => {
    const adapter = new FakeAdapter();
    adapter.seed({ id: "old", name: "old", body: { q: 0 }, managed: true });
    adapter.seed({ id: "hand-made", name: "hand", body: { q: 0 }, managed: false });
    const report = await deploy(adapter, [], false);
    expect(report.results).toEqual([]);
    expect(adapter.objects.size).toBe(2);
    await deploy(adapter, [], true);
    expect([...adapter.objects.values()].map((o) => o.id)).toEqual(["hand-made"]);
  });

  it("keeps at most `concurrency` calls in flight", async () => {
    const adapter = new FakeAdapter();
    adapter.gate = () => new Promise((resolve) => setImmediate(resolve));
    const wanted = Array.from({ length: 20 }, (_, i) => desired(`r${i}`));
    const { live, plan } = await planFor(adapter, wanted);
    const report = await applyPlan(plan, adapter, { plannedLive: live, concurrency: 3, retry: noSleep });
    expect(report.results.filter((r) => r.ok)).toHaveLength(20);
    expect(adapter.maxInFlight).toBe(3);
  });

  it("retries 429 and 503 with backoff through the injected sleep, then succeeds", async () => {
    const adapter = new FakeAdapter();
    adapter.failWith = ({ method, attempt }) =>
      method === "create" && attempt === 1
        ? new TargetHttpError({ status: 429, action: "create", message: "throttled" })
        : method === "create" && attempt === 2
          ? new TargetHttpError({ status: 503, action: "create", message: "unavailable" })
          : undefined;
    const sleeps: number[] = [];
    const retries: number[] = [];
    const { live, plan } = await planFor(adapter, [desired("a")]);
    const report = await applyPlan(plan, adapter, {
      plannedLive: live,
      retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, baseDelayMs: 100 },
      hooks: { onRetry: (_c, info) => retries.push(info.attempt) },
    });
    expect(report.results).toEqual([{ id: "a", kind: "create", ok: true, attempts: 3 }]);
    expect(sleeps).toEqual([50, 100]); // full jitter at 0.5 of 100, then 200
    expect(retries).toEqual([1, 2]);
  });

  it("does not retry a 400 and reports the rule with its status", async () => {
    const adapter = new FakeAdapter();
    adapter.failWith = ({ method, id }) =>
      method === "create" && id === "bad" ? new TargetHttpError({ status: 400, action: "create", ruleId: "bad", message: "parse error" }) : undefined;
    const report = await deploy(adapter, [desired("bad"), desired("good")]);
    expect(report.failed).toBe(1);
    expect(report.results.find((r) => r.id === "bad")).toEqual({ id: "bad", kind: "create", ok: false, attempts: 1, error: "parse error", status: 400 });
    expect(adapter.managedIds()).toEqual(["good"]);
  });

  it("gives up after maxAttempts on a persistent 5xx", async () => {
    const adapter = new FakeAdapter();
    adapter.failWith = ({ method }) => (method === "update" ? new TargetHttpError({ status: 502, action: "update", message: "bad gateway" }) : undefined);
    adapter.seed({ id: "a", name: "a", body: { q: 0 }, managed: true });
    const { live, plan } = await planFor(adapter, [desired("a")]);
    const report = await applyPlan(plan, adapter, { plannedLive: live, retry: { ...noSleep, maxAttempts: 3 } });
    expect(report.results[0]).toMatchObject({ ok: false, attempts: 3, status: 502 });
  });

  it("converges after a failure half-way: the next plan lists exactly what is left", async () => {
    const adapter = new FakeAdapter();
    const wanted = Array.from({ length: 6 }, (_, i) => desired(`r${i}`));
    adapter.failWith = ({ method, id }) =>
      method === "create" && (id === "r2" || id === "r4") ? Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) : undefined;
    const first = await deploy(adapter, wanted);
    expect(first.failed).toBe(2);
    adapter.failWith = () => undefined;
    const { plan } = await planFor(adapter, wanted);
    expect(plan.changes.filter((c) => c.kind !== "noop").map((c) => `${c.kind}:${c.id}`)).toEqual(["create:r2", "create:r4"]);
    await deploy(adapter, wanted);
    const { plan: after } = await planFor(adapter, wanted);
    expect(after.summary).toMatchObject({ create: 0, update: 0, delete: 0, noop: 6 });
  });

  it("removes the duplicate a retried create leaves when the first response was lost", async () => {
    const adapter = new FakeAdapter();
    // First attempt writes, then the connection drops before the response.
    adapter.failWith = ({ method, attempt }) =>
      method === "create" && attempt === 1 ? { after: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) } : undefined;
    const report = await deploy(adapter, [desired("a")]);
    expect(report.results.map((r) => [r.kind, r.ok, r.duplicate ?? false])).toEqual([
      ["create", true, false],
      ["delete", true, true],
    ]);
    expect(adapter.managedIds()).toEqual(["a"]);
    expect([...adapter.objects.keys()]).toEqual(["r0001"]); // the smallest remote id survives
  });

  it("two deploys at once end in the same state as one", async () => {
    const adapter = new FakeAdapter();
    adapter.gate = () => new Promise((resolve) => setImmediate(resolve));
    const wanted = Array.from({ length: 5 }, (_, i) => desired(`r${i}`));
    const a = await planFor(adapter, wanted);
    const b = await planFor(adapter, wanted);
    await Promise.all([
      applyPlan(a.plan, adapter, { plannedLive: a.live, retry: noSleep }),
      applyPlan(b.plan, adapter, { plannedLive: b.live, retry: noSleep }),
    ]);
    expect(adapter.managedIds()).toEqual(["r0", "r1", "r2", "r3", "r4"]);
  });

  it("refuses a saved plan when the live state changed since planning", async () => {
    const adapter = new FakeAdapter();
    adapter.seed({ id: "a", name: "a", body: { q: 0 }, managed: true });
    const { plan } = await planFor(adapter, [desired("a")]);
    adapter.editByHand("a", (body) => (body["q"] = 42));
    await expect(applyPlan(plan, adapter, { retry: noSleep })).rejects.toBeInstanceOf(StalePlanError);
    expect(adapter.calls.filter((c) => c !== "readLive")).toEqual([]);
  });

  it("accepts a saved plan when only unmanaged objects changed", async () => {
    const adapter = new FakeAdapter();
    const { plan } = await planFor(adapter, [desired("a")]);
    adapter.seed({ id: "x", name: "x", body: {}, managed: false });
    const report = await applyPlan(plan, adapter, { retry: noSleep });
    expect(report.failed).toBe(0);
    expect(adapter.managedIds()).toEqual(["a"]);
  });

  it("refuses a plan made for another target", async () => {
    const { plan } = await planFor(new FakeAdapter("fake://one"), [desired("a")]);
    await expect(applyPlan(plan, new FakeAdapter("fake://two"))).rejects.toThrow(/not opensearch fake:\/\/two/);
  });

  it("restores a drifted object", async () => {
    const adapter = new FakeAdapter();
    await deploy(adapter, [desired("a")]);
    adapter.editByHand("a", (body) => (body["enabled"] = false));
    const { plan } = await planFor(adapter, [desired("a")]);
    expect(plan.changes[0]).toMatchObject({ kind: "update", drift: true });
    await deploy(adapter, [desired("a")]);
    expect([...adapter.objects.values()][0]?.body).toEqual(desired("a").body);
  });
});
