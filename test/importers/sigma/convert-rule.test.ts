import { describe, expect, it } from "vitest";
import { checkQueryForTargets, convertCondition, loadPipeline, parseSigmaFile, type Pipeline, type SigmaRule } from "../../../src/importers/sigma/index.ts";
import { searchEqlSync } from "../../../src/eql/index.ts";

const ecs = (() => {
  const p = loadPipeline("ecs-windows");
  if (!p.ok) throw new Error("ecs-windows pipeline does not load");
  return p.value;
})();

function rule(detection: string, logsource = "    product: windows\n    category: process_creation"): SigmaRule {
  const text = `title: T\nid: 11111111-2222-3333-4444-555555555555\nlogsource:\n${logsource}\ndetection:\n${detection}\n`;
  const parsed = parseSigmaFile(text, "t.yml");
  expect(parsed.diagnostics).toEqual([]);
  return parsed.documents[0] as SigmaRule;
}

function query(detection: string, pipelines: readonly Pipeline[] = [ecs]): string {
  const r = convertCondition(rule(detection), pipelines);
  if (!r.ok) throw new Error(`refused: ${r.refusal.code} ${r.refusal.message}`);
  const q = `any where ${r.value.expression}`;
  expect(checkQueryForTargets(q, r.value.pipeline.fieldTypes)).toBeUndefined();
  return q;
}

function refusal(detection: string): { code: string; message: string } {
  const r = convertCondition(rule(detection), [ecs]);
  if (r.ok) throw new Error(`expected a refusal, got ${r.value.expression}`);
  return r.refusal;
}

/** Runs the query through dac's EQL engine on one event: the meaning, not the spelling, is asserted. */
function hits(q: string, event: Record<string, unknown>): boolean {
  const base = { "@timestamp": "2026-01-01T00:00:00Z", event: { category: ["process"], type: ["start"] } };
  return searchEqlSync(q, [{ ...base, ...event }]).hits.events?.length === 1;
}

const proc = (fields: Record<string, unknown>) => ({ process: fields });

describe("modifiers", () => {
  it("plain values match case-insensitively and exactly", () => {
    const q = query("  sel:\n    Image: 'C:\\Windows\\System32\\cmd.exe'\n  condition: sel");
    expect(hits(q, proc({ executable: "c:\\windows\\system32\\CMD.EXE" }))).toBe(true);
    expect(hits(q, proc({ executable: "C:\\Windows\\System32\\cmd.exe.bak" }))).toBe(false);
  });
  it("contains, startswith, endswith", () => {
    const c = query("  sel:\n    CommandLine|contains: ' -enc '\n  condition: sel");
    expect(hits(c, proc({ command_line: "powershell -ENC abc" }))).toBe(true);
    expect(hits(c, proc({ command_line: "powershell -encoded" }))).toBe(false);
    const s = query("  sel:\n    Image|startswith: 'C:\\Users\\'\n  condition: sel");
    expect(hits(s, proc({ executable: "C:\\Users\\a\\x.exe" }))).toBe(true);
    expect(hits(s, proc({ executable: "D:\\C:\\Users\\x.exe" }))).toBe(false);
    const e = query("  sel:\n    Image|endswith: '\\rundll32.exe'\n  condition: sel");
    expect(hits(e, proc({ executable: "C:\\x\\RUNDLL32.EXE" }))).toBe(true);
    expect(hits(e, proc({ executable: "C:\\x\\rundll32.exe.tmp" }))).toBe(false);
  });
  it("all ANDs the values; a plain list ORs them", () => {
    const all = query("  sel:\n    CommandLine|contains|all:\n      - 'a1'\n      - 'b2'\n  condition: sel");
    expect(hits(all, proc({ command_line: "x a1 y b2" }))).toBe(true);
    expect(hits(all, proc({ command_line: "x a1 y" }))).toBe(false);
    const any = query("  sel:\n    CommandLine|contains:\n      - 'a1'\n      - 'b2'\n  condition: sel");
    expect(hits(any, proc({ command_line: "x b2" }))).toBe(true);
  });
  it("an escaped wildcard is a literal star, not a wildcard (regex, since EQL's : cannot escape it)", () => {
    const q = query("  sel:\n    CommandLine|contains: 'a\\*b'\n  condition: sel");
    expect(q).toContain("regex~");
    expect(hits(q, proc({ command_line: "x A*B y" }))).toBe(true);
    expect(hits(q, proc({ command_line: "x aXXb y" }))).toBe(false);
  });
  it("? is a one-character wildcard", () => {
    const q = query("  sel:\n    Image|endswith: '\\a?c.exe'\n  condition: sel");
    expect(hits(q, proc({ executable: "C:\\abc.exe" }))).toBe(true);
    expect(hits(q, proc({ executable: "C:\\abbc.exe" }))).toBe(false);
  });
  it("re with flags becomes an anchored Lucene regex", () => {
    const q = query("  sel:\n    CommandLine|re: '\\d{3}-x'\n  condition: sel");
    expect(hits(q, proc({ command_line: "ab 123-x cd" }))).toBe(true);
    expect(hits(q, proc({ command_line: "ab 12-x cd" }))).toBe(false);
    expect(hits(q, proc({ command_line: "ab 123-X cd" }))).toBe(false);
    const i = query("  sel:\n    CommandLine|re|i: '^abc'\n  condition: sel");
    expect(i).toContain("regex~");
    expect(hits(i, proc({ command_line: "ABCdef" }))).toBe(true);
    expect(hits(i, proc({ command_line: "xabc" }))).toBe(false);
    expect(query("  sel:\n    CommandLine|re|m|s: 'a.b'\n  condition: sel")).toContain("regex");
  });
  it("cased matches case-sensitively, with wildcards through like", () => {
    const q = query("  sel:\n    CommandLine|cased|contains: 'Abc'\n  condition: sel");
    expect(q).toContain("like");
    expect(hits(q, proc({ command_line: "xAbcx" }))).toBe(true);
    expect(hits(q, proc({ command_line: "xabcx" }))).toBe(false);
  });
  it("cidr, lt/lte/gt/gte on typed fields", () => {
    const r = convertCondition(rule("  sel:\n    DestinationIp|cidr: '10.0.0.0/8'\n    DestinationPort|gte: 1024\n  condition: sel", "    product: windows\n    category: network_connection"), [ecs]);
    expect(r.ok && r.value.expression).toContain('cidrmatch(destination.ip, "10.0.0.0/8")');
    expect(r.ok && r.value.expression).toContain("destination.port >= 1024");
    for (const op of ["lt", "lte", "gt"]) {
      const x = convertCondition(rule(`  sel:\n    DestinationPort|${op}: 5\n  condition: sel`, "    product: windows\n    category: network_connection"), [ecs]);
      expect(x.ok).toBe(true);
    }
  });
  it("base64, base64offset, utf16le/utf16be/wide/utf16", () => {
    expect(query("  sel:\n    CommandLine|base64: 'abc'\n  condition: sel")).toContain('"YWJj"');
    const off = query("  sel:\n    CommandLine|base64offset|contains: 'http://'\n  condition: sel");
    for (const v of ["aHR0cDovL", "h0dHA6Ly", "odHRwOi8v"]) expect(off).toContain(v);
    expect(query("  sel:\n    CommandLine|wide|base64offset|contains: 'ab'\n  condition: sel")).toContain("YQBiA");
    expect(query("  sel:\n    CommandLine|utf16le|base64: 'ab'\n  condition: sel")).toContain('"YQBiAA=="');
    expect(query("  sel:\n    CommandLine|utf16be|base64: 'ab'\n  condition: sel")).toContain('"AGEAYg=="');
    expect(query("  sel:\n    CommandLine|utf16|base64: 'ab'\n  condition: sel")).toContain('"//5hAGIA"');
  });
  it("windash expands a word-initial dash into every Windows dash", () => {
    const q = query("  sel:\n    CommandLine|windash|contains: ' -exec-policy'\n  condition: sel");
    expect(hits(q, proc({ command_line: "x /exec-policy" }))).toBe(true);
    expect(hits(q, proc({ command_line: "x \u2013exec-policy" }))).toBe(true);
    expect(hits(q, proc({ command_line: "x -exec/policy" }))).toBe(false);
  });
  it("exists, null and fieldref", () => {
    const e = query("  sel:\n    OriginalFileName|exists: true\n  condition: sel");
    expect(hits(e, { process: { pe: { original_file_name: "a" } } })).toBe(true);
    expect(hits(e, proc({}))).toBe(false);
    const n = query("  sel:\n    OriginalFileName: null\n  condition: sel");
    expect(hits(n, proc({}))).toBe(true);
    const r = convertCondition(rule("  sel:\n    ParentImage|fieldref: Image\n  condition: sel"), [ecs]);
    expect(r.ok && r.value.expression).toContain("process.parent.executable == process.executable");
  });
  it("expand takes placeholder values from a pipeline, and refuses an unknown placeholder", () => {
    const withVars: Pipeline = { ...ecs, placeholders: { admins: ["alice", "bob"] } };
    const q = query("  sel:\n    User|expand: '%admins%'\n  condition: sel", [withVars]);
    expect(q).toContain('user.name : ("alice", "bob")');
    expect(refusal("  sel:\n    User|expand: '%admins%'\n  condition: sel").code).toBe("sigma/unresolved-placeholder");
  });
  it("an unknown modifier is refused by name", () => {
    const r = refusal("  sel:\n    Image|containz: 'x'\n  condition: sel");
    expect(r.code).toBe("sigma/unknown-modifier");
    expect(r.message).toContain('"containz"');
  });
  it("keyword searches are refused with the reason", () => {
    expect(refusal("  keywords:\n    - 'mimikatz'\n  condition: keywords").code).toBe("sigma/keyword-search");
  });
});

describe("condition forms", () => {
  const det = "  a:\n    Image|endswith: '\\a.exe'\n  b:\n    CommandLine|contains: 'bb'\n  _c:\n    CommandLine|contains: 'cc'\n";
  const ev = { a: proc({ executable: "C:\\a.exe", command_line: "x" }), ab: proc({ executable: "C:\\a.exe", command_line: "bb" }), b: proc({ executable: "C:\\z.exe", command_line: "bb" }), c: proc({ executable: "C:\\z.exe", command_line: "cc" }) };
  const table: [string, Record<keyof typeof ev, boolean>][] = [
    ["a and b", { a: false, ab: true, b: false, c: false }],
    ["a or b", { a: true, ab: true, b: true, c: false }],
    ["a and not b", { a: true, ab: false, b: false, c: false }],
    ["not (a or b)", { a: false, ab: false, b: false, c: true }],
    ["1 of them", { a: true, ab: true, b: true, c: false }],
    ["all of them", { a: false, ab: true, b: false, c: false }],
    ["1 of _c*", { a: false, ab: false, b: false, c: true }],
    ["all of a*", { a: true, ab: true, b: false, c: false }],
    ["(a or _c) and not b", { a: true, ab: false, b: false, c: true }],
  ];
  for (const [condition, expected] of table) {
    it(condition, () => {
      const q = query(`${det}  condition: ${condition}`);
      for (const [name, event] of Object.entries(ev)) expect([name, hits(q, event)]).toEqual([name, expected[name as keyof typeof ev]]);
    });
  }
  it("a list of maps is OR, a map is AND", () => {
    const q = query("  sel:\n    - Image|endswith: '\\a.exe'\n      CommandLine|contains: 'x'\n    - CommandLine|contains: 'y'\n  condition: sel");
    expect(hits(q, proc({ executable: "C:\\a.exe", command_line: "x" }))).toBe(true);
    expect(hits(q, proc({ executable: "C:\\b.exe", command_line: "x" }))).toBe(false);
    expect(hits(q, proc({ executable: "C:\\b.exe", command_line: "y" }))).toBe(true);
  });
  it("a bad condition is located at its column", () => {
    const r = convertCondition(rule("  a:\n    Image: x\n  condition: a and or a"), [ecs]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.refusal.code).toBe("sigma/invalid-condition");
      expect([r.refusal.range?.start.line, r.refusal.range?.start.column]).toEqual([9, 20]);
    }
  });
});

describe("logsources", () => {
  it("a Security channel rule reads the channel and event code", () => {
    const r = convertCondition(rule("  sel:\n    EventID: 4624\n    LogonType: 3\n  condition: sel", "    product: windows\n    service: security"), [ecs]);
    expect(r.ok && r.value.expression).toBe('winlog.channel == "Security" and event.code : "4624" and winlog.event_data.LogonType : "3"');
    expect(r.ok && r.value.pipeline.logsource.indices).toContain("logs-system.security-*");
  });
  it("an unknown logsource is refused with what no pipeline maps", () => {
    const r = convertCondition(rule("  sel:\n    a: b\n  condition: sel", "    product: windows\n    category: no_such_thing"), [ecs]);
    expect(!r.ok && r.refusal.message).toContain("category: no_such_thing");
  });
  it("the Elastic Defend variant refuses fields Defend does not have", () => {
    const defend = loadPipeline("elastic-defend");
    expect(defend.ok).toBe(true);
    if (!defend.ok) return;
    const r = convertCondition(rule("  sel:\n    Hashes|contains: 'IMPHASH='\n  condition: sel"), [defend.value]);
    expect(!r.ok && r.refusal.code).toBe("sigma/unmapped-field");
    const ok = convertCondition(rule("  sel:\n    IntegrityLevel: High\n  condition: sel"), [defend.value]);
    expect(ok.ok && ok.value.expression).toContain("process.Ext.token.integrity_level_name");
  });
});
