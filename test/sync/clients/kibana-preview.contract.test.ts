import { Client } from "@elastic/elasticsearch";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compileKibanaPreviewBody, previewDetectionOnKibana } from "../../../src/replay/kibana-preview.ts";
import { createKibanaClient } from "../../../src/sync/clients/kibana-client.ts";
import type { JsonObject } from "../../../src/sync/target.ts";
import { sharedKibanaContract, startKibanaContractServer, type StartedKibanaContractServer } from "../../contract/kibana-contract-server.ts";
import type { PreviewRun } from "../../contract/kibana-contract-state.ts";
import { formatIssues } from "../../contract/openapi-contract.ts";
import { makeDetection } from "../../targets/elastic/fixtures.ts";
import { CONTRACT_TIMEOUT_MS } from "../../contract/kibana-contract-server.ts";

// What Kibana's EQL executor writes for one sequence hit (shell + building
// blocks sharing a group id) and one single-event hit.
function fakeExecutorAlerts(run: PreviewRun): JsonObject[] {
  const group = `${run.previewId}-g1`;
  return [
    { "kibana.alert.group.id": group, "kibana.alert.original_time": "2020-10-19T03:30:00.000Z", host: { name: "WORKSTATION5" } },
    { "kibana.alert.group.id": group, "kibana.alert.group.index": 1, "kibana.alert.building_block_type": "default", "kibana.alert.original_time": "2020-10-19T03:30:02.000Z", "kibana.alert.ancestors": [{ id: "evt-2" }], host: { name: "WORKSTATION5" } },
    { "kibana.alert.group.id": group, "kibana.alert.group.index": 0, "kibana.alert.building_block_type": "default", "kibana.alert.original_time": "2020-10-19T03:30:00.000Z", "kibana.alert.ancestors": [{ id: "evt-1" }], host: { name: "WORKSTATION5" } },
    { "kibana.alert.original_time": "2020-10-19T03:31:00.000Z", "host.name": "SERVER2", "kibana.alert.ancestors": [{ id: "evt-9" }] },
  ];
}

describe("previewDetectionOnKibana (contract)", { timeout: CONTRACT_TIMEOUT_MS }, () => {
  let server: StartedKibanaContractServer;
  beforeEach(async () => {
    server = await startKibanaContractServer({ previewAlerts: fakeExecutorAlerts });
  });
  afterEach(async () => {
    expect(server.violations).toEqual([]);
    await server.close();
  });

  it("previews, reads the space's preview alerts by previewId and folds building blocks into their sequence", async () => {
    const clients = { kibana: createKibanaClient({ url: server.url, space: "soc" }), elasticsearch: new Client({ node: server.url }) };
    const result = await previewDetectionOnKibana(clients, makeDetection(), { timeframeEnd: "2020-10-19T04:00:00.000Z", invocationCount: 12 });
    expect(result.errors).toEqual([]);
    expect(result.isAborted).toBe(false);
    expect(result.previewId).toBe(server.state.previews[0]?.previewId);
    expect(result.alertsByEntity).toEqual({ WORKSTATION5: 1, SERVER2: 1 });
    expect(result.alerts[0]?.events.map((e) => e.id)).toEqual(["evt-1", "evt-2"]);
    expect(result.alerts[1]?.events).toEqual([{ timestamp: "2020-10-19T03:31:00.000Z", id: "evt-9" }]);
    expect(server.state.previews[0]?.invocationCount).toBe(12);
    expect(server.requests.some((r) => r.path.startsWith("/.preview.alerts-security.alerts-soc/_search"))).toBe(true);
  });

  it("runs with the detection's exceptions on a temporary list, removed afterwards", async () => {
    const clients = { kibana: createKibanaClient({ url: server.url }), elasticsearch: new Client({ node: server.url }) };
    await previewDetectionOnKibana(clients, makeDetection(), { timeframeEnd: "2020-10-19T04:00:00.000Z", invocationCount: 1 });
    const refs = server.state.previews[0]?.rule.exceptions_list as JsonObject[];
    expect(refs.map((r) => r.list_id)).toEqual(["psexec-service-install--preview-exceptions"]);
    expect(server.state.space("default").lists.size).toBe(0);
    expect(server.state.space("default").items.size).toBe(0);
  });

  it("sends a body the RulePreview schema accepts", async () => {
    const contract = await sharedKibanaContract();
    const body = compileKibanaPreviewBody(makeDetection(), "list-object-id", { timeframeEnd: "2020-10-19T04:00:00.000Z", invocationCount: 3 });
    expect(formatIssues(contract.validateBodyAs("RulePreview", body))).toBe("");
  });
});
