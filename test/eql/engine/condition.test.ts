import { describe, expect, it } from "vitest";
import { holds, matches } from "./helpers.ts";

describe("case and wildcard rules (trap D.1, D.2)", () => {
  const e = { process: { name: "CMD.EXE", path: "C:\\Windows\\System32\\cmd.exe" } };
  it("== is case-sensitive and never expands wildcards", () => {
    expect(holds('process.name == "CMD.EXE"', e)).toBe(true);
    expect(holds('process.name == "cmd.exe"', e)).toBe(false);
    expect(holds('process.name == "CMD*"', e)).toBe(false);
    expect(holds('process.name == "CMD*"', { process: { name: "CMD*" } })).toBe(true);
  });
  it(": is case-insensitive equality, and a whole-string wildcard when the pattern has * or ?", () => {
    expect(holds('process.name : "cmd.exe"', e)).toBe(true);
    expect(holds('process.name : "cmd*"', e)).toBe(true);
    expect(holds('process.name : "md*"', e)).toBe(false);
    expect(holds('process.name : "cmd.ex?"', e)).toBe(true);
    expect(holds('process.name : ("x", "c*")', e)).toBe(true);
  });
  it("a backslash in a wildcard is literal: C:\\\\Windows\\\\* matches under C:\\Windows\\", () => {
    expect(holds('process.path : "C:\\\\Windows\\\\*"', e)).toBe(true);
    expect(holds('process.path like "C:\\\\Windows\\\\*"', e)).toBe(true);
    expect(holds('process.path like "c:\\\\windows\\\\*"', e)).toBe(false);
    expect(holds('process.path like~ "c:\\\\windows\\\\*"', e)).toBe(true);
  });
  it("in is exact and case-sensitive; in~ folds case but does not expand wildcards", () => {
    expect(holds('process.name in ("cmd.exe", "CMD.EXE")', e)).toBe(true);
    expect(holds('process.name in ("cmd.exe")', e)).toBe(false);
    expect(holds('process.name in~ ("cmd.exe")', e)).toBe(true);
    expect(holds('process.name in~ ("cmd*")', e)).toBe(false);
  });
  it("regex is case-sensitive Lucene syntax, regex~ is not case-sensitive", () => {
    expect(holds('process.name regex "CMD\\\\.[A-Z]+"', e)).toBe(true);
    expect(holds('process.name regex "cmd.*"', e)).toBe(false);
    expect(holds('process.name regex~ "cmd.*"', e)).toBe(true);
    expect(holds('process.name regex """CMD.EXE"""', e)).toBe(true);
  });
  it("`: ` with Unicode folds like Java", () => {
    expect(holds('user.name : "ÄRGER"', { user: { name: "ärger" } })).toBe(true);
  });
});

describe("multi-valued fields and negation (trap D.3)", () => {
  const e = { process: { args: ["cmd.exe", "/c", "whoami"] } };
  it("positive predicates hold if ANY element does", () => {
    expect(holds('process.args == "/c"', e)).toBe(true);
    expect(holds('process.args : "WHO*"', e)).toBe(true);
    expect(holds('process.args in ("whoami")', e)).toBe(true);
    expect(holds('process.args like "w*"', e)).toBe(true);
    expect(holds('process.args regex "who.*"', e)).toBe(true);
    expect(holds('startsWith(process.args, "who")', e)).toBe(true);
  });
  it("!= is the complement of ==: false when any element equals", () => {
    expect(holds('process.args != "/c"', e)).toBe(false);
    expect(holds('process.args != "/k"', e)).toBe(true);
  });
  it("!=, not in, not :, not cidrMatch are TRUE when the field is missing", () => {
    expect(holds('process.parent.name != "explorer.exe"', {})).toBe(true);
    expect(holds('not process.parent.name : "explorer.exe"', {})).toBe(true);
    expect(holds('process.parent.name not in ("explorer.exe")', {})).toBe(true);
    expect(holds('not process.parent.name in ("explorer.exe")', {})).toBe(true);
    expect(holds('not cidrMatch(source.ip, "10.0.0.0/8")', {})).toBe(true);
    expect(holds('not startsWith(process.name, "x")', {})).toBe(true);
  });
  it("positive predicates are false when the field is missing", () => {
    expect(holds('process.parent.name == "explorer.exe"', {})).toBe(false);
    expect(holds('process.parent.name : "*"', {})).toBe(false);
    expect(holds('cidrMatch(source.ip, "10.0.0.0/8")', {})).toBe(false);
  });
  it("ranges are false on a missing field, and not (x > 5) is x <= 5 (also false when missing)", () => {
    expect(holds("exit_code > 5", {})).toBe(false);
    expect(holds("not (exit_code > 5)", {})).toBe(false);
    expect(holds("not (exit_code > 5)", { exit_code: 3 })).toBe(true);
    expect(holds("not (exit_code > 5)", { exit_code: 9 })).toBe(false);
    expect(holds("not (exit_code >= 5)", { exit_code: 5 })).toBe(false);
    expect(holds("not (exit_code < 5)", { exit_code: 5 })).toBe(true);
    expect(holds("5 < exit_code", { exit_code: 9 })).toBe(true);
  });
  it("not is pushed through and/or by De Morgan", () => {
    expect(holds('not (a == "x" and b == "y")', { a: "x" })).toBe(true);
    expect(holds('not (a == "x" or b == "y")', { a: "z" })).toBe(true);
    expect(holds('not (a == "x" or b > 1)', { a: "z" })).toBe(false); // b <= 1 is false on missing b
  });
  it("range on a multi-valued field holds if any element is in range", () => {
    expect(holds("port > 1000", { port: [80, 8080] })).toBe(true);
    expect(holds("not (port > 1000)", { port: [80, 8080] })).toBe(true); // port <= 1000 for 80
  });
});

describe("null tests (C.4)", () => {
  it("x == null is true when missing, null or an empty array; x != null is existence", () => {
    expect(holds("x == null", {})).toBe(true);
    expect(holds("x == null", { x: null })).toBe(true);
    expect(holds("x == null", { x: [] })).toBe(true);
    expect(holds("x == null", { x: [null] })).toBe(true);
    expect(holds("x == null", { x: 0 })).toBe(false);
    expect(holds("?x != null", { x: "" })).toBe(true);
    expect(holds("?x != null", {})).toBe(false);
    expect(holds("not x == null", { x: 1 })).toBe(true);
  });
  it("null == null is true; null == (exit_code > -1) matches events lacking exit_code", () => {
    expect(holds("null == null", {})).toBe(true);
    expect(holds("null != null", {})).toBe(false);
    expect(holds("null == (exit_code > -1)", {})).toBe(true);
    expect(holds("null == (exit_code > -1)", { exit_code: 0 })).toBe(false);
  });
  it("value-context expressions propagate null, and a null filter does not match", () => {
    expect(holds("length(x) > 0", {})).toBe(false);
    expect(holds("not (length(x) > 0)", {})).toBe(false); // script: not null is null
    expect(holds('length(x) > 0 or y == "a"', { y: "a" })).toBe(true);
    expect(holds("x + 1 == 2", { x: 1 })).toBe(true);
    expect(holds("x + 1 == 2", {})).toBe(false);
  });
});

describe("arithmetic in filters", () => {
  it("integer division truncates: serial / 2 == 41 matches 82 and 83", () => {
    expect(holds("serial / 2 == 41", { serial: 82 })).toBe(true);
    expect(holds("serial / 2 == 41", { serial: 83 })).toBe(true);
    expect(holds("serial / 2.0 == 41", { serial: 83 })).toBe(false);
  });
  it("% takes the sign of the dividend (Java)", () => {
    expect(holds("x % -6 == 4", { x: 10 })).toBe(true);
    expect(holds("x % -6 == -4", { x: -10 })).toBe(true);
  });
  it("a + b in (1) parses as a + (b in (1)), so a number plus a boolean is null", () => {
    expect(holds("a + b in (1)", { a: 1, b: 1 })).toBe(false);
  });
});

describe("categories and typed equality", () => {
  it("category equality is exact, case-sensitive, any element; `any` matches everything", () => {
    expect(matches("process where true", { event: { category: ["network", "process"] } })).toBe(true);
    expect(matches("process where true", { event: { category: "Process" } })).toBe(false);
    expect(matches("process where true", {})).toBe(false);
    expect(matches("any where true", {})).toBe(true);
  });
  it("source values are read as the constant's type, as a mapping coerces them", () => {
    expect(holds('event.code == "4688"', { event: { code: 4688 } })).toBe(true);
    expect(holds("pid == 4", { pid: "4" })).toBe(true);
    expect(holds('pid == "4"', { pid: "04" })).toBe(false);
  });
  it("strings order by UTF-16 code units, case-sensitively", () => {
    expect(holds('name < "s"', { name: "S" })).toBe(true);
    expect(holds('name < "S"', { name: "s" })).toBe(false);
  });
  it("cidrMatch handles IPv4 and IPv6, any of several blocks", () => {
    expect(holds('cidrMatch(ip, "10.0.0.0/8", "192.168.0.0/16")', { ip: "192.168.1.1" })).toBe(true);
    expect(holds('cidrMatch(ip, "2001:db8::/32")', { ip: "2001:db8::1" })).toBe(true);
    expect(holds('cidrMatch(ip, "2001:db8::/32")', { ip: "2001:db9::1" })).toBe(false);
    expect(holds('cidrMatch(ip, "10.0.0.0/8")', { ip: ["1.1.1.1", "10.1.1.1"] })).toBe(true);
  });
  it("endsWith and stringContains on a field are field predicates too", () => {
    expect(holds('endsWith~(file.name, ".EXE")', { file: { name: "a.exe" } })).toBe(true);
    expect(holds('stringContains(file.name, "b")', { file: { name: ["a", "abc"] } })).toBe(true);
  });
});
