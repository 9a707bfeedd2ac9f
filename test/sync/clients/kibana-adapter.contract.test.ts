import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashBody } from "../../../src/sync/hash.ts";
import { startKibanaContractServer, type StartedKibanaContractServer } from "../../contract/kibana-contract-server.ts";
import { makeDetection } from "../../targets/elastic/fixtures.ts";
import { connectAdapter, desiredOf, operationsSince } from "./kibana-test-kit.ts";
import { CONTRACT_TIMEOUT_MS } from "../../contract/kibana-contract-server.ts";

// Contract tests: the real adapter and HTTP client against a server that
// validates every request and response with Kibana's own OpenAPI bundles.
describe("Kibana adapter (contract)", { timeout: CONTRACT_TIMEOUT_MS }, () => {
  let server: StartedKibanaContractServer;
  beforeEach(async () => {
    server = await startKibanaContractServer();
  });
  afterEach(async () => {
    expect(server.violations).toEqual([]);
    await server.close();
  });

  it("creates safely: exceptions first, rule disabled, then enabled", async () => {
    const { adapter } = connectAdapter(server);
    await adapter.create(desiredOf(makeDetection()));
    expect(operationsSince(server)).toEqual(["CreateExceptionList", "CreateExceptionListItem", "CreateRule", "PatchRule"]);
    const createRule = server.requests.find((r) => r.operationId === "CreateRule");
    expect((createRule?.body as { enabled: boolean }).enabled).toBe(false);
    const stored = server.state.space("default").rules.get("psexec-service-install");
    const list = server.state.space("default").lists.get("psexec-service-install--exceptions");
    expect(stored?.enabled).toBe(true);
    expect(stored?.exceptions_list).toEqual([{ id: list?.id, list_id: "psexec-service-install--exceptions", type: "detection", namespace_type: "single" }]);
  });

  it("does not enable a rule the detection disables", async () => {
    const { adapter } = connectAdapter(server);
    await adapter.create(desiredOf(makeDetection({ enabled: false, exceptions: [] })));
    expect(operationsSince(server)).toEqual(["CreateRule"]);
    expect(server.state.space("default").rules.get("psexec-service-install")?.enabled).toBe(false);
  });

  it("reads back exactly the desired body (noise-free round trip), with remote id and applied hash", async () => {
    const { adapter } = connectAdapter(server);
    const desired = desiredOf(makeDetection());
    await adapter.create(desired);
    const live = await adapter.readLive();
    expect(live.managed).toHaveLength(1);
    expect(live.managed[0]?.body).toEqual(desired.body);
    expect(live.managed[0]?.appliedHash).toBe(hashBody(desired.body));
    expect(live.managed[0]?.remoteId).toBe(server.state.space("default").rules.get(desired.id)?.id);
    expect(live.unmanagedCount).toBe(0);
  });

  it("updates query and exceptions: adds, changes and removes items, then PUTs the rule", async () => {
    const { adapter } = connectAdapter(server);
    const before = makeDetection({
      exceptions: [
        { name: "keep", description: "k", entries: [{ kind: "equals", field: "user.name", value: "a" }] },
        { name: "drop", description: "d", entries: [{ kind: "exists", field: "user.domain" }] },
      ],
    });
    await adapter.create(desiredOf(before));
    const after = makeDetection({
      query: 'any where event.code == "7045" and service.name : "PSEXESVC"',
      exceptions: [
        { name: "keep", description: "k", entries: [{ kind: "equals", field: "user.name", value: "b" }] },
        { name: "new", description: "n", entries: [{ kind: "cidr", field: "source.ip", cidrs: ["10.0.0.0/8"] }] },
      ],
    });
    const [live] = (await adapter.readLive()).managed;
    const mark = server.requests.length;
    await adapter.update(desiredOf(after), live!);
    // Exceptions change before the rule, so a rule enabled by this PUT already sees them.
    expect(operationsSince(server, mark)).toEqual(["UpdateExceptionList", "UpdateExceptionListItem", "CreateExceptionListItem", "DeleteExceptionListItem", "UpdateRule"]);
    const [reread] = (await adapter.readLive()).managed;
    expect(reread?.body).toEqual(desiredOf(after).body);
    expect([...server.state.space("default").items.keys()].sort()).toEqual(["psexec-service-install--keep", "psexec-service-install--new"]);
  });

  it("detaches and deletes the list when a detection loses all its exceptions", async () => {
    const { adapter } = connectAdapter(server);
    await adapter.create(desiredOf(makeDetection()));
    const [live] = (await adapter.readLive()).managed;
    const mark = server.requests.length;
    await adapter.update(desiredOf(makeDetection({ exceptions: [] })), live!);
    expect(operationsSince(server, mark)).toEqual(["UpdateRule", "DeleteExceptionList"]);
    expect(server.state.space("default").lists.size).toBe(0);
    expect(server.state.space("default").items.size).toBe(0);
    expect((await adapter.readLive()).managed[0]?.body).toEqual(desiredOf(makeDetection({ exceptions: [] })).body);
  });

  it("deletes the rule and its list, and a second delete is a no-op", async () => {
    const { adapter } = connectAdapter(server);
    await adapter.create(desiredOf(makeDetection()));
    const [live] = (await adapter.readLive()).managed;
    await adapter.delete(live!);
    expect(server.state.space("default").rules.size).toBe(0);
    expect(server.state.space("default").lists.size).toBe(0);
    await adapter.delete(live!);
    expect((await adapter.readLive()).managed).toEqual([]);
  });

  it("pages through managed rules and counts unmanaged ones", async () => {
    const { adapter, client } = connectAdapter(server);
    const space = server.state.space("default");
    // Three deployed through the API (with exception lists), the rest seeded straight into state.
    for (let i = 0; i < 3; i++) await adapter.create(desiredOf(makeDetection({ id: `bulk-${String(i).padStart(3, "0")}`, name: `Bulk ${i}` })));
    const template = space.rules.get("bulk-000")!;
    for (let i = 3; i < 230; i++) {
      const id = `bulk-${String(i).padStart(3, "0")}`;
      space.rules.set(id, { ...template, id: randomUUID(), rule_id: id, name: `Bulk ${i}`, exceptions_list: [] });
    }
    for (let i = 0; i < 5; i++) space.rules.set(`hand-made-${i}`, { ...template, id: randomUUID(), rule_id: `hand-made-${i}`, tags: ["mine"], exceptions_list: [] });
    const before = client.calls;
    const live = await adapter.readLive();
    expect(live.managed).toHaveLength(230);
    expect(live.unmanagedCount).toBe(5);
    expect(live.managed.map((r) => r.id)).toEqual([...live.managed.map((r) => r.id)].sort());
    // 3 rule pages + 1 count + 1 list page + 1 item read per managed list
    expect(live.calls).toBe(3 + 1 + 1 + 3);
    expect(client.calls - before).toBe(live.calls);
  });

  it("converges when a create finds the rule or list already there (409 -> update)", async () => {
    const { adapter } = connectAdapter(server);
    await adapter.create(desiredOf(makeDetection({ name: "old name" })));
    const mark = server.requests.length;
    await adapter.create(desiredOf(makeDetection()));
    const ops = operationsSince(server, mark);
    expect(ops).toContain("UpdateExceptionList");
    expect(ops).toContain("UpdateRule");
    expect(server.state.space("default").rules.get("psexec-service-install")?.name).toBe("PsExec service installed");
  });
});
