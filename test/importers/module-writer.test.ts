import { describe, expect, it } from "vitest";
import { renderDetectionModule } from "../../src/importers/index.ts";
import { DETECTION_ENTRY } from "../../src/importers/index.ts";
import { dirname, join } from "node:path";

const file = join(dirname(DETECTION_ENTRY), "../../detections/exported/x.ts");

describe("renderDetectionModule", () => {
  it("writes a defineDetection module in the pack's field order", () => {
    const text = renderDetectionModule(
      { version: 1, id: "my-rule", name: "My rule", query: 'process where process.name : "a\\b.exe"', mitre: ["T1569.002"], schedule: { interval: "5m", lookback: "10m" } },
      file,
      { mitre: "check these" },
    );
    expect(text).toBe(`import { defineDetection } from "../../src/detection/index.ts";

export const myRule = defineDetection({
  id: "my-rule",
  name: "My rule",
  // TODO: check these
  mitre: ["T1569.002"],
  query: String.raw\`process where process.name : "a\\b.exe"\`,
  schedule: { interval: "5m", lookback: "10m" },
  version: 1,
});
`);
  });

  it("falls back to a JSON string when String.raw cannot hold the query", () => {
    const text = renderDetectionModule({ id: "q", query: "a == `x`" }, file);
    expect(text).toContain('query: "a == `x`",');
  });
});
