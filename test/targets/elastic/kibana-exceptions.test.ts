import { describe, expect, it } from "vitest";
import type { ExceptionEntry } from "../../../src/detection/model.ts";
import {
  compileKibanaExceptionEntry,
  compileKibanaExceptionItems,
  compileKibanaExceptionList,
  KIBANA_MANAGED_TAG,
  type KibanaExceptionEntry,
} from "../../../src/targets/elastic/index.ts";
import { sharedKibanaContract } from "../../contract/kibana-contract-server.ts";
import { formatIssues } from "../../contract/openapi-contract.ts";
import { makeDetection } from "./fixtures.ts";
import { CONTRACT_TIMEOUT_MS } from "../../contract/kibana-contract-server.ts";

describe("compileKibanaExceptionEntry", () => {
  const cases: [string, ExceptionEntry, KibanaExceptionEntry][] = [
    ["equals -> match", { kind: "equals", field: "user.name", value: "svc-admin" }, { type: "match", field: "user.name", operator: "included", value: "svc-admin" }],
    ["any-of -> match_any", { kind: "any-of", field: "host.name", values: ["A", "B"] }, { type: "match_any", field: "host.name", operator: "included", value: ["A", "B"] }],
    ["wildcard -> wildcard", { kind: "wildcard", field: "file.path", pattern: "C:\\Tools\\*" }, { type: "wildcard", field: "file.path", operator: "included", value: "C:\\Tools\\*" }],
    ["exists -> exists", { kind: "exists", field: "user.domain" }, { type: "exists", field: "user.domain", operator: "included" }],
    ["one cidr -> match", { kind: "cidr", field: "source.ip", cidrs: ["10.0.0.0/8"] }, { type: "match", field: "source.ip", operator: "included", value: "10.0.0.0/8" }],
    ["cidrs -> match_any", { kind: "cidr", field: "source.ip", cidrs: ["10.0.0.0/8", "192.168.0.0/16"] }, { type: "match_any", field: "source.ip", operator: "included", value: ["10.0.0.0/8", "192.168.0.0/16"] }],
    ["negate -> excluded", { kind: "equals", field: "user.name", value: "x", negate: true }, { type: "match", field: "user.name", operator: "excluded", value: "x" }],
    ["negated exists", { kind: "exists", field: "user.domain", negate: true }, { type: "exists", field: "user.domain", operator: "excluded" }],
  ];
  it.each(cases)("%s", (_name, entry, expected) => {
    expect(compileKibanaExceptionEntry(entry)).toEqual(expected);
  });
});

describe("compileKibanaExceptionList / Items", { timeout: CONTRACT_TIMEOUT_MS }, () => {
  const detection = makeDetection({
    exceptions: [
      { name: "zz-backup", description: "", entries: [{ kind: "equals", field: "user.name", value: "backup" }] },
      { name: "aa-jump", description: "jump hosts", entries: [{ kind: "any-of", field: "host.name", values: ["J1"] }, { kind: "exists", field: "user.domain", negate: true }] },
    ],
  });

  it("derives a detection-type, space-local list from the rule id", () => {
    expect(compileKibanaExceptionList(detection)).toMatchObject({
      list_id: "psexec-service-install--exceptions",
      type: "detection",
      namespace_type: "single",
      tags: [KIBANA_MANAGED_TAG],
    });
  });

  it("tags the list and its items with the dac project when given", () => {
    const options = { project: "soc-emea" };
    expect(compileKibanaExceptionList(detection, options)?.tags).toEqual([KIBANA_MANAGED_TAG, "dac:project:soc-emea"]);
    expect(compileKibanaExceptionItems(detection, options).map((i) => i.tags)).toEqual([
      [KIBANA_MANAGED_TAG, "dac:project:soc-emea"],
      [KIBANA_MANAGED_TAG, "dac:project:soc-emea"],
    ]);
  });

  it("has no list without exceptions", () => {
    expect(compileKibanaExceptionList(makeDetection({ exceptions: [] }))).toBeUndefined();
  });

  it("makes one item per named exception, sorted, with a non-empty description", () => {
    const items = compileKibanaExceptionItems(detection);
    expect(items.map((i) => i.item_id)).toEqual(["psexec-service-install--aa-jump", "psexec-service-install--zz-backup"]);
    expect(items[1]?.description).toBe("zz-backup");
    expect(items[0]?.entries).toHaveLength(2);
  });

  it("produces bodies the exceptions bundle accepts", async () => {
    const contract = await sharedKibanaContract();
    expect(formatIssues(contract.validateBodyAs("CreateExceptionList", compileKibanaExceptionList(detection)))).toBe("");
    for (const item of compileKibanaExceptionItems(detection)) {
      expect(formatIssues(contract.validateBodyAs("CreateExceptionListItem", item))).toBe("");
      expect(formatIssues(contract.validateBodyAs("UpdateExceptionListItem", item))).toBe("");
    }
  });
});
