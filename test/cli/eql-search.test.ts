// Tests `dac eql search` (src/cli/commands/eql-search.ts). It lives here
// rather than in test/cli/ because the engine owner owns only this folder.
import { Command } from "commander";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerEqlSearchCommand } from "../../src/cli/commands/eql-search.ts";
import { searchEqlSync } from "../../src/eql/index.ts";

const dir = mkdtempSync(join(tmpdir(), "dac-eql-search-"));
const lines = [
  { "@timestamp": "2024-01-01T00:00:01Z", event: { category: "process" }, host: { id: "h1" }, process: { name: "cmd.exe" } },
  { "@timestamp": "2024-01-01T00:00:02Z", event: { category: "network" }, host: { id: "h1" }, destination: { port: 445 } },
  { "@timestamp": "2024-01-01T00:00:03Z", event: { category: "process" }, host: { id: "h2" }, process: { name: "powershell.exe" } },
];
const ndjson = join(dir, "events.ndjson");
writeFileSync(ndjson, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
const gz = join(dir, "events-gz-without-suffix");
writeFileSync(gz, gzipSync(lines.map((l) => JSON.stringify(l)).join("\n")));

async function run(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = "";
  let err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  process.exitCode = undefined;
  const program = new Command("dac").exitOverride();
  registerEqlSearchCommand(program.command("eql"));
  await program.parseAsync(["node", "dac", "eql", "search", ...args]);
  const code = typeof process.exitCode === "number" ? process.exitCode : 0;
  process.exitCode = undefined;
  vi.restoreAllMocks();
  return { out, err, code };
}

afterEach(() => vi.restoreAllMocks());

describe("dac eql search", () => {
  it("prints the _eql/search body for an event query; ids default to line numbers", async () => {
    const r = await run("--events", ndjson, 'process where process.name == "powershell.exe"');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(body.hits.events.map((e: { _id: string }) => e._id)).toEqual(["3"]);
    expect(body.is_partial).toBe(false);
  });

  it("reads gzip by magic bytes and runs sequences", async () => {
    const r = await run("--events", gz, "sequence by host.id with maxspan=1m [process where true] [network where destination.port == 445]");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).hits.sequences[0].join_keys).toEqual(["h1"]);
  });

  it("gives the same answer with and without the line prefilter", async () => {
    const q = "process where true | head 5";
    const a = JSON.parse((await run("--events", ndjson, q)).out);
    const b = JSON.parse((await run("--events", ndjson, "--no-prefilter", q)).out);
    expect(a.hits).toEqual(b.hits);
  });

  it("reports a parse error with its location and exits 1", async () => {
    const r = await run("--events", ndjson, 'process where process.name = "x"');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/<query>:1:28 error eql\/syntax/);
  });

  it("skips malformed event lines as scan does, says how many and where the first is, and exits 1", async () => {
    const bad = join(dir, "bad.ndjson");
    writeFileSync(bad, "\uFEFF" + JSON.stringify(lines[0]) + "\n{nope\n[1]\n" + JSON.stringify(lines[0]) + "\n");
    const r = await run("--events", bad, "any where true", "--no-prefilter");
    expect(r.code).toBe(1);
    expect(r.err).toContain(`skipped 2 malformed lines`);
    expect(r.err).toContain(`first: ${bad}:2: invalid JSON`);
    expect((JSON.parse(r.out) as { hits: { events: unknown[] } }).hits.events).toHaveLength(2);
  });

  it("finds an event whose value is spelled with \\u escapes, with the prefilter as without it", async () => {
    const escaped = join(dir, "escaped.ndjson");
    const line = JSON.stringify(lines[2]).replace("powershell.exe", "\\u0070owershell.exe");
    writeFileSync(escaped, [JSON.stringify(lines[0]), line, JSON.stringify(lines[1])].join("\n") + "\n");
    const q = 'process where process.name == "powershell.exe"';
    const a = JSON.parse((await run("--events", escaped, q)).out);
    const b = JSON.parse((await run("--events", escaped, "--no-prefilter", q)).out);
    expect(a.hits.events.map((e: { _id: string }) => e._id)).toEqual(["2"]);
    expect(a.hits).toEqual(b.hits);
  });

  it("with the prefilter still reports malformed lines that hold no anchor", async () => {
    const bad = join(dir, "bad-prefiltered.ndjson");
    const truncated = JSON.stringify(lines[2]).slice(0, 30);
    writeFileSync(bad, [JSON.stringify(lines[0]), "{nope", "[1]", truncated, JSON.stringify(lines[2])].join("\n") + "\n");
    const r = await run("--events", bad, 'process where process.name == "powershell.exe"');
    expect(r.code).toBe(1);
    expect(r.err).toContain("skipped 3 malformed lines");
    expect(r.err).toContain(`first: ${bad}:2: invalid JSON`);
    expect((JSON.parse(r.out) as { hits: { events: { _id: string }[] } }).hits.events.map((e) => e._id)).toEqual(["5"]);
  });

  it("names a missing or corrupt events file without a stack trace", async () => {
    const missing = await run("--events", join(dir, "nope.ndjson"), "any where true");
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(`dac eql search: no such file: ${join(dir, "nope.ndjson")}\n`);
    const corrupt = join(dir, "corrupt.ndjson.gz");
    writeFileSync(corrupt, "not gzip at all\n");
    const r = await run("--events", corrupt, "any where true");
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cannot read ${corrupt}: incorrect header check`);
  });

  it("runs every --queries line over one read of the file, one result line per query", async () => {
    const queries = join(dir, "queries.jsonl");
    writeFileSync(
      queries,
      [
        { id: "a", query: "process where true", size: 1 },
        { id: "b", query: 'network where x regex "a<b>"' },
        { id: "c", query: "sequence [process where true] [network where true]" },
      ]
        .map((q) => JSON.stringify(q))
        .join("\n"),
    );
    const r = await run("--events", ndjson, "--queries", queries);
    const rows = r.out.trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.map((row: { id: string; ok: boolean }) => [row.id, row.ok])).toEqual([
      ["a", true],
      ["b", false],
      ["c", true],
    ]);
    expect(rows[0].result.hits.events.map((e: { _id: string }) => e._id)).toEqual(["3"]);
    expect(rows[1].error).toMatch(/queries\.jsonl:2:\d+ error eql\/invalid-regex/);
    expect(r.code).toBe(1);
  });

  it("rejects a bad --size", async () => {
    const r = await run("--events", ndjson, "--size", "-1", "any where true");
    expect(r.code).toBe(1);
    expect(r.err).toContain("--size must be a non-negative integer");
  });

  it("--mapping reads fields as the mapping types them (versions by semver) and names a bad file", async () => {
    const versions = join(dir, "versions.ndjson");
    const rows = ["9.2.0", "10.1.0", "9.10.0-beta"].map((v, i) => ({ "@timestamp": i + 1, event: { category: "package" }, package: { version: v } }));
    writeFileSync(versions, rows.map((l) => JSON.stringify(l)).join("\n") + "\n");
    const mapping = join(dir, "mapping.json");
    writeFileSync(mapping, JSON.stringify({ mappings: { properties: { package: { properties: { version: { type: "version" } } } } } }));
    const q = 'package where package.version > "9.9.0"';
    const typed = await run("--events", versions, "--mapping", mapping, q);
    expect(typed.code).toBe(0);
    expect(JSON.parse(typed.out).hits.events.map((e: { _id: string }) => e._id)).toEqual(["2", "3"]);
    const inferred = await run("--events", versions, q);
    expect(JSON.parse(inferred.out).hits.events.map((e: { _id: string }) => e._id)).toEqual([]);
    writeFileSync(join(dir, "bad.json"), "{}");
    const bad = await run("--events", versions, "--mapping", join(dir, "bad.json"), q);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/bad\.json: no "properties" found/);
  });

  it("streams the pack's fixtures to exactly the result of the whole-file, in-memory search, with and without the prefilter", async () => {
    const fixtures = join(import.meta.dirname, "../../detections/psexec/fixtures");
    const text = readdirSync(fixtures)
      .filter((f) => f.endsWith(".ndjson"))
      .sort()
      .map((f) => readFileSync(join(fixtures, f), "utf8").trimEnd())
      .join("\n");
    const file = join(dir, "pack-fixtures.ndjson");
    writeFileSync(file, text + "\n");
    const events = text.split("\n").map((l) => JSON.parse(l) as object);
    expect(events.length).toBeGreaterThan(500);
    const queries = [
      'any where event.code in ("5145", "4688") and host.name != null',
      'sequence by host.name with maxspan=5m [any where event.code == "4624"] [any where event.code in ("7045", "4697")]',
    ];
    for (const q of queries) {
      const whole = searchEqlSync(q, events, { size: events.length });
      const sources = (b: { hits: { events?: readonly { _source: unknown }[]; sequences?: readonly { join_keys: unknown; events: readonly { _source: unknown }[] }[] } }) =>
        b.hits.events?.map((e) => e._source) ?? b.hits.sequences?.map((s) => [s.join_keys, s.events.map((e) => e._source)]);
      expect(whole.hits.total.value, q).toBeGreaterThan(2);
      for (const flags of [[], ["--no-prefilter"]]) {
        const r = await run("--events", file, "--size", String(events.length), ...flags, q);
        expect(r.code, r.err).toBe(0);
        const body = JSON.parse(r.out);
        expect(body.hits.total).toEqual(whole.hits.total);
        expect(sources(body), `${q} ${flags.join(" ")}`).toEqual(sources(whole));
      }
    }
  });

  it("--workers parses on worker threads and answers exactly as one thread: results, line-number ids, malformed lines", async () => {
    // Over 1 MiB chunks: a BOM, CRLF and blank lines, malformed lines in several chunks, a 1.5 MiB line, explicit and line-number ids.
    const rows: string[] = [];
    for (let i = 0; i < 9000; i++) {
      const category = i % 3 === 0 ? "network" : "process";
      const event = { "@timestamp": `2024-01-01T00:${String(Math.floor(i / 600)).padStart(2, "0")}:${String(Math.floor(i / 10) % 60).padStart(2, "0")}Z`, event: { category }, host: { id: `h${i % 40}` }, process: { name: i % 5 === 0 ? "cmd.exe" : "other.exe" }, pad: "é".repeat(i % 90), ...(i % 4 === 0 ? { _id: `doc-${i}` } : {}) };
      rows.push(JSON.stringify(event) + (i % 7 === 0 ? "\r" : ""));
      if (i % 1500 === 700) rows.push("{not json", "", "[1, 2]");
      if (i === 4000) rows.push(JSON.stringify({ "@timestamp": "2024-01-01T00:06:40Z", event: { category: "process" }, process: { name: "cmd.exe" }, big: "x".repeat(1_500_000) }));
    }
    const file = join(dir, "parallel.ndjson");
    writeFileSync(file, "\uFEFF" + rows.join("\n"));
    const queries = ['process where process.name == "cmd.exe"', "sequence by host.id with maxspan=2m [process where process.name == \"cmd.exe\"] [network where true]"];
    for (const q of queries) {
      const one = await run("--events", file, "--size", "100000", "--no-prefilter", "--workers", "1", q);
      const three = await run("--events", file, "--size", "100000", "--no-prefilter", "--workers", "3", q);
      const withoutTook = (out: string) => out.replace(/"took": \d+/, "");
      expect(one.code, one.err).toBe(1); // the malformed lines
      expect(one.err).toMatch(/skipped 12 malformed lines.*first: .*parallel\.ndjson:702: invalid JSON/s);
      expect(three.err).toBe(one.err);
      expect(three.code).toBe(one.code);
      expect(JSON.parse(one.out).hits.total.value, q).toBeGreaterThan(100);
      expect(withoutTook(three.out), q).toBe(withoutTook(one.out));
    }
    expect((await run("--events", file, "--workers", "0", "any where true")).err).toMatch(/--workers must be a positive integer/);
  });
});
