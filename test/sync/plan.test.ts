import { describe, expect, it } from "vitest";
import { hashBody } from "../../src/sync/hash.ts";
import { planChanges } from "../../src/sync/plan.ts";
import { planHasChanges, selectApplicableChanges } from "../../src/sync/plan-model.ts";
import type { JsonObject, LiveResource, LiveState } from "../../src/sync/target.ts";
import { desired } from "./support/fake-adapter.ts";

const target = { kind: "opensearch" as const, location: "http://localhost:9200" };

function liveOf(id: string, body: JsonObject, extra: Partial<LiveResource> = {}): LiveResource {
  return { id, name: `Rule ${id}`, body, handle: null, appliedHash: hashBody(body), remoteId: `m-${id}`, ...extra };
}
function state(managed: LiveResource[], unmanagedCount = 0): LiveState {
  return { managed, unmanagedCount, calls: 1 };
}

describe("planChanges", () => {
  it("creates what is only in code, keeps what matches as noop", () => {
    const plan = planChanges([desired("a"), desired("b")], state([liveOf("b", desired("b").body)]), { prune: false, target });
    expect(plan.changes.map((c) => [c.kind, c.id])).toEqual([
      ["create", "a"],
      ["noop", "b"],
    ]);
    expect(plan.summary).toEqual({ create: 1, update: 0, delete: 0, orphaned: 0, noop: 1, drift: 0, unmanaged: 0 });
    expect(plan.formatVersion).toBe(1);
    expect(plan.target).toEqual(target);
  });

  it("treats key order as irrelevant (content hash of key-sorted JSON)", () => {
    const plan = planChanges([desired("a", { x: 1, y: { b: 2, a: 1 } })], state([liveOf("a", { y: { a: 1, b: 2 }, x: 1 })]), { prune: false });
    expect(plan.changes[0]?.kind).toBe("noop");
    expect(planHasChanges(plan)).toBe(false);
  });

  it("updates with a field-level diff when the code changed", () => {
    const old = { query: "old", tags: ["t1", "t2"], enabled: true };
    const now = { query: "new", tags: ["t1"], enabled: true, severity: "high" };
    const plan = planChanges([desired("a", now)], state([liveOf("a", old)]), { prune: false });
    const change = plan.changes[0];
    expect(change?.kind).toBe("update");
    expect(change?.drift).toBe(false);
    expect(change?.reason).toBe("code changed");
    expect(change?.fieldChanges).toEqual([
      { path: "query", op: "change", before: "old", after: "new" },
      { path: "severity", op: "add", after: "high" },
      { path: "tags[1]", op: "remove", before: "t2" },
    ]);
  });

  it("flags drift when the live body changed outside dac but the code did not", () => {
    const body = { query: "q", nested: { size: 10 } };
    const edited = { query: "q", nested: { size: 99 } };
    const live = liveOf("a", edited, { appliedHash: hashBody(body) });
    const plan = planChanges([desired("a", body)], state([live]), { prune: false });
    expect(plan.changes[0]).toMatchObject({ kind: "update", drift: true });
    expect(plan.changes[0]?.reason).toMatch(/^drift: changed outside dac/);
    expect(plan.changes[0]?.fieldChanges).toEqual([{ path: "nested.size", op: "change", before: 99, after: 10 }]);
    expect(plan.summary.drift).toBe(1);
  });

  it("tells drift plus a code change apart from a plain code change", () => {
    const applied = { query: "v1" };
    const live = liveOf("a", { query: "hand-edited" }, { appliedHash: hashBody(applied) });
    const plan = planChanges([desired("a", { query: "v2" })], state([live]), { prune: false });
    expect(plan.changes[0]).toMatchObject({ kind: "update", drift: true, reason: "code changed, and the live object was also changed outside dac" });
  });

  it("without appliedHash it cannot claim drift", () => {
    const live = liveOf("a", { query: "x" }, { appliedHash: undefined });
    const plan = planChanges([desired("a", { query: "y" })], state([live]), { prune: false });
    expect(plan.changes[0]).toMatchObject({ kind: "update", drift: false });
  });

  it("lists managed objects missing from code as orphans without prune, and deletes them with it", () => {
    const live = state([liveOf("gone", { q: 1 })], 3);
    const kept = planChanges([], live, { prune: false });
    expect(kept.changes).toHaveLength(1);
    expect(kept.changes[0]).toMatchObject({ kind: "delete", pruned: false });
    expect(kept.changes[0]?.reason).toMatch(/use --prune/);
    expect(kept.summary).toMatchObject({ delete: 0, orphaned: 1, unmanaged: 3 });
    expect(selectApplicableChanges(kept)).toEqual([]);
    expect(planHasChanges(kept)).toBe(false);

    const pruned = planChanges([], live, { prune: true });
    expect(pruned.changes[0]).toMatchObject({ kind: "delete", pruned: true, remoteId: "m-gone" });
    expect(pruned.summary).toMatchObject({ delete: 1, orphaned: 0 });
    expect(selectApplicableChanges(pruned)).toHaveLength(1);
  });

  it("never plans anything for unmanaged objects, only counts them", () => {
    const plan = planChanges([desired("a")], state([liveOf("a", desired("a").body)], 5), { prune: true });
    expect(plan.changes.map((c) => c.kind)).toEqual(["noop"]);
    expect(plan.summary.unmanaged).toBe(5);
  });

  it("counts other dac projects' objects apart, and leaves the field out when there are none", () => {
    const plan = planChanges([desired("a")], { ...state([], 1), otherProjectsCount: 3 }, { prune: true });
    expect(plan.changes.map((c) => [c.kind, c.id])).toEqual([["create", "a"]]);
    expect(plan.summary).toMatchObject({ unmanaged: 1, otherProjects: 3, delete: 0 });
    expect(planChanges([desired("a")], { ...state([]), otherProjectsCount: 0 }, { prune: true }).summary).not.toHaveProperty("otherProjects");
  });

  it("deletes duplicates of one id (even without prune), keeping the smallest remote id", () => {
    const body = desired("a").body;
    const live = state([liveOf("a", body, { remoteId: "zz" }), liveOf("a", body, { remoteId: "aa" }), liveOf("a", body, { remoteId: "mm" })]);
    const plan = planChanges([desired("a")], live, { prune: false });
    expect(plan.changes.map((c) => [c.kind, c.remoteId, c.pruned])).toEqual([
      ["delete", "mm", true],
      ["delete", "zz", true],
      ["noop", "aa", undefined],
    ]);
  });

  it("without remoteIds, tells duplicates apart by handle and keeps the copy that matches the code", () => {
    const body = desired("a").body;
    const stale = { id: "a", name: "a", body: { ...body, enabled: false }, handle: { monitorId: "m1" } };
    const good = { id: "a", name: "a", body, handle: { monitorId: "m2" } };
    const plan = planChanges([desired("a")], state([stale, good]), { prune: false });
    expect(plan.changes.map((c) => [c.kind, c.remoteId])).toEqual([
      ["delete", '{"monitorId":"m1"}'],
      ["noop", '{"monitorId":"m2"}'],
    ]);
  });

  it("compares appliedHash in the adapter's own hash scheme when it has one", () => {
    // A scheme that ignores `meta` (as a target that stores its hash inside the body must).
    const hashContent = (b: JsonObject): string => hashBody({ ...b, meta: null });
    const applied = { q: 1, meta: "h1" };
    const live = liveOf("a", { q: 2, meta: "h1" }, { appliedHash: hashContent(applied) });
    const plan = planChanges([desired("a", applied)], state([live]), { prune: false, hashContent });
    expect(plan.changes[0]).toMatchObject({ kind: "update", drift: true, reason: expect.stringMatching(/^drift/) });
    const codeChange = planChanges([desired("a", { q: 3, meta: "h2" })], state([liveOf("a", applied, { appliedHash: hashContent(applied) })]), {
      prune: false,
      hashContent,
    });
    expect(codeChange.changes[0]).toMatchObject({ kind: "update", drift: false, reason: "code changed" });
  });

  it("orders changes by id then kind, whatever the input order", () => {
    const live = state([liveOf("c", { q: 1 }), liveOf("a", { q: 2 }), liveOf("z", { q: 3 })]);
    const d = [desired("b"), desired("a", { q: 9 }), desired("c", { q: 1 })];
    const one = planChanges(d, live, { prune: true });
    const two = planChanges([...d].reverse(), state([...live.managed].reverse()), { prune: true });
    expect(one.changes.map((c) => `${c.kind}:${c.id}`)).toEqual(["update:a", "create:b", "noop:c", "delete:z"]);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it("fingerprints the live state it read, independent of unmanaged objects and order", () => {
    const a = liveOf("a", { q: 1 });
    const b = liveOf("b", { q: 2 });
    const p1 = planChanges([], state([a, b], 0), { prune: false });
    const p2 = planChanges([desired("x")], state([b, a], 7), { prune: true });
    const p3 = planChanges([], state([a, liveOf("b", { q: 3 })]), { prune: false });
    expect(p1.liveFingerprint).toBe(p2.liveFingerprint);
    expect(p3.liveFingerprint).not.toBe(p1.liveFingerprint);
  });

  it("is JSON-serializable: a round trip gives an equal value", () => {
    const plan = planChanges([desired("a", { q: 2 }), desired("b")], state([liveOf("a", { q: 1 }), liveOf("c", { q: 1 })]), { prune: true });
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it("rejects duplicate desired ids as a caller bug", () => {
    expect(() => planChanges([desired("a"), desired("a")], state([]), { prune: false })).toThrow(/duplicate desired id a/);
  });
});
