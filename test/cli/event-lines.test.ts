// Tests src/cli/commands/event-lines.ts: the buffered line reader of
// `dac eql search` must hand on exactly the lines (and line numbers) that
// splitting the whole file at once gives, whatever the buffer size, and with
// anchors exactly the subset of them holding an anchor.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { EventFileError, forEachLine, LineSplitter } from "../../src/cli/commands/event-lines.ts";

const dir = mkdtempSync(join(tmpdir(), "dac-event-lines-"));

/** The reference: the whole text split at once (BOM dropped, CR before LF dropped, no empty last line). */
function wholeFileLines(text: string): [number, string][] {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const parts = body.split("\n");
  if (parts.at(-1) === "") parts.pop();
  return parts.map((p, i) => [i + 1, p.endsWith("\r") ? p.slice(0, -1) : p]);
}

// Multi-byte characters (é, 😀) so buffer edges fall inside UTF-8 sequences; a
// CRLF line, an empty line, a line longer than the small buffers, lines that
// are not JSON objects (handed on even without an anchor), no final newline.
const text =
  "\uFEFF" +
  [
    '{"process":{"name":"cmd.exe"},"user":"José"}',
    '{"process":{"name":"powershell.exe"}}\r',
    "",
    '{"note":"😀😀😀 powershell.exe 😀"}',
    `{"long":"${"x".repeat(300)}cmd.exe${"é".repeat(50)}"}`,
    '{"process":{"name":"svchost.exe"}}',
    "not json at all",
    "  [1, 2]\r",
    '{"truncated":"svchost',
    '  {"indented":"svchost.exe"}\t',
    '{"tail":"no newline after me, cmd.exe"}',
  ].join("\n");

function collect(run: (onLine: (n: number, t: string) => void) => void): [number, string][] {
  const out: [number, string][] = [];
  run((n, t) => out.push([n, t]));
  return out;
}

describe("LineSplitter", () => {
  const bytes = Buffer.from(text, "utf8");
  const expected = wholeFileLines(text);

  it("gives the whole-file lines for every buffer size and every way of cutting the input", () => {
    for (const size of [16, 17, 31, 64, 1 << 20]) {
      for (const cut of [1, 3, 7, 50, bytes.length]) {
        const got = collect((onLine) => {
          const s = new LineSplitter(null, onLine, size);
          for (let i = 0; i < bytes.length; i += cut) s.push(bytes.subarray(i, i + cut));
          s.end();
        });
        expect(got, `buffer ${size}, chunks of ${cut}`).toEqual(expected);
      }
    }
  });

  it("with anchors hands on exactly the whole-file lines holding one or not shaped {…}, with their numbers", () => {
    const anchors = ["cmd.exe", "powershell.exe"];
    const shaped = (t: string) => t.trim() === "" || (t.trim().startsWith("{") && t.trim().endsWith("}"));
    const wanted = expected.filter(([, t]) => anchors.some((a) => t.includes(a)) || !shaped(t));
    expect(wanted.map(([, t]) => t)).toContain("not json at all");
    expect(wanted.map(([, t]) => t)).toContain('{"truncated":"svchost');
    expect(wanted.map(([, t]) => t)).not.toContain('  {"indented":"svchost.exe"}\t');
    expect(wanted.length).toBeGreaterThan(2);
    for (const size of [16, 64, 1 << 20]) {
      for (const cut of [1, 5, bytes.length]) {
        const got = collect((onLine) => {
          const s = new LineSplitter(anchors, onLine, size);
          for (let i = 0; i < bytes.length; i += cut) s.push(bytes.subarray(i, i + cut));
          s.end();
        });
        expect(got, `buffer ${size}, chunks of ${cut}`).toEqual(wanted);
      }
    }
  });
});

describe("forEachLine", () => {
  const plain = join(dir, "events.ndjson");
  writeFileSync(plain, text);
  const gz = join(dir, "events-gzip-without-suffix");
  writeFileSync(gz, gzipSync(Buffer.from(text, "utf8")));

  it("reads plain and gzipped files into the whole-file lines, with small and default buffers", async () => {
    for (const file of [plain, gz]) {
      for (const size of [16, 1 << 20]) {
        const got: [number, string][] = [];
        await forEachLine(file, null, (n, t) => got.push([n, t]), size);
        expect(got, `${file}, buffer ${size}`).toEqual(wholeFileLines(text));
      }
    }
  });

  it("names a missing file and a corrupt gzip file; an error from the handler passes through unchanged", async () => {
    await expect(forEachLine(join(dir, "nope.ndjson"), null, () => {})).rejects.toThrow(new EventFileError(`no such file: ${join(dir, "nope.ndjson")}`));
    const corrupt = join(dir, "corrupt.ndjson.gz");
    writeFileSync(corrupt, "not gzip\n");
    await expect(forEachLine(corrupt, null, () => {})).rejects.toThrow(/cannot read .*corrupt\.ndjson\.gz: incorrect header check \(is it a complete gzip file\?\)/);
    const boom = new Error("handler failed");
    await expect(
      forEachLine(plain, null, () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
  });
});
