import { describe, expect, it } from "vitest";
import { formatDiagnostic, maskSecretsInLine } from "../../src/diagnostics/index.ts";

describe("excerpts never show an inline credential", () => {
  it.each([
    ["    password: hunter2", "    password: ***"],
    ["auth: { apiKey: 'abc', x: 1 }", "auth: { apiKey: ***, x: 1 }"],
    ['  api_key: "x y" # note', "  api_key: *** # note"],
    ["token=abc", "token=***"],
    ["  url: https://bob:s3cr3t@host:9200", "  url: https://bob:***@host:9200"],
  ])("%s", (line, masked) => {
    expect(maskSecretsInLine(line)).toBe(masked);
  });

  it.each(["    passwordEnv: DAC_PW", 'query: `process.command_line : "*/password:*"`', "  url: https://host:9200"])("leaves %s alone", (line) => {
    expect(maskSecretsInLine(line)).toBe(line);
  });

  it("masks the excerpt of the error that points at the secret", () => {
    const text = "environments:\n  prod:\n    password: hunter2\n";
    const range = { file: "e.yaml", start: { line: 3, column: 5, offset: 32 }, end: { line: 3, column: 13, offset: 40 } };
    const out = formatDiagnostic({ severity: "error", code: "config/inline-secret", message: "no", range }, new Map([["e.yaml", text]]));
    expect(out).toContain("password: ***");
    expect(out).not.toContain("hunter2");
  });
});
