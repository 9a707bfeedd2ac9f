import { describe, expect, it } from "vitest";
import { compileKibanaRule } from "../../../src/targets/elastic/index.ts";
import { sharedKibanaContract } from "../../contract/kibana-contract-server.ts";
import { formatIssues } from "../../contract/openapi-contract.ts";
import { makeDetection } from "./fixtures.ts";
import { CONTRACT_TIMEOUT_MS } from "../../contract/kibana-contract-server.ts";

// Proof that the contract tests can fail: the validator behind the contract
// server rejects bodies Kibana would reject, and says which field is wrong.
describe("contract validator (Kibana bundles)", { timeout: CONTRACT_TIMEOUT_MS }, () => {
  it("rejects a rule whose risk_score is a string, pointing at the field", async () => {
    const contract = await sharedKibanaContract();
    const issues = contract.validateBodyAs("CreateRule", { ...compileKibanaRule(makeDetection()), risk_score: "high" });
    expect(formatIssues(issues)).toContain("requestBody.risk_score: must be integer");
  });

  it("rejects a rule without a type", async () => {
    const contract = await sharedKibanaContract();
    const { type: _type, ...rule } = compileKibanaRule(makeDetection());
    expect(formatIssues(contract.validateBodyAs("CreateRule", rule))).toContain("must have required property 'type'");
  });

  it("rejects an out-of-range risk_score and an unknown severity", async () => {
    const contract = await sharedKibanaContract();
    const rule = compileKibanaRule(makeDetection());
    expect(formatIssues(contract.validateBodyAs("CreateRule", { ...rule, risk_score: 101 }))).toContain("requestBody.risk_score: must be <= 100");
    expect(formatIssues(contract.validateBodyAs("CreateRule", { ...rule, severity: "urgent" }))).toContain("requestBody.severity: must be equal to one of the allowed values");
  });

  it("rejects an exception entry with an unknown operator", async () => {
    const contract = await sharedKibanaContract();
    const item = { list_id: "l", type: "simple", name: "n", description: "d", entries: [{ type: "match", field: "host.name", operator: "is", value: "x" }] };
    expect(formatIssues(contract.validateBodyAs("CreateExceptionListItem", item))).toContain("requestBody.entries.0.operator");
  });

  it("rejects a rule response missing server fields", async () => {
    const contract = await sharedKibanaContract();
    const op = contract.match("GET", "/api/detection_engine/rules");
    expect(op?.operationId).toBe("ReadRule");
    const issues = contract.validateResponse(op!, 200, compileKibanaRule(makeDetection()));
    expect(formatIssues(issues)).toContain("must have required property 'id'");
  });

  it("rejects a _find query with a bad sort_order", async () => {
    const contract = await sharedKibanaContract();
    const op = contract.match("GET", "/api/detection_engine/rules/_find")!;
    const issues = contract.validateRequest(op, { method: "GET", path: "/api/detection_engine/rules/_find?sort_order=sideways", headers: {} });
    expect(formatIssues(issues)).toContain("query.sort_order");
  });
});
