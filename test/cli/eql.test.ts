import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Spawns are slow (tsx start-up): a few cases cover exit codes and output shapes.
function dac(...args: string[]) {
  const r = spawnSync("./dac", args, { cwd: join(import.meta.dirname, "../.."), encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("dac eql", () => {
  it("check: exit 0 on a valid query, exit 1 with a located caret error on a bad one", () => {
    expect(dac("eql", "check", 'process where process.name == "cmd.exe"')).toMatchObject({ code: 0, stdout: "ok\n" });
    const bad = dac("eql", "check", 'process where endwith(process.name, "x")');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("<query>:1:15 error eql/unknown-function Unknown function [endwith], did you mean [endsWith]?");
    expect(bad.stderr).toContain("  |               ^^^^^^^");
  }, 120_000);

  it("check --queries prints one JSON line per query and uses the schema and custom fields", () => {
    const dir = mkdtempSync(join(tmpdir(), "dac-eql-"));
    const queries = join(dir, "q.jsonl");
    const fields = join(dir, "fields.json");
    writeFileSync(
      queries,
      [
        { id: "ok", query: 'process where process.name == "a" and my.custom == "b"' },
        { id: "typo", query: 'process where process.nme == "a"' },
        { id: "syntax", query: "process where a = 1" },
      ].map((q) => JSON.stringify(q)).join("\n") + "\n",
    );
    writeFileSync(fields, JSON.stringify({ "my.custom": "keyword" }));
    const r = dac("eql", "check", "--queries", queries, "--custom-fields", fields);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { id: string; ok: boolean; error?: string });
    expect(lines.map((l) => [l.id, l.ok])).toEqual([["ok", true], ["typo", false], ["syntax", false]]);
    expect(lines[1]!.error).toContain("eql/unknown-field Unknown column [process.nme], did you mean [process.name]?");
    expect(lines[2]!.error).toContain("syntax:1:17 error eql/syntax");
  }, 120_000);

  it("format prints the canonical layout, and exits 1 on a parse error", () => {
    const r = dac("eql", "format", "sequence by host.id with maxspan = 1m [process where a:\"x\"] [file where true]");
    expect(r).toMatchObject({ code: 0, stdout: 'sequence by host.id with maxspan=1m\n  [process where a : "x"]\n  [file where true]\n' });
    expect(dac("eql", "format", "process where 'x'").code).toBe(1);
  }, 120_000);
});
