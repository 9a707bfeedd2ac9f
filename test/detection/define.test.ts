import { describe, expect, expectTypeOf, it } from "vitest";
import { defineException, env, DETECTION_MARK, defineDetection, type DetectionField } from "../../src/detection/index.ts";

describe("define*", () => {
  it("marks the definition without adding enumerable keys", () => {
    const exception = defineException({ name: "x", description: "d", entries: [{ kind: "any-of", field: "user.name", values: env("adminAccounts") }] });
    expect(Object.keys(exception)).toEqual(["name", "description", "entries"]);
    expect(JSON.parse(JSON.stringify(exception)).entries[0].values).toEqual({ kind: "env", key: "adminAccounts" });
  });

  it("types ECS and Windows field names (a misspelt field fails tsc)", () => {
    expectTypeOf<"process.parent.code_signature.subject_name">().toExtend<DetectionField>();
    expectTypeOf<"winlog.event_data.ShareName">().toExtend<DetectionField>();
    // @ts-expect-error: "user.nmae" is not an ECS field
    defineException({ name: "typo", description: "d", entries: [{ kind: "exists", field: "user.nmae" }] });
    const d = defineDetection({
      id: "x", name: "x", description: "x", severity: "low", riskScore: 1, mitre: ["T1570"], dataSources: ["sysmon"], query: "any where true",
      falsePositives: ["x"], guide: "x", author: ["x"], version: 1,
      // @ts-expect-error: entityField must be a known field
      entityField: "hostname",
    });
    expect((d as unknown as Record<symbol, unknown>)[DETECTION_MARK]).toBe(true);
  });
});
