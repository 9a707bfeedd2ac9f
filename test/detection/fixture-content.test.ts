import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { checkFixtureContent } from "../../src/detection/fixture-content.ts";

const dir = mkdtempSync(join(tmpdir(), "dac-fixture-content-"));
function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const timed = JSON.stringify({ "@timestamp": "2026-01-01T00:00:00Z", host: { name: "a" } });

describe("checkFixtureContent", () => {
  it("accepts events with the timestamp, nested or dotted, gzipped, with a BOM", () => {
    expect(checkFixtureContent(write("ok.ndjson", `\uFEFF${timed}\n\n${JSON.stringify({ "event.created": 1 , "@timestamp": "x" })}\n`), "@timestamp")).toEqual([]);
    expect(checkFixtureContent(write("ok.ndjson.gz", gzipSync(`${timed}\n`)), "@timestamp")).toEqual([]);
    expect(checkFixtureContent(write("custom.ndjson", `${JSON.stringify({ event: { created: "2026-01-01" } })}\n`), "event.created")).toEqual([]);
  });

  it.each([
    ["empty.ndjson", "", "detection/fixture-empty"],
    ["blank.ndjson", "\n \n", "detection/fixture-empty"],
    ["untimed.ndjson", `${timed}\n{"host":{"name":"b"}}\n`, "detection/fixture-no-timestamp"],
    ["broken.ndjson", `${timed}\n{oops\n`, "detection/fixture-invalid-event"],
    ["array.ndjson", "[1]\n", "detection/fixture-invalid-event"],
    ["plain.ndjson.gz", "not gzip", "detection/fixture-unreadable"],
  ])("%s is refused with %s", (name, content, code) => {
    const [problem] = checkFixtureContent(write(name, content), "@timestamp");
    expect(problem?.code).toBe(code);
  });

  it("counts untimed events and names the first line", () => {
    const [problem] = checkFixtureContent(write("two.ndjson", `${timed}\n{}\n{"@timestamp":null}\n`), "@timestamp");
    expect(problem?.message).toContain('2 of 3 events in fixture');
    expect(problem?.where).toMatch(/two\.ndjson:2$/);
  });

  it("names a truncated .gz", () => {
    const [problem] = checkFixtureContent(write("cut.ndjson.gz", gzipSync(`${timed}\n`.repeat(20)).subarray(0, 25)), "@timestamp");
    expect(problem?.message).toMatch(/cut\.ndjson\.gz: unexpected end of file/);
  });
});
