import type { OpenSearchHttp } from "../../../src/sync/clients/opensearch-adapter.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SINGLE_NODE, type ClusterTarget, createEventIndex, raiseTemplateCompileLimits, deleteIndex, readField, runOnCluster, runOnEngine, type MonitorRunner, type TestEvent } from "./cluster-harness.ts";
import { makeDetection } from "./detection-fixture.ts";

/**
 * Differential: for each condition, the documents the compiled Query DSL
 * matches on a real node equal the events the in-memory engine matches. The
 * entity field is the per-event `event.id`, so the bucket-level monitor's
 * alerts ARE the matched documents.
 * Defined by query-dsl.int.test.ts (core-API evaluation) and
 * query-dsl.alerting.test.ts (the plugin's `_execute`).
 */
export function defineQueryDslDifferential(runner: MonitorRunner, target: ClusterTarget = SINGLE_NODE): void {
  let http: OpenSearchHttp;
  const index = `dac-it-dsl-${process.pid}`;
  const periodEnd = Date.parse("2024-01-01T00:05:00Z");

  const base = (n: number, fields: Record<string, unknown>): TestEvent => ({
    id: `e${n}`,
    source: { "@timestamp": `2024-01-01T00:00:${String(n).padStart(2, "0")}Z`, event: { id: `e${n}`, category: "process" }, ...fields },
  });

  const events: TestEvent[] = [
    base(1, { process: { name: "cmd.exe", pid: 4, command_line: "cmd.exe /c whoami", args: ["cmd.exe", "/c", "whoami"] }, host: { name: "H1" }, source: { ip: "10.1.2.3" } }),
    base(2, { process: { name: "CMD.EXE", pid: 10, command_line: "CMD.EXE /C DIR" }, host: { name: "h1" }, source: { ip: "192.168.1.7" } }),
    base(3, { process: { name: "powershell.exe", pid: 5, args: ["-enc", "AAAA"] }, file: { path: "C:\\Windows\\System32\\x.exe" } }),
    base(4, { process: { name: "a*b.exe", pid: 100 }, file: { path: "C:\\Windows\\psexesvc.exe" } }),
    base(5, { process: { pid: 7 }, file: { path: "D:\\tools\\x*.exe" } }),
    base(6, { event: { id: "e6", category: "file" }, file: { path: "c:\\windows\\temp\\A?B.txt", name: "A?B.txt" }, process: { name: "explorer.exe" } }),
    base(7, { event: { id: "e7", category: ["process", "network"] }, process: { name: ["svchost.exe", "cmd.exe"], pid: [1, 50] }, source: { ip: "2001:db8::1" } }),
    base(8, { "process.name": "dotted.exe", "process.pid": 9, dll: { code_signature: { trusted: true } } }),
    base(9, { process: { name: "", pid: -3, command_line: "" }, dll: { code_signature: { trusted: false } } }),
    base(10, { process: { name: "Ünïcode.EXE", command_line: "line with \\ backslash and * star" }, user: { name: "Admin" } }),
    base(11, { process: { name: "psexesvc.exe", parent: { name: "services.exe" } }, user: { name: "admin" } }),
    base(12, { event: { id: "e12", category: "network" } }),
    // Folding beyond ASCII: İ and ı fold to i, ſ to s, the Kelvin sign to k (as EQL folds); Ä to ä.
    base(13, { process: { name: "ıd-\u212a-ſvc.EXE", command_line: "RUN İT NOW", pid: 12 }, user: { name: "ÄDMIN", domain: "corp" } }),
    base(14, { process: { name: "ID-K-SVC.exe", command_line: "run it now", pid: 13, parent: { name: "ID-K-SVC.exe" } }, user: { name: "äDmin", domain: "CORP" } }),
    // Multi-valued: functions read the FIRST value in document order (not the sorted doc values).
    base(15, { process: { name: ["zeta.exe", "alpha.exe"], pid: [30, 2], command_line: "zeta.exe run" }, user: { name: ["b", "a"] } }),
    // Numbers where strings are expected and the reverse; nulls inside arrays; dotted keys.
    base(16, { process: { name: null, pid: "42", command_line: ["x", null] }, "user.name": "42", event: { id: "e16", category: "process", code: 4688 } }),
    base(17, { process: { name: "Σίσυφος.exe", command_line: "ΣΊΣΥΦΟΣ.EXE /s" }, event: { id: "e17", category: "process", code: "4688" } }),
    // Text that is or is not an IP address, for cidrMatch over computed values.
    base(18, { process: { name: "10.1.2.3", pid: 3, command_line: "10.0.0.01 leading zero" } }),
    base(19, { process: { name: "::ffff:192.0.2.9", command_line: "192.0.2.7 mapped" } }),
    base(20, { process: { name: "fe80::1%eth0", command_line: "2001:db8:0:0:0:0:0:1" } }),
    // Line terminators and a non-ASCII space, for `.` and `\s` in regex over computed values (Java) and over fields (Lucene).
    base(21, { process: { name: "two\nlines.exe", command_line: "first line\r\nsecond\u2028third\u0085" }, user: { name: "a\u00a0b" } }),
    base(22, { process: { name: "cr\rlf.exe", command_line: "a\u2029b" }, user: { name: "a\u000bb" } }),
  ];

  const conditions = [
    'process.name == "cmd.exe"',
    'process.name != "cmd.exe"',
    'not process.name == "cmd.exe"',
    'process.name : "cmd.exe"',
    'not process.name : "cmd.exe"',
    'process.name : "*.EXE"',
    'process.name like "*.exe"',
    'process.name like~ "c?d.exe"',
    'process.name : ("power*", "explorer.exe")',
    'process.name == "a*b.exe"',
    'process.name : "a*b.exe"',
    'process.name in ("cmd.exe", "powershell.exe")',
    'process.name not in ("cmd.exe", "powershell.exe")',
    'process.name in~ ("CMD.exe", "Explorer.EXE")',
    'process.name not in~ ("CMD.exe")',
    'process.name regex "[a-z]+\\\\.exe"',
    'process.name regex~ "CMD\\\\..*"',
    'process.name regex ".*svc.*"',
    "process.name == null",
    "process.name != null",
    'process.name == ""',
    "process.pid > 5",
    "process.pid >= 5",
    "process.pid < 5",
    "not process.pid > 5",
    "not (process.pid > 5 and process.pid < 60)",
    "process.pid in (4, 7, 9)",
    'process.name >= "d"',
    'startsWith(process.name, "cmd")',
    'startsWith~(process.name, "CMD")',
    'not startsWith(process.name, "cmd")',
    'endsWith(file.path, "x*.exe")',
    'endsWith~(file.path, "\\\\PSEXESVC.EXE")',
    'stringContains(process.command_line, "\\\\ backslash")',
    'stringContains~(process.command_line, "WHOAMI")',
    'stringContains(file.path, "?")',
    'stringContains(process.command_line, "")',
    'file.path : "C:\\\\Windows\\\\*"',
    'file.path : "c:\\\\windows\\\\temp\\\\a?b.txt"',
    'cidrMatch(source.ip, "10.0.0.0/8", "2001:db8::/32")',
    'not cidrMatch(source.ip, "10.0.0.0/8")',
    "dll.code_signature.trusted",
    "dll.code_signature.trusted == false",
    "not dll.code_signature.trusted",
    'process.args : "/c"',
    'process.args == "-enc" and process.name : "powershell.exe"',
    'process.name : "cmd.exe" or user.name == "admin"',
    'not (process.name : "cmd.exe" or user.name == "admin")',
    'process.parent.name : "services.exe" and not user.name : "nobody"',
    'process.name == "Ünïcode.EXE"',
    'process.command_line : "LINE WITH \\\\ backslash and * STAR"', // wildcard over a literal backslash
    "true",
    "false",
    // case-insensitive matching of non-ASCII letters, as EQL folds case (regexp of fold classes)
    'process.name : "id-k-svc.exe"',
    'process.name : "I*"',
    'process.name like~ "?D-*"',
    'process.name in~ ("ID-K-SVC.EXE", "cmd.exe")',
    'user.name : "ädmin"',
    'user.name in~ ("ÄDMIN")',
    'startsWith~(process.command_line, "run i")',
    'endsWith~(process.name, "S.EXE")',
    'stringContains~(process.command_line, "N İ")',
    'process.name : "σίσυφος.exe"',
    // regex~ folds ASCII letters of literals only (Lucene's ASCII_CASE_INSENSITIVE, as Elasticsearch asks for it)
    'process.name regex~ "ünïcode\\\\.exe"',
    'process.name regex~ "Ünïcode\\\\.exe"',
    'process.name regex~ "σίσυφος.*"',
    'process.name regex~ "[a-z]+\\\\.exe"',
    'process.name regex~ "id-k-svc.*"',
    'user.name regex~ "ädmin|admin"',
    'not process.name : "*svc*"',
    // functions over fields and over functions (the Painless interpreter)
    "length(process.name) > 8",
    "length(process.name) == 0",
    "not length(process.name) > 8",
    'stringContains(process.command_line, process.name)',
    'startsWith~(process.command_line, process.name)',
    'not stringContains(process.command_line, process.name)',
    'endsWith(substring(process.command_line, 0, -1), "w")',
    'substring(process.name, -4) : ".exe"',
    'indexOf(process.command_line, " ") == 3',
    'indexOf~(process.command_line, "IT", 5) == null',
    'between(process.command_line, "cmd.exe ", " ") == "/c"',
    'between~(process.command_line, "RUN ", "w", true) : "it no"',
    'concat(process.name, "-", process.pid) == "cmd.exe-4"',
    'concat(user.name, user.domain) in~ ("admincorp")',
    'string(process.pid) == "42"',
    'number(process.pid) == 42',
    'number("0x10") == 16 and process.pid == 4',
    // arithmetic and field-to-field comparisons
    "process.pid + 1 == 5",
    "add(process.pid, 1) > 10",
    "process.pid / 4 == 3",
    "process.pid / 4.0 == 3.25",
    "modulo(process.pid, 3) == 1",
    "-process.pid < -10",
    "process.pid * 2 >= 20",
    "process.name == process.parent.name",
    "process.name != process.parent.name",
    "process.pid < process.pid + 1",
    "user.name == process.pid",
    "event.code == 4688",
    'event.code == "4688"',
    "process.pid > 1 + 10",
    'process.name in ("cmd.exe", null)',
    'not process.name in ("cmd.exe", null)',
    'process.name : ("*.exe", 5)',
    "substring(process.name, 0, 1) == null",
    // regex over computed values (Java syntax; the pattern's automaton walked in the script)
    'substring(process.name, 0, 3) regex "cmd|CMD"',
    'concat(process.name, "") regex "[a-z]+\\\\.exe"',
    'string(process.pid) regex "\\\\d{2,}"',
    'process.command_line regex~ "cmd\\\\.exe /C .*"',
    'concat(process.command_line) regex~ "cmd\\\\.exe /C .*"',
    'concat(process.name) regex~ "ünïcode\\\\.exe"',
    'concat(process.name) regex~ "[a-z]+\\\\.EXE"',
    'concat(user.name) regex~ "ädmin"',
    'not concat(process.name) regex ".*\\\\.exe"',
    'substring(process.command_line, 0, 4) regex "(line|zeta)( .*)?"',
    'concat(process.name, process.command_line) regex ".*\\\\s.*"',
    // `.` and `\s` over computed values are java.util.regex's (Pattern.compile without DOTALL: `.` stops at
    // \n, \r, \u0085, \u2028 and \u2029; `\s` is ASCII); on a field Lucene's `.` matches anything.
    'process.name regex "two.lines\\\\.exe"',
    'concat(process.name) regex "two.lines\\\\.exe"',
    'concat(process.name) regex~ "TWO.LINES\\\\.EXE"',
    'concat(process.name) regex "two[^x]lines\\\\.exe"',
    'concat(process.name) regex "cr.lf\\\\.exe" or concat(process.name) regex "cr\\\\slf\\\\.exe"',
    'process.command_line regex "first line.*"',
    'concat(process.command_line) regex "first line.*"',
    'concat(process.command_line) regex "first line\\\\s+second[^x]third[^x]"',
    'concat(process.command_line) regex "first line\\\\s+second.third."',
    'concat(process.command_line) regex "a.b" or process.command_line regex "a.b"',
    'concat(user.name) regex "a\\\\sb"',
    'concat(user.name) regex "a\\\\Sb"',
    'user.name regex "a.b"',
    // cidrMatch over computed values (the IP parsed in the script)
    'cidrMatch(concat(source.ip), "10.0.0.0/8", "2001:db8::/32")',
    'cidrMatch(string(source.ip), "192.168.0.0/16")',
    'not cidrMatch(concat(source.ip), "10.0.0.0/8")',
    'cidrMatch(concat("10.9.8.", process.pid), "10.9.8.0/29")',
    'cidrMatch(substring(process.command_line, 0, 9), "10.0.0.0/8", "::ffff:192.0.2.0/120")',
    'cidrMatch(concat(process.name), "0.0.0.0/0", "::/0")',
    "concat(process.name, process.missing) == null",
  ];

  beforeAll(async () => {
    http = target.connect();
    await raiseTemplateCompileLimits(http);
    await createEventIndex(http, index, events, undefined, target.shards);
  });

  afterAll(async () => {
    await deleteIndex(http, index);
  });

  describe.each(["process", "any"])("%s where <condition>: cluster matches exactly what the engine matches", (category) => {
    it.each(conditions)("%s", async (condition) => {
      const detection = makeDetection({ query: `${category} where ${condition}`, indices: [index], entityField: "event.id" });
      const engine = runOnEngine(detection, events);
      const expected = (engine.hits.events ?? []).flatMap((h) => readField(h._source as Record<string, unknown>, "event.id")).map(String).sort();
      const run = await runOnCluster(http, detection, periodEnd, runner);
      expect(run.error).toBeNull();
      expect(run.alerts.map((a) => a.entity).sort()).toEqual(expected);
    });
  });

  // head/tail on event queries: every match of the window ranked in time order, then cut.
  it.each(["process where true | head 3", "any where process.pid > 1 | tail 2", "any where true | head 6 | tail 2", "process where true | tail 0", 'any where process.name : "*.exe" | tail 50'])(
    "%s: the node keeps exactly the events the engine keeps",
    async (query) => {
      const detection = makeDetection({ query, indices: [index], entityField: "event.id" });
      const engine = runOnEngine(detection, events);
      const expected = (engine.hits.events ?? []).flatMap((h) => readField(h._source as Record<string, unknown>, "event.id")).map(String).sort();
      const run = await runOnCluster(http, detection, periodEnd, runner);
      expect(run.error).toBeNull();
      expect(run.alerts.map((a) => a.entity).sort()).toEqual(expected);
    },
  );

  it("sanity: the matched sets are not all empty or all full", async () => {
    const detection = makeDetection({ query: 'any where process.name : "cmd.exe"', indices: [index], entityField: "event.id" });
    const run = await runOnCluster(http, detection, periodEnd, runner);
    expect(run.alerts.map((a) => a.entity).sort()).toEqual(["e1", "e2", "e7"]);
  });
}
