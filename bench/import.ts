/**
 * Import benchmark: `dac import elastic` of N synthetic detection-rules TOML
 * files (default 1,000: event queries and sequences, comments, ATT&CK
 * mappings, non-ECS fields), then `dac validate` of the imported pack, each
 * as a real CLI process. Goals from issue 10: import < 10 s, validate < 15 s.
 * The baseline, measured in the same run, is the same CLI doing no work on
 * the pack (`dac --version`: Node + tsx start-up), so the ratio is the cost of
 * the work itself. CPU seconds are printed beside wall seconds because the
 * machine is shared: wall time grows with other people's load, CPU time less.
 *
 *   npm run bench -- import [--count 1000]
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { MITRE_TECHNIQUES } from "../src/detection/index.ts";

const ROOT = resolve(import.meta.dirname, "..");
const NODE = join(ROOT, "node_modules/.bin/node");
const DAC = join(ROOT, "bin/dac.js");

interface Run {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMb: number;
  readonly stdout: string;
}

async function run(args: readonly string[]): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "dac-bench-import-"));
  const timeFile = join(dir, "time");
  try {
    const child = spawn("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timeFile, NODE, DAC, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    await new Promise((done) => child.on("close", done));
    const [wall, user, sys, rss] = readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
    return { wall: wall!, cpu: user! + sys!, rssMb: rss! / 1024, stdout: Buffer.concat(chunks).toString("utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TECHNIQUES = Object.entries(MITRE_TECHNIQUES);
const PROCESSES = ["cmd.exe", "powershell.exe", "rundll32.exe", "regsvr32.exe", "mshta.exe", "wscript.exe", "certutil.exe", "bitsadmin.exe"];

/** One synthetic rule in detection-rules' layout; every tenth a building block, every fifth a sequence. */
function generateRule(i: number): string {
  const [techniqueId, technique] = TECHNIQUES[i % TECHNIQUES.length]!;
  const tactic = technique.tactics[0]!;
  const proc = PROCESSES[i % PROCESSES.length]!;
  const query =
    i % 5 === 0
      ? `sequence by host.id with maxspan=${1 + (i % 5)}m
  [process where event.type == "start" and process.name : "${proc}" and
     process.Ext.relative_file_creation_time <= ${100 + i}]  // freshly written
  [network where destination.port == ${1024 + i} and not cidrMatch(destination.ip, "10.0.0.0/8")]`
      : `/* synthetic rule ${i} */
process where host.os.type == "windows" and event.type == "start" and
  process.parent.name : ("${proc}", "explorer.exe") and
  process.command_line : "*-flag${i}*" and
  not process.code_signature.trusted == true and
  winlog.event_data.Param${i % 7} != null`;
  const parentId = techniqueId.split(".")[0]!;
  const sub = techniqueId.includes(".")
    ? `[[rule.threat.technique]]\nid = "${parentId}"\nname = "parent"\nreference = "https://attack.mitre.org/techniques/${parentId}/"\n[[rule.threat.technique.subtechnique]]\nid = "${techniqueId}"\nname = "${technique.name}"\nreference = "https://attack.mitre.org/techniques/${techniqueId.replace(".", "/")}/"`
    : `[[rule.threat.technique]]\nid = "${techniqueId}"\nname = "${technique.name}"\nreference = "https://attack.mitre.org/techniques/${techniqueId}/"`;
  const hex = i.toString(16).padStart(12, "0");
  return `[metadata]
creation_date = "2026/01/01"
integration = ["endpoint"]
maturity = "production"
updated_date = "2026/01/02"

[rule]
author = ["dac bench"]
description = "Synthetic rule ${i} for the import benchmark."
from = "now-9m"
index = ["logs-endpoint.events.*"]
language = "eql"
license = "Elastic License v2"
name = "Synthetic Rule ${i}"
note = """## Triage

Synthetic.
"""
risk_score = ${21 + (i % 80)}
rule_id = "00000000-0000-4000-8000-${hex}"
severity = "${["low", "medium", "high", "critical"][i % 4]}"
tags = ["Bench", "OS: Windows"]
timestamp_override = "event.ingested"
type = "eql"
${i % 10 === 0 ? 'building_block_type = "default"\n' : ""}
query = '''
${query}
'''

[[rule.threat]]
framework = "MITRE ATT&CK"
${sub}

[rule.threat.tactic]
id = "${tactic}"
name = "tactic"
reference = "https://attack.mitre.org/tactics/${tactic}/"
`;
}

export async function runBench(args: readonly string[]): Promise<void> {
  const i = args.indexOf("--count");
  const count = i >= 0 ? Number(args[i + 1]) : 1000;
  const dir = mkdtempSync(join(tmpdir(), "dac-bench-import-"));
  try {
    const rules = join(dir, "rules", "windows");
    mkdirSync(rules, { recursive: true });
    for (let n = 0; n < count; n++) writeFileSync(join(rules, `synthetic_rule_${n}.toml`), generateRule(n));
    const out = join(dir, "detections", "bench");

    const baseline = await run(["--version"]);
    const imported = await run(["import", "elastic", dir, "--out", out]);
    const summary = imported.stdout.split("\n").find((l) => l.includes("rules imported")) ?? "";
    const validated = await run(["validate", out]);
    const verdict = validated.stdout.trim().split("\n").pop() ?? "";

    const line = (name: string, r: Run, goal?: number) =>
      `${name.padEnd(22)} wall ${r.wall.toFixed(2)} s  cpu ${r.cpu.toFixed(2)} s  peak ${r.rssMb.toFixed(0)} MB  ${(r.wall / baseline.wall).toFixed(1)}x baseline${goal !== undefined ? `  goal < ${goal} s: ${r.wall < goal ? "met" : "MISSED"}` : ""}`;
    process.stdout.write(
      [
        `import bench: ${count} synthetic detection-rules TOML files`,
        line("baseline (--version)", baseline),
        line("dac import elastic", imported, 10),
        `  ${summary}`,
        line("dac validate", validated, 15),
        `  ${verdict}`,
        "",
      ].join("\n"),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
