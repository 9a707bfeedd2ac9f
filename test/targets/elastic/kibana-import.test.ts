import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importRules } from "../../../src/sync/clients/kibana-api.ts";
import { createKibanaAdapter, compileKibanaDesiredResource } from "../../../src/sync/clients/kibana-adapter.ts";
import { createKibanaClient } from "../../../src/sync/clients/kibana-client.ts";
import { compileKibanaImportObjects, renderKibanaImportNdjson } from "../../../src/targets/elastic/index.ts";
import { sharedKibanaContract, startKibanaContractServer, type StartedKibanaContractServer } from "../../contract/kibana-contract-server.ts";
import { formatIssues } from "../../contract/openapi-contract.ts";
import { makeDetection } from "./fixtures.ts";
import { CONTRACT_TIMEOUT_MS } from "../../contract/kibana-contract-server.ts";

const detections = [
  makeDetection(),
  makeDetection({ id: "psexec-named-pipe", name: "PsExec named pipe", exceptions: [] }),
  makeDetection({
    id: "admin-share-write",
    name: "Admin share write",
    exceptions: [
      { name: "patching", description: "patch servers", entries: [{ kind: "cidr", field: "source.ip", cidrs: ["10.20.0.15/32", "10.20.0.16/32"] }] },
      { name: "admins", description: "admins", entries: [{ kind: "equals", field: "user.name", value: "svc-remediation" }, { kind: "wildcard", field: "process.executable", pattern: "C:\\Admin\\*" }] },
    ],
  }),
];

describe("renderKibanaImportNdjson", { timeout: CONTRACT_TIMEOUT_MS }, () => {
  it("writes rules first, then each list followed by its items, one JSON object per line", () => {
    const lines = renderKibanaImportNdjson(detections).trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.rule_id ?? l.item_id ?? l.list_id)).toEqual([
      "admin-share-write",
      "psexec-named-pipe",
      "psexec-service-install",
      "admin-share-write--exceptions",
      "admin-share-write--admins",
      "admin-share-write--patching",
      "psexec-service-install--exceptions",
      "psexec-service-install--it-admin-hosts",
    ]);
  });

  it("validates line by line against the bundles' create schemas", async () => {
    const contract = await sharedKibanaContract();
    for (const object of compileKibanaImportObjects(detections)) {
      const operation = "rule_id" in object ? "CreateRule" : "item_id" in object ? "CreateExceptionListItem" : "CreateExceptionList";
      expect(formatIssues(contract.validateBodyAs(operation, object)), `${operation} ${JSON.stringify(object).slice(0, 80)}`).toBe("");
    }
  });
});

describe("Kibana _import (contract)", { timeout: CONTRACT_TIMEOUT_MS }, () => {
  let server: StartedKibanaContractServer;
  beforeEach(async () => {
    server = await startKibanaContractServer();
  });
  afterEach(async () => {
    expect(server.violations).toEqual([]);
    await server.close();
  });

  it("imports through the multipart route and leaves the same state a deploy would (plan is empty)", async () => {
    const client = createKibanaClient({ url: server.url, space: "soc" });
    const result = await importRules(client, renderKibanaImportNdjson(detections));
    expect(result).toMatchObject({ success: true, success_count: 3, rules_count: 3, exceptions_success: true, exceptions_success_count: 5 });
    const live = await createKibanaAdapter(client).readLive();
    expect(live.managed.map((r) => r.body)).toEqual(detections.map((d) => compileKibanaDesiredResource(d)).sort((a, b) => (a.id < b.id ? -1 : 1)).map((d) => d.body));
  });

  it("is rejected line by line when a rule breaks the contract", async () => {
    const client = createKibanaClient({ url: server.url });
    const broken = renderKibanaImportNdjson([makeDetection({ exceptions: [] })]).replace('"risk_score":73', '"risk_score":"high"');
    const result = await importRules(client, broken);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.errors)).toContain("requestBody.risk_score: must be integer");
  });
});
