import { describe, expect, it } from "vitest";
import { withMonitorBookkeeping } from "../../../src/sync/clients/monitor-bookkeeping.ts";
import type { LiveState, TargetAdapter } from "../../../src/sync/target.ts";
import { hashMonitor } from "../../../src/targets/opensearch/index.ts";

function adapterReturning(live: LiveState): TargetAdapter {
  return { kind: "opensearch", location: "x", readLive: async () => live, create: async () => {}, update: async () => {}, delete: async () => {} };
}

describe("withMonitorBookkeeping", () => {
  const body = { name: "m", ui_metadata: { dac: { managed: true, id: "a", hash: "stored-hash" } } };

  it("reads appliedHash from ui_metadata.dac.hash and remoteId from the handle", async () => {
    const adapter = withMonitorBookkeeping(adapterReturning({ managed: [{ id: "a", name: "m", body, handle: { monitorId: "M1", seqNo: 1, primaryTerm: 1 } }], unmanagedCount: 2, calls: 1 }));
    const live = await adapter.readLive();
    expect(live.managed[0]).toMatchObject({ appliedHash: "stored-hash", remoteId: "M1" });
    expect(live.unmanagedCount).toBe(2);
    expect(adapter.hashContent?.(body)).toBe(hashMonitor(body));
  });

  it("keeps what the adapter already set", async () => {
    const adapter = withMonitorBookkeeping(adapterReturning({ managed: [{ id: "a", name: "m", body, handle: null, appliedHash: "own", remoteId: "R" }], unmanagedCount: 0, calls: 1 }));
    expect((await adapter.readLive()).managed[0]).toMatchObject({ appliedHash: "own", remoteId: "R" });
  });
});
