import { describe, expect, it } from "vitest";
import { analyzeKibanaQuery } from "../../../src/targets/elastic/kibana-query.ts";
import { compileKibanaRule } from "../../../src/targets/elastic/index.ts";
import { makeDetection } from "./fixtures.ts";

const authored = `
    sequence by host.name with maxspan=30s
      // the service binary lands first
      [file where file.path : "C:\\\\Windows\\\\*.exe"]   /* then it is installed */
      [process where process.parent.name == "services.exe"]
  `;

describe("the query Kibana stores is the author's text", () => {
  it("keeps comments and layout exactly as written", () => {
    expect(analyzeKibanaQuery(authored).query).toBe(authored);
    expect(analyzeKibanaQuery(authored).fields).toEqual(["host.name", "file.path", "process.parent.name"]);
  });

  it("renders a query read back from Kibana to the same text, so it plans as no change", () => {
    const stored = compileKibanaRule(makeDetection({ query: authored })).query;
    expect(compileKibanaRule(makeDetection({ query: stored })).query).toBe(stored);
  });

  it("a change of layout is a change of the deployed body (drift stays visible)", () => {
    const a = compileKibanaRule(makeDetection({ query: 'process where process.name == "a.exe"' })).query;
    const b = compileKibanaRule(makeDetection({ query: 'process where process.name=="a.exe"' })).query;
    expect(a).not.toBe(b);
  });
});
