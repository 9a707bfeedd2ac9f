import { describe, expect, test } from "vitest";
import { isUsableHealthBody, OpenSearchNodeContainer } from "../../src/cluster/opensearch-node.ts";

describe("isUsableHealthBody", () => {
  test.each([
    { body: '{"status":"green"}', want: true },
    { body: '{"status":"yellow"}', want: true },
    { body: '{"status":"red"}', want: false },
    { body: "not json", want: false },
    { body: "{}", want: false },
  ])("$body -> $want", ({ body, want }) => {
    expect(isUsableHealthBody(body)).toBe(want);
  });
});

describe("OpenSearchNodeContainer", () => {
  test("accepts only dotted setting names (they become -E flags)", () => {
    const node = new OpenSearchNodeContainer("dac/opensearch:test");
    expect(node.withSetting("plugins.alerting.monitor.max_monitors", "5")).toBe(node);
    expect(() => node.withSetting("JAVA_HOME", "/x")).toThrow(/not a dotted/);
  });
});
