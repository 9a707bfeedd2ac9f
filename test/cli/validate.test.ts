import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runDac } from "../fixtures/detection/cli-harness.ts";

const BROKEN = "test/fixtures/detection/broken";

describe("dac validate", () => {
  it("passes on the PsExec pack (default path detections/)", async () => {
    const r = await runDac("validate");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("17 detections, 3 exceptions: ok");
  });

  it.each([
    ["bad-eql", `${BROKEN}/bad-eql/detection.ts:8:65`, "eql/syntax"],
    ["unknown-field", `${BROKEN}/unknown-field/detection.ts:8:25`, "eql/unknown-field"],
    ["missing-test", `${BROKEN}/missing-test/detection.ts:9:10`, "detection/missing-test"],
    ["duplicate-id", `${BROKEN}/duplicate-id/second.ts:6:7`, "detection/duplicate-id"],
    ["schema-error", `${BROKEN}/schema-error/detection.ts:11:13`, "detection/schema"],
    ["throws", `${BROKEN}/throws/detection.ts:5:9`, "detection/import-failed"],
  ])("%s fails with %s and a caret excerpt", async (name, location, code) => {
    const r = await runDac("validate", `${BROKEN}/${name}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${location}`);
    expect(r.stderr).toContain(code);
    expect(r.stderr).toMatch(/\n\s*\d+ \| .*\n\s*\| *\^+/); // the source line and its caret
  });

  it("lets an imported pack through with warnings, and --strict turns them into errors", async () => {
    const imported = "test/fixtures/detection/policy/imported";
    const lenient = await runDac("validate", imported);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain("warning detection/missing-test");
    expect(lenient.stdout).toContain("1 detections, 0 exceptions: ok, 3 warnings");
    const strict = await runDac("validate", imported, "--strict");
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("error detection/missing-guide");
  });

  it("reads the metadata policy from environments.yaml, per pack", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dac-policy-"));
    const file = join(dir, "environments.yaml");
    writeFileSync(file, "metadataPolicy:\n  packs:\n    policy-hand-written: { tests: off, falsePositives: warn, guide: off }\nenvironments: {}\n");
    const r = await runDac("validate", "test/fixtures/detection/policy/hand-written", "--environments", file);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning detection/missing-false-positives");
    expect(r.stderr).not.toContain("detection/missing-test");
  });

  it("--json prints the diagnostics as objects", async () => {
    const r = await runDac("validate", `${BROKEN}/unknown-field`, "--json");
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; diagnostics: { code: string; range: { file: string; start: { line: number; column: number } } }[] };
    expect(out.ok).toBe(false);
    expect(out.diagnostics[0]).toMatchObject({ code: "eql/unknown-field", range: { file: `${BROKEN}/unknown-field/detection.ts`, start: { line: 8, column: 25 } } });
  });

  it("reports an exception value missing from the chosen environment", async () => {
    const dir = await import("node:fs").then((fs) => fs.mkdtempSync("/tmp/dac-env-"));
    const file = `${dir}/environments.yaml`;
    await import("node:fs").then((fs) => fs.writeFileSync(file, "environments:\n  thin:\n    engine: opensearch\n    url: http://localhost:9200\n    exceptionValues:\n      adminAccounts: [a]\n"));
    const r = await runDac("validate", "--env", "thin", "--environments", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("detection/missing-exception-value");
    expect(r.stderr).toMatch(/"it-admin-remediation" needs exceptionValues\.adminSourceIps/);
  });

  describe("--env <opensearch environment>: queries the opensearch target cannot evaluate", () => {
    // A pack in a temp dir: one clean detection per refused construct, with the
    // broken-module fixtures, so the target check is the only error.
    const dir = mkdtempSync(join(tmpdir(), "dac-os-validate-"));
    const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));
    cpSync(src("../fixtures/detection/broken/fixtures"), join(dir, "fixtures"), { recursive: true });
    const cases = {
      sample: 'sample [process where true] by concat(host.name, "x") [file where true] by host.name',
      regex: 'process where substring(process.name, 1) regex "(?<!p)sexesvc.*"',
    };
    for (const [name, query] of Object.entries(cases)) {
      mkdirSync(join(dir, name));
      writeFileSync(
        join(dir, name, "detection.ts"),
        [
          `import { defineDetection } from ${JSON.stringify(src("../../src/detection/index.ts"))};`,
          `import { base } from ${JSON.stringify(src("../fixtures/detection/broken/common.ts"))};`,
          "",
          `export const d = defineDetection({ ...base, id: "os-${name}", name: "OpenSearch refuses ${name}",`,
          `  query: ${JSON.stringify(query)} });`,
          "",
        ].join("\n"),
      );
    }
    const envFile = join(dir, "environments.yaml");
    writeFileSync(envFile, "environments:\n  os:\n    engine: opensearch\n    url: http://localhost:9200\n  es:\n    engine: elastic\n    url: http://localhost:9201\n");

    it("fails with located opensearch/unsupported errors naming the construct", async () => {
      const r = await runDac("validate", dir, "--env", "os", "--environments", envFile, "--json");
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout) as { diagnostics: { code: string; message: string; ruleId?: string; range?: { file: string; start: { line: number; column: number } } }[] };
      expect(out.diagnostics.map((d) => [d.code, d.ruleId])).toEqual([
        ["opensearch/unsupported", "os-regex"],
        ["opensearch/unsupported", "os-sample"],
      ]);
      const [regex, sample] = out.diagnostics;
      expect(regex!.message).toMatch(/look-around .* in a `regex` over a computed value/);
      // Line 5 of each module is `  query: "<query>" });`, the opening quote at column 10. The
      // literal escapes the query's quotes (`\"`), so the column is the escaped text's, not the query's.
      expect(regex!.range).toMatchObject({ file: join(dir, "regex", "detection.ts"), start: { line: 5, column: 10 + JSON.stringify(cases.regex).indexOf("\\\"(?<!") } });
      expect(sample!.message).toMatch(/join keys other than plain fields/);
      expect(sample!.range).toMatchObject({ file: join(dir, "sample", "detection.ts"), start: { line: 5, column: 10 + JSON.stringify(cases.sample).indexOf("concat") } });
    });

    it("prints file:line:column and the construct for people", async () => {
      const r = await runDac("validate", join(dir, "sample"), "--env", "os", "--environments", envFile);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${join(dir, "sample", "detection.ts")}:5:${10 + JSON.stringify(cases.sample).indexOf("concat")}`);
      expect(r.stderr).toContain("opensearch/unsupported");
    });

    it("an elastic environment, or no --env, does not run the opensearch check", async () => {
      for (const args of [["--env", "es"], []]) {
        const r = await runDac("validate", dir, ...args, "--environments", envFile);
        expect(r.stderr).not.toContain("opensearch/unsupported");
        expect(r.code).toBe(0);
      }
    });
  });
});
