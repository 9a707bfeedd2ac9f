import { describe, expect, it } from "vitest";
import { checkEql } from "../../src/eql/check.ts";
import { parseEql } from "../../src/eql/parser.ts";
import { customFieldSchema, defaultFieldSchema, ecsFieldSchema, lookupFieldType, windowsFieldSchema } from "../../src/eql/schema.ts";

const schema = defaultFieldSchema({ "custom.text": "text", "custom.date": "date", "labels.*": "keyword" });

function check(text: string, withSchema = true) {
  const r = parseEql(text);
  if (!r.ok) throw new Error(`${text}: ${r.diagnostics[0]!.message}`);
  return checkEql(r.value, withSchema ? schema : undefined);
}

describe("checkEql: valid queries", () => {
  it.each([
    'process where process.name == "cmd.exe" and process.pid > 4',
    'process where process.name : ("psexec*.exe", "PSEXESVC.exe") and not process.args : "-s"',
    'process where process.parent.name like~ "services*" or process.name regex ".*svc"',
    'process where startsWith~(process.name, "ps") and endsWith(process.name, ".exe") and stringContains~(process.command_line, "x")',
    'process where length(process.name) > 3 and indexOf~(process.name, "e", 1) == 2 and substring(process.name, 0, 2) == "ps"',
    'process where number("12", 10) == 12 and string(process.pid) == "4" and concat(process.name, ":", 5) == "a"',
    'process where between~(process.command_line, "a", "b", true) == "x" and between(process.name, "a", "b") == "y"',
    'network where cidrMatch(source.ip, "10.0.0.0/8", "fe80::/10") and source.ip == "10.1.2.3"',
    'network where destination.port in (445, 139) and add(source.port, 1) > 1024 and modulo(source.port, 2) == 0',
    'process where @timestamp > "2024-01-01" and custom.date < 1700000000000',
    "process where ?custom.text != null and custom.text == null",
    "process where ?unknown.one == ?unknown.two",
    "process where ?unmapped.field == null and ?process.name != null",
    "process where process.pid + 1 == 5 and -process.pid < 0 and process.pid / 2.0 > 1",
    'file where winlog.event_data.ShareName : "\\\\\\\\*\\\\IPC$" and winlog.event_id == "5145"',
    'any where labels.anything == "x" and container.labels.app == "y"',
    "process where true",
    "sequence by host.id with maxspan=1m [process where true] by process.pid [file where true] by process.pid until [process where false] by process.pid",
    "sequence [process where true] with runs=2",
    "sequence with maxspan=5m [process where true] ![file where true] [network where true]",
    "sample by host.id [process where true] by process.pid [file where true] by process.pid [network where true] by process.pid",
  ])("%s", (q) => {
    expect(check(q)).toEqual([]);
  });

  it("without a schema, field rules are skipped but shape rules still apply", () => {
    expect(check('process where nonexistent.field == "x"', false)).toEqual([]);
    expect(check("process where a == b", false).map((d) => d.code)).toEqual(["eql/field-comparison"]);
    expect(check("process where ?a == ?b", false)).toEqual([]);
    expect(check("sequence [a where true]", false).map((d) => d.code)).toEqual(["eql/too-few-stages"]);
  });
});

/** Invalid queries: code, line and column of the first diagnostic, and a piece of its message. */
const invalid: Array<[string, string, number, number, string]> = [
  ['process where proces.name == "x"', "eql/unknown-field", 1, 15, "Unknown column [proces.name], did you mean [process.name]?"],
  ['process where winlog.event_data.ServiceNme == "x"', "eql/unknown-field", 1, 15, "did you mean [winlog.event_data.ServiceName]?"],
  ['process where\n  process.name == "a" and\n  process.nam == "b"', "eql/unknown-field", 3, 3, "Unknown column [process.nam]"],
  ["process where process.name == process.parent.name", "eql/field-comparison", 1, 31, "offender [process.parent.name] in [==]"],
  ["process where process.pid < process.parent.pid + 1", "eql/field-comparison", 1, 29, "Comparisons against fields are not (currently) supported"],
  ['process where process.name in ("a", process.parent.name)', "eql/field-comparison", 1, 37, "offender [process.parent.name]"],
  ["process where ?process.name == ?process.parent.name", "eql/field-comparison", 1, 32, "Comparisons against fields"],
  ['process where process.pid == "4"', "eql/type-mismatch", 1, 30, 'must be [integer], found value ["4"] type [keyword]'],
  ['process where "4" == process.pid', "eql/type-mismatch", 1, 15, "first argument"],
  ["process where process.name == 4", "eql/type-mismatch", 1, 31, "must be [keyword]"],
  ['process where process.pid in (1, "2")', "eql/type-mismatch", 1, 34, "must be of the same type as [process.pid]"],
  ["process where source.ip : 10", "eql/type-mismatch", 1, 15, "must be [string], found value [source.ip] type [ip]"],
  ["process where process.name like 5", "eql/type-mismatch", 1, 33, "Pattern [5]"],
  ['process where process.pid + "a" > 1', "eql/type-mismatch", 1, 29, "second argument of [process.pid + \"a\"] must be [number]"],
  ['process where length(process.pid) > 1', "eql/type-mismatch", 1, 22, "first argument of [length(process.pid)] must be [string]"],
  ['process where substring(process.name, 1.5) == "a"', "eql/type-mismatch", 1, 39, "must be [integer]"],
  ['process where cidrMatch(process.name, "10.0.0.0/8")', "eql/type-mismatch", 1, 25, "must be [ip]"],
  ['process where cidrMatch(source.address, "10.0.0.0/8")', "eql/type-mismatch", 1, 25, 'first argument of [cidrMatch(source.address, "10.0.0.0/8")] must be [ip], found value [source.address] type [keyword]'],
  ['process where cidrMatch(labels.env, "10.0.0.0/8")', "eql/type-mismatch", 1, 25, "found value [labels.env] type [keyword]"],
  ['process where cidrMatch(container.labels.zone, "10.0.0.0/8")', "eql/type-mismatch", 1, 25, "type [keyword]"],
  ['process where cidrMatch(concat(source.ip), "10.0.0.0/8")', "eql/type-mismatch", 1, 25, "found value [concat(source.ip)] type [keyword]"],
  ["process where labels.env == 1", "eql/type-mismatch", 1, 29, "must be [keyword]"],
  ['process where concat(1, "a") in (1, "x")', "eql/type-mismatch", 1, 34, "Value [1]"],
  ['process where ?x.y in (1, "x")', "eql/mixed-list", 1, 27, 'Mixed types in list'],
  ['process where string(1) in ("a", 2)', "eql/type-mismatch", 1, 34, "must be of the same type as [string(1)]"],
  ['process where message : "x"', "eql/text-field", 1, 15, "Field [message] of data type [match_only_text] cannot be used"],
  ['process where custom.text == "x"', "eql/text-field", 1, 15, "[text]"],
  ['process where dns.answers == "x"', "eql/unsupported-field-type", 1, 15, "[object]"],
  ["process where add(1) == 1", "eql/arity", 1, 15, "Function [add] expects exactly 2 arguments, found 1"],
  ['process where between(process.name, "a") == "x"', "eql/arity", 1, 15, "expects 3 to 4 arguments"],
  ["process where cidrMatch(source.ip)", "eql/arity", 1, 15, "at least 2"],
  ["process where length() == 1", "eql/arity", 1, 15, "expects exactly 1 argument, found 0"],
  ["process where concat() == \"\"", "eql/arity", 1, 15, "at least 1"],
  ["process where length~(process.name) == 1", "eql/case-insensitive-function", 1, 15, "does not support case-insensitive"],
  ['process where between(process.name, "a", "b", process.name == "x") == "c"', "eql/constant-argument", 1, 47, "fourth argument"],
  ['process where between(process.name, "a", "b", "true") == "c"', "eql/type-mismatch", 1, 47, "must be [boolean]"],
  ["process where cidrMatch(source.ip, destination.ip)", "eql/constant-argument", 1, 36, "must be a constant, received [destination.ip]"],
  ['process where cidrMatch(source.ip, "10.0.0.0/33")', "eql/invalid-cidr", 1, 36, "Invalid CIDR"],
  ["process where process.pid / 0 == 1", "eql/division-by-zero", 1, 29, "Division by zero"],
  ["process where divide(process.pid, 0) == 1", "eql/division-by-zero", 1, 35, "Division by zero"],
  ["process where process.pid % 0.0 == 1", "eql/division-by-zero", 1, 29, "Division by zero"],
  ["process where process.pid", "eql/non-boolean-condition", 1, 15, "Condition expression needs to be boolean"],
  ['process where process.name == "a" and 1', "eql/non-boolean-condition", 1, 39, "needs to be boolean"],
  ["sequence [a where true] with runs=101", "eql/runs-range", 1, 10, "between 1 and 100 is required, found [101]"],
  ["sequence [a where true] with runs=0 [b where true]", "eql/runs-range", 1, 10, "found [0]"],
  ["sequence [a where true] ![b where true] [c where true]", "eql/missing-needs-maxspan", 1, 25, "requires the sequence to declare [with maxspan"],
  ["sequence with maxspan=1m ![a where true] ![b where true]", "eql/no-positive-stage", 1, 1, "at least one positive"],
  ["sequence with maxspan=1m [a where true] [b where true] until ![c where true]", "eql/missing-until", 1, 62, "cannot be a missing event"],
  ["sequence [a where true]", "eql/too-few-stages", 1, 1, "A sequence requires a minimum of 2 queries, found [1]"],
  ["sequence by host.id [a where true] by user.id [b where true]", "eql/join-keys-count", 1, 47, "expected [2] but found [1]"],
  ["sequence [a where true] by user.id [b where true] by user.id until [c where true]", "eql/join-keys-count", 1, 68, "expected [1] but found [0]"],
  ["sample [a where true] [b where true]", "eql/sample-restriction", 1, 1, "A sample requires join keys"],
  ["sample by host.id [a where true]", "eql/sample-restriction", 1, 1, "minimum of 2 queries"],
  ["sample by host.id [a where true] [b where true] [c where true] [d where true] [e where true] [f where true]", "eql/sample-restriction", 1, 94, "up to 5"],
  ["sample by host.id [a where true] [b where true] | head 1", "eql/sample-restriction", 1, 49, "Pipe [head] is not supported with [sample]"],
  ["sample by host.id [a where true] by user.id [b where true]", "eql/join-keys-count", 1, 45, "expected [2] but found [1]"],
];

describe("checkEql: invalid queries", () => {
  it.each(invalid)("%s", (q, code, line, column, message) => {
    const ds = check(q);
    expect(ds.length).toBeGreaterThan(0);
    const d = ds.find((x) => x.code === code) ?? ds[0]!;
    expect({ code: d.code, line: d.range?.start.line, column: d.range?.start.column }).toEqual({ code, line, column });
    expect(d.message).toContain(message);
  });

  it("reports every problem in a query, in source order", () => {
    const ds = check('process where proces.name == "x" and process.pid == "4" and length~(process.name) > 1');
    expect(ds.map((d) => d.code)).toEqual(["eql/unknown-field", "eql/type-mismatch", "eql/case-insensitive-function"]);
  });
});

describe("field schemas", () => {
  it("ECS catalogue includes types and multi-fields", () => {
    const ecs = ecsFieldSchema();
    expect(ecs.get("process.name")).toBe("keyword");
    expect(ecs.get("process.name.text")).toBe("match_only_text");
    expect(ecs.get("source.ip")).toBe("ip");
    expect(ecs.get("@timestamp")).toBe("date");
    expect(ecs.size).toBeGreaterThan(2000);
  });

  it("windows fields are keyword and custom fields override", () => {
    expect(windowsFieldSchema()["winlog.event_data.ServiceFileName"]).toBe("keyword");
    expect(ecsFieldSchema({ "process.name": "wildcard" }).get("process.name")).toBe("wildcard");
  });

  it("lookupFieldType resolves wildcard declarations and open object parents", () => {
    const s = customFieldSchema({ "a.*": "long", obj: "object", flat: "flattened" });
    expect(lookupFieldType(s, "a.b.c")).toBe("long");
    expect(lookupFieldType(s, "obj.x")).toBe("unknown");
    expect(lookupFieldType(s, "flat.x.y")).toBe("keyword");
    expect(lookupFieldType(s, "other")).toBeUndefined();
  });
});
