import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyModuleWrites, planModuleWrites, readRecordedHash, renderImportedModule, hashModuleText } from "../../src/importers/index.ts";

const provenance = { importer: "dac import test", origin: "a synthetic rule", license: "Apache-2.0" };

function moduleText(dir: string, name: string): string {
  return renderImportedModule({ id: "a-rule", name, query: "process where true" }, join(dir, "a-rule.ts"), provenance);
}

describe("planModuleWrites", () => {
  it("creates, then leaves an unchanged file alone, then updates an untouched one", () => {
    const dir = mkdtempSync(join(tmpdir(), "dac-write-"));
    const first = [{ path: "a-rule.ts", text: moduleText(dir, "First") }];
    expect(planModuleWrites(dir, first).map((w) => w.kind)).toEqual(["create"]);
    applyModuleWrites(planModuleWrites(dir, first));
    expect(planModuleWrites(dir, first).map((w) => w.kind)).toEqual(["unchanged"]);
    const second = [{ path: "a-rule.ts", text: moduleText(dir, "Second") }];
    applyModuleWrites(planModuleWrites(dir, second));
    expect(readFileSync(join(dir, "a-rule.ts"), "utf8")).toContain('name: "Second"');
  });

  it("reports a conflict and keeps the file when a person edited it, or wrote it", () => {
    const dir = mkdtempSync(join(tmpdir(), "dac-write-"));
    applyModuleWrites(planModuleWrites(dir, [{ path: "a-rule.ts", text: moduleText(dir, "First") }]));
    const edited = readFileSync(join(dir, "a-rule.ts"), "utf8").replace('name: "First"', 'name: "Tuned by the SOC"');
    writeFileSync(join(dir, "a-rule.ts"), edited);
    const plan = planModuleWrites(dir, [{ path: "a-rule.ts", text: moduleText(dir, "Second") }]);
    expect(plan[0]).toMatchObject({ kind: "conflict", reason: expect.stringMatching(/edited since it was imported/) });
    applyModuleWrites(plan);
    expect(readFileSync(join(dir, "a-rule.ts"), "utf8")).toBe(edited);
    writeFileSync(join(dir, "a-rule.ts"), "// hand-written\n");
    expect(planModuleWrites(dir, [{ path: "a-rule.ts", text: moduleText(dir, "Second") }])[0]).toMatchObject({ kind: "conflict", reason: expect.stringMatching(/not written by an import/) });
  });

  it("records the hash of everything but its own line", () => {
    const text = moduleText("/tmp", "X");
    expect(readRecordedHash(text)).toBe(hashModuleText(text));
    expect(text).toMatch(/^\/\/ Imported by `dac import test` from a synthetic rule\.\n\/\/ Licence of the source rule: Apache-2\.0\./);
  });
});
