import { describe, expect, it } from "vitest";
import { exceptionMatches, ipInCidrs, readFieldValues, type ExceptionEntry } from "../../src/detection/index.ts";

const event = {
  "@timestamp": "2026-03-01T00:00:00Z",
  user: { name: "it-admin-jdoe" },
  "source.ip": "10.10.5.4",
  process: { name: "cmd.exe", args: ["cmd.exe", "/c", "whoami"], parent: { executable: "C:\\Windows\\PSEXESVC.exe", code_signature: { trusted: true } } },
  host: { ip: ["fe80::1%12", "192.168.1.7"] },
};

describe("readFieldValues", () => {
  it("reads nested, dotted and multi-valued fields", () => {
    expect(readFieldValues(event, "user.name")).toEqual(["it-admin-jdoe"]);
    expect(readFieldValues(event, "source.ip")).toEqual(["10.10.5.4"]);
    expect(readFieldValues(event, "process.args")).toEqual(["cmd.exe", "/c", "whoami"]);
    expect(readFieldValues(event, "process.pid")).toEqual([]);
  });
});

const table: { entry: ExceptionEntry; matches: boolean }[] = [
  { entry: { kind: "equals", field: "user.name", value: "it-admin-jdoe" }, matches: true },
  { entry: { kind: "equals", field: "user.name", value: "IT-ADMIN-JDOE" }, matches: false }, // case-sensitive
  { entry: { kind: "equals", field: "process.parent.code_signature.trusted", value: "true" }, matches: true },
  { entry: { kind: "any-of", field: "process.args", values: ["/c", "/k"] }, matches: true }, // any element
  { entry: { kind: "any-of", field: "user.name", values: ["svc-remediation"] }, matches: false },
  { entry: { kind: "wildcard", field: "process.parent.executable", pattern: "c:\\windows\\*.EXE" }, matches: true }, // case-insensitive, \ literal
  { entry: { kind: "wildcard", field: "process.name", pattern: "cm?.exe" }, matches: true },
  { entry: { kind: "wildcard", field: "process.name", pattern: "cmd" }, matches: false }, // whole value
  { entry: { kind: "exists", field: "process.parent.executable" }, matches: true },
  { entry: { kind: "exists", field: "process.pid" }, matches: false },
  { entry: { kind: "cidr", field: "source.ip", cidrs: ["10.10.5.0/28"] }, matches: true },
  { entry: { kind: "cidr", field: "source.ip", cidrs: ["10.10.5.16/28", "10.20.0.15"] }, matches: false },
  { entry: { kind: "cidr", field: "host.ip", cidrs: ["fe80::/10"] }, matches: true }, // zone id ignored, any element
  { entry: { kind: "equals", field: "user.name", value: "it-admin-jdoe", negate: true }, matches: false },
  { entry: { kind: "equals", field: "process.pid", value: "4", negate: true }, matches: true }, // "is not" holds on a missing field
];

describe("exceptionMatches entry semantics", () => {
  it.each(table)("$entry.kind $entry.field negate=$entry.negate -> $matches", ({ entry, matches }) => {
    expect(exceptionMatches(entry, event)).toBe(matches);
  });

  it("ANDs the entries of an exception", () => {
    const both = { name: "x", description: "x", entries: [table[0]!.entry, table[10]!.entry] };
    const oneFails = { name: "x", description: "x", entries: [table[0]!.entry, table[11]!.entry] };
    expect(exceptionMatches(both, event)).toBe(true);
    expect(exceptionMatches(oneFails, event)).toBe(false);
  });

  it("checks IPv4 and IPv6 CIDRs", () => {
    expect(ipInCidrs("10.20.0.16", ["10.20.0.16"])).toBe(true);
    expect(ipInCidrs("2001:db8::5", ["2001:db8::/32"])).toBe(true);
    expect(ipInCidrs("not-an-ip", ["0.0.0.0/0"])).toBe(false);
  });
});
