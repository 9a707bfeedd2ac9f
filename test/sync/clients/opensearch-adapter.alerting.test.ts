import { afterAll, describe, expect, inject, it } from "vitest";
import { createOpenSearchAdapter } from "../../../src/sync/clients/opensearch-adapter.ts";
import { TargetHttpError } from "../../../src/sync/clients/http-errors.ts";
import { compileOpenSearchDesired } from "../../../src/targets/opensearch/index.ts";
import { makeDetection } from "../../targets/opensearch/detection-fixture.ts";

/**
 * The adapter against a real node: after create, readLive returns a body equal
 * to the desired one (canonical form undoes OpenSearch's re-serialisation, and
 * ui_metadata round-trips); update is concurrency-checked; delete is idempotent;
 * monitors without dac's marker are counted, never returned.
 */
const adapter = createOpenSearchAdapter({ url: inject("opensearchUrl") });
const tag = `it${process.pid}`;
const event = makeDetection({ id: `${tag}-event`, name: `${tag} event`, query: 'process where process.name : "psexesvc.exe" and not user.name in ("a", "b")', enabled: true, exceptions: [{ name: "x", description: "", entries: [{ kind: "wildcard", field: "file.path", pattern: "C:\\Tools\\*" }] }] });
const sequence = makeDetection({ id: `${tag}-seq`, name: `${tag} seq`, enabled: false, tiebreakerField: "event.sequence", query: 'sequence by host.name with maxspan=2m [file where file.name regex~ "ps.*"] [process where startsWith~(process.name, "cmd") and process.pid > 4] until [process where event.type == "end"]' });

async function mine() {
  const live = await adapter.readLive();
  return { ...live, managed: live.managed.filter((m) => m.id.startsWith(tag)) };
}

afterAll(async () => {
  for (const m of (await mine()).managed) await adapter.delete(m);
  await adapter.http.request({ method: "DELETE", path: `/_plugins/_alerting/monitors/${unmanagedId}`, action: "cleanup", accept: [404] });
});

let unmanagedId = "none";

describe("opensearch adapter", () => {
  it("create -> readLive equals desired (event and sequence monitors)", async () => {
    const desired = [compileOpenSearchDesired(event), compileOpenSearchDesired(sequence)];
    for (const d of desired) await adapter.create(d);
    const live = await mine();
    expect(live.calls).toBe(1);
    expect(live.managed.map((m) => m.id)).toEqual([`${tag}-event`, `${tag}-seq`]);
    for (const d of desired) expect(live.managed.find((m) => m.id === d.id)?.body).toEqual(d.body);
    expect(live.managed.find((m) => m.id === `${tag}-event`)?.body.enabled).toBe(true); // created disabled, then enabled
  });

  it("counts monitors without the marker as unmanaged", async () => {
    const before = (await adapter.readLive()).unmanagedCount;
    const { ui_metadata: _ui, ...plain } = compileOpenSearchDesired(makeDetection({ id: `${tag}-plain` })).body;
    const created = await adapter.http.request<{ _id: string }>({ method: "POST", path: "/_plugins/_alerting/monitors", query: { refresh: "wait_for" }, body: { ...plain, name: `${tag} unmanaged` }, action: "test" });
    unmanagedId = created.body._id;
    const after = await adapter.readLive();
    expect(after.unmanagedCount).toBe(before + 1);
    expect(after.managed.some((m) => m.name === `${tag} unmanaged`)).toBe(false);
  });

  it("update changes the monitor and is refused on a stale seq_no", async () => {
    const live = (await mine()).managed.find((m) => m.id === `${tag}-event`)!;
    const changed = compileOpenSearchDesired({ ...event, severity: "low" });
    await adapter.update(changed, live);
    const after = (await mine()).managed.find((m) => m.id === `${tag}-event`)!;
    expect(after.body).toEqual(changed.body);
    const stale = adapter.update(compileOpenSearchDesired(event), live);
    await expect(stale).rejects.toBeInstanceOf(TargetHttpError);
    await expect(stale).rejects.toMatchObject({ status: 409, ruleId: `${tag}-event`, action: "update" });
  });

  it("executes a saved monitor and reads its per-entity alerts", async () => {
    const live = (await mine()).managed.find((m) => m.id === `${tag}-seq`)!;
    // An index for the monitor's logs-test-* pattern: over a pattern that matches no index the search
    // has no aggregations, and Alerting 2.19 fails every bucket-level monitor on that ("aggs is null").
    await adapter.http.request({ method: "PUT", path: `/logs-test-${tag}`, body: { mappings: { properties: { "@timestamp": { type: "date" } } } }, action: "test" });
    try {
      const run = await adapter.executeMonitor((live.handle as { monitorId: string }).monitorId, Date.now());
      expect(run.error).toBeNull();
      expect(run.triggered).toBe(false);
    } finally {
      await adapter.http.request({ method: "DELETE", path: `/logs-test-${tag}`, action: "cleanup", accept: [404] });
    }
  });

  it("delete removes and is idempotent", async () => {
    const live = (await mine()).managed.find((m) => m.id === `${tag}-seq`)!;
    await adapter.delete(live);
    await adapter.delete(live);
    expect((await mine()).managed.map((m) => m.id)).toEqual([`${tag}-event`]);
  });
});
