/** Bad EQL, modules and fixtures: each refused by `dac validate` (or the command named) with a located error. */
import { gzipSync } from "node:zlib";
import type { BadInputCase } from "./harness.ts";
import { ATTACK_EVENT, DAC_SRC, environmentsYaml, exceptionsModule, locate, ruleModule } from "./project.ts";

const RULE = "detections/rule.ts";
const EXC = "detections/exceptions.ts";

/** A case whose rule query is `query`, located at `needle` inside the module. */
function eql(name: string, query: string, message: RegExp, needle?: string): BadInputCase {
  const text = ruleModule({ query });
  return { area: "eql", name, files: { [RULE]: text }, args: ["validate"], message, ...(needle !== undefined ? { location: locate(RULE, text, needle) } : {}) };
}

/** `eql` validated for one environment (`test` is OpenSearch, `siem` Elastic). */
function targetEql(name: string, env: "test" | "siem", query: string, message: RegExp, needle: string): BadInputCase {
  const base = eql(name, query, message, needle);
  const siem = "  siem:\n    engine: elastic\n    url: http://127.0.0.1:9\n    kibanaUrl: http://127.0.0.1:9\n    exceptionValues:\n      adminIps: [10.0.0.0/8]\n";
  return { ...base, files: { ...base.files, "environments.yaml": environmentsYaml(siem) }, args: ["validate", "--env", env] };
}

function rule(area: BadInputCase["area"], name: string, text: string, message: RegExp, needle?: string, args: readonly string[] = ["validate"]): BadInputCase {
  return { area, name, files: { [RULE]: text }, args, message, ...(needle !== undefined ? { location: locate(RULE, text, needle) } : {}) };
}

function exception(name: string, entries: string, message: RegExp, needle: string): BadInputCase {
  const text = exceptionsModule(entries);
  return { area: "module", name, files: { [EXC]: text }, args: ["validate"], message, location: locate(EXC, text, needle) };
}

export const eqlCases: BadInputCase[] = [
  eql("unclosed parenthesis", 'any where (event.code == "7045"', /eql\//),
  eql("unknown field", 'any where proces.name == "x"', /eql\/unknown-field/, "proces.name"),
  eql("invalid regex: unclosed class", 'any where process.name regex "ab[c"', /eql\/invalid-regex.*Lucene/, '"ab[c"'),
  eql("invalid regex~: unbalanced parenthesis", 'any where process.name regex~ "(abc"', /eql\/invalid-regex/, '"(abc"'),
  eql("invalid regex: stray closing parenthesis", 'any where process.name regex "a)"', /eql\/invalid-regex/, '"a)"'),
  eql("invalid regex in a list of patterns", 'any where process.name regex ("abc", "x[")', /eql\/invalid-regex/, '"x["'),
  eql("cidrMatch with prefix /33", 'any where cidrMatch(source.ip, "10.0.0.0/33")', /eql\/invalid-cidr|cidr/i, "cidrMatch"),
  // Elasticsearch refuses cidrMatch on anything but an ip field; OpenSearch would run a terms query that never matches.
  eql("cidrMatch on a keyword field", 'any where cidrMatch(source.address, "10.0.0.0/8")', /eql\/type-mismatch first argument of \[cidrMatch\(source\.address, "10\.0\.0\.0\/8"\)\] must be \[ip\], found value \[source\.address\] type \[keyword\]/, "source.address"),
  eql("cidrMatch on a labels.* keyword field", 'any where cidrMatch(labels.jump_host, "10.0.0.0/8")', /eql\/type-mismatch.*found value \[labels\.jump_host\] type \[keyword\]/, "labels.jump_host"),
  targetEql("cidrMatch on a keyword field, OpenSearch target", "test", 'any where cidrMatch(host.name, "10.0.0.0/8")', /eql\/type-mismatch.*must be \[ip\].*type \[keyword\]/, "host.name"),
  targetEql("cidrMatch on a keyword field, Elastic target", "siem", 'any where cidrMatch(host.name, "10.0.0.0/8")', /eql\/type-mismatch.*must be \[ip\].*type \[keyword\]/, "host.name"),
  eql("unknown function", 'any where fooBar(process.name)', /eql\//, "fooBar"),
  eql("sequence with one stage", 'sequence [any where true]', /eql\/too-few-stages/),
  eql("missing event without maxspan", 'sequence [any where true] ![any where true] [any where true]', /eql\/missing-needs-maxspan/),
  eql("unterminated string", 'any where process.name == "abc', /eql\//),
  eql("sample without join keys", 'sample [any where true] [any where true]', /eql\/sample-restriction/),
  eql("comparison with nothing on the right", "any where process.name == ", /eql\//),
  eql("no event category", "where true", /eql\//),
  eql("runs out of range", "sequence [any where true] with runs=0 [any where true]", /eql\/runs-range/),
  eql("until with runs", "sequence [any where true] [any where true] until [any where true] with runs=2", /eql\/until-runs/),
  eql("string compared with a number field", 'any where process.pid == "abc"', /eql\//),
  rule("eql", "empty query", ruleModule({ query: "" }), /detection\/schema/, "``"),
];

export const moduleCases: BadInputCase[] = [
  rule("module", "definition not exported", ruleModule({ exportKeyword: "" }), /detection\/not-exported.*svc-installed/, "defineDetection({"),
  { ...rule("module", "TypeScript syntax error", ruleModule().replace("  riskScore: 73,", "  riskScore: 73,,"), /detection\/syntax Expected identifier but found ","/), location: `${RULE}:7:17` },
  rule("module", "TypeScript syntax error: unclosed brace", ruleModule().replace("});\n", "\n"), /detection\/syntax/),
  rule("module", "top-level await that never settles", `await new Promise(() => {});\n${ruleModule()}`, /detection\/import-timeout.*never finished loading/),
  rule("module", "module throws while loading", `throw new Error("boom at load");\n${ruleModule()}`, /detection\/import-failed.*boom at load/, "new Error"),
  rule("module", "imports a module that does not exist", `import "./nope.ts";\n${ruleModule()}`, /detection\/import-failed/),
  rule("module", "duplicate key in the definition", ruleModule({ extra: ['severity: "low",'] }), /detection\/duplicate-key.*"severity"/, 'severity: "low"'),
  rule("module", "unknown property", ruleModule({ extra: ['sevrity: "low",'] }), /detection\/schema Unknown key "sevrity"/, '"low"'),
  rule("module", "severity not in the list", ruleModule().replace('severity: "high"', 'severity: "urgent"'), /detection\/schema/, '"urgent"'),
  rule("module", "riskScore over 100", ruleModule().replace("riskScore: 73", "riskScore: 101"), /detection\/schema/, "101"),
  rule("module", "unknown MITRE technique", ruleModule().replace("T1569.002", "T9999.001"), /detection\/unknown-mitre/, '"T9999.001"'),
  rule("module", "malformed MITRE id", ruleModule().replace("T1569.002", "T15"), /detection\/schema/, '"T15"'),
  rule("module", "id not kebab-case", ruleModule({ id: "Svc_Installed" }), /detection\/schema.*kebab/, '"Svc_Installed"'),
  rule("module", "unknown exception name", ruleModule({ exceptions: '["admns"]' }), /detection\/unknown-exception/, '"admns"'),
  rule("module", "no tests", ruleModule({ tests: "[]" }), /detection\/missing-test/, "[]"),
  rule("module", "unknown entityField", ruleModule({ extra: ['entityField: "hostname",'] }), /detection\/unknown-field.*entityField/, '"hostname"'),
  rule("module", "timestampField typo", ruleModule({ extra: ['timestampField: "@timstamp",'] }), /detection\/unknown-field.*timestampField "@timstamp"/, '"@timstamp"'),
  rule("module", "timestampField on a keyword field", ruleModule({ extra: ['timestampField: "host.name",'] }), /detection\/field-type/, '"host.name"'),
  rule("module", "unknown tiebreakerField", ruleModule({ extra: ['tiebreakerField: "event.seq",'] }), /detection\/unknown-field.*tiebreakerField/, '"event.seq"'),
  rule("module", "reference that is not a URL", ruleModule({ extra: ['references: ["not a url"],'] }), /detection\/schema/, '"not a url"'),
  rule("module", "schedule interval in words", ruleModule({ extra: ['schedule: { interval: "5 minutes", lookback: "10m" },'] }), /detection\/schema.*duration/, '"5 minutes"'),
  {
    area: "module",
    name: "duplicate detection id in two files",
    files: { "detections/copy.ts": ruleModule().replace("const rule", "const copy") },
    args: ["validate"],
    message: /detection\/duplicate-id/,
    location: "detections/copy.ts:3:7",
  },
  { area: "module", name: "folder without modules", files: { "detections/rule.ts": null, "detections/exceptions.ts": null }, args: ["validate"], message: /detection\/none-found/ },
  { area: "module", name: "path that does not exist", args: ["validate", "--detections", "nowhere/"], message: /detection\/path-not-found.*nowhere/ },
  exception("CIDR prefix over /32", '[{ kind: "cidr", field: "source.ip", cidrs: ["10.1.0.0/33"] }]', /detection\/invalid-cidr.*\/33/, '"10.1.0.0/33"'),
  exception("IPv6 prefix over /128", '[{ kind: "cidr", field: "source.ip", cidrs: ["fd00::/129"] }]', /detection\/invalid-cidr.*\/129/, '"fd00::/129"'),
  exception("CIDR block that is not an address", '[{ kind: "cidr", field: "source.ip", cidrs: ["jump-host/24"] }]', /detection\/invalid-cidr/, '"jump-host/24"'),
  exception("CIDR entry on a keyword field", '[{ kind: "cidr", field: "host.name", cidrs: ["10.0.0.0/8"] }]', /detection\/cidr-field-type.*keyword/, '"host.name"'),
  exception("string for a numeric field", '[{ kind: "equals", field: "process.pid", value: "four" }]', /detection\/value-type.*long/, '"four"'),
  exception("non-boolean for a boolean field", '[{ kind: "equals", field: "process.code_signature.trusted", value: "yes" }]', /detection\/value-type.*boolean/, '"yes"'),
  exception("host name for an ip field", '[{ kind: "any-of", field: "source.ip", values: ["10.0.0.1", "jumphost"] }]', /detection\/value-type.*ip/, '"jumphost"'),
  exception("unknown entry kind", '[{ kind: "regex", field: "host.name", pattern: "x" }]', /detection\/schema/, '"regex"'),
  exception("no entries", "[]", /detection\/schema/, "[]"),
  exception("unknown field in an entry", '[{ kind: "exists", field: "hostt.name" }]', /detection\/unknown-field/, '"hostt.name"'),
];

/** A rule whose first test reads `fixture` (written as `content`). */
function fixture(name: string, written: string, content: string | Buffer | null, message: RegExp, args: readonly string[] = ["validate"]): BadInputCase {
  const path = written.replace(/\/$/, ""); // a trailing "/" makes the fixture path a folder
  const text = ruleModule({ tests: `[\n    { name: "fires", fixture: "${path}", expectAlerts: 1 },\n    { name: "silent", fixture: "fixtures/benign.ndjson", expectAlerts: 0 },\n  ]` });
  return {
    area: "fixture",
    name,
    files: { [RULE]: text, ...(content === null ? {} : { [`detections/${written}`]: content }) },
    args,
    message,
    location: locate(RULE, text, `"${path}"`),
  };
}

const event = JSON.stringify(ATTACK_EVENT);
const untimed = JSON.stringify({ ...ATTACK_EVENT, "@timestamp": undefined });

export const fixtureCases: BadInputCase[] = [
  fixture("fixture missing", "fixtures/missing.ndjson", null, /detection\/fixture-missing/),
  fixture("fixture path is a folder", "fixtures/folder.ndjson/", "", /detection\/fixture-not-a-file.*folder/),
  fixture("empty fixture", "fixtures/empty.ndjson", "", /detection\/fixture-empty/),
  fixture("fixture of blank lines", "fixtures/blank.ndjson", "\n\n  \n", /detection\/fixture-empty/),
  fixture("events without @timestamp", "fixtures/untimed.ndjson", `${untimed}\n${event}\n`, /detection\/fixture-no-timestamp.*1 of 2 events/),
  fixture("events without @timestamp refused by test --offline", "fixtures/untimed.ndjson", `${untimed}\n`, /detection\/fixture-no-timestamp/, ["test", "--offline"]),
  fixture("a line that is not JSON", "fixtures/broken.ndjson", `${event}\n{"@timestamp": \n`, /detection\/fixture-invalid-event.*line 2/),
  fixture("a line that is an array", "fixtures/array.ndjson", `[${event}]\n`, /detection\/fixture-invalid-event.*not a JSON object/),
  fixture("corrupt .gz", "fixtures/corrupt.ndjson.gz", "this is not gzip\n", /detection\/fixture-unreadable.*corrupt\.ndjson\.gz/),
  fixture("truncated .gz", "fixtures/cut.ndjson.gz", gzipSync(`${event}\n`.repeat(50)).subarray(0, 30), /detection\/fixture-unreadable.*cut\.ndjson\.gz.*unexpected end of file/),
  fixture("fixture that is not NDJSON by name", "fixtures/attack.json", event, /detection\/schema.*ndjson/),
];

export { DAC_SRC };
