/**
 * Sigma import benchmark: `dac import sigma` on 3,000 generated rules (the
 * size of SigmaHQ's whole repository), timed end to end through the real CLI,
 * beside a baseline measured in the same run on the same files: the same CLI
 * process started, parsing every file with the `yaml` package and nothing else
 * (`--parse-only` below runs in this file, not in dac). The goal is < 20 s.
 *
 *   npm run bench -- sigma-import [--count 3000]
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { measureCommand } from "./lib/measure.ts";

const CATEGORIES = [
  ["process_creation", ["Image|endswith", "CommandLine|contains", "ParentImage|endswith", "OriginalFileName", "CommandLine|contains|all", "CommandLine|windash|contains", "CommandLine|base64offset|contains", "CommandLine|re"]],
  ["network_connection", ["DestinationPort", "DestinationIp|cidr", "Image|endswith", "Initiated", "DestinationHostname|endswith"]],
  ["file_event", ["TargetFilename|contains", "TargetFilename|endswith", "Image|endswith"]],
  ["registry_set", ["TargetObject|contains", "Details|startswith", "Image|endswith"]],
  ["image_load", ["ImageLoaded|endswith", "Signed", "Image|startswith"]],
] as const;

function valueFor(key: string, i: number): string {
  if (key.startsWith("DestinationPort")) return String(1000 + (i % 5000));
  if (key.endsWith("|cidr")) return `10.${i % 250}.0.0/16`;
  if (key === "Initiated" || key === "Signed") return i % 2 === 0 ? "'true'" : "'false'";
  if (key.endsWith("|re")) return `'\\s-[a-z]{${1 + (i % 4)}}\\d+'`;
  return `'\\tool${i}\\x-${i % 97}.exe'`;
}

/** A rule with two selections and a filter, varied by index so no two are alike. */
export function generateRule(i: number): string {
  const [category, keys] = CATEGORIES[i % CATEGORIES.length]!;
  const pick = (k: number) => keys[(i + k) % keys.length]!;
  const id = `${(0x10000000 + i).toString(16)}-0000-4000-8000-${String(i).padStart(12, "0")}`;
  return `title: Generated rule ${i}
id: ${id}
status: test
description: Generated for the sigma-import benchmark.
author: bench
date: 2026-01-01
tags:
  - attack.execution
  - attack.t1059.001
logsource:
  product: windows
  category: ${category}
detection:
  selection_a:
    ${pick(0)}:
      - ${valueFor(pick(0), i)}
      - ${valueFor(pick(0), i + 1)}
  selection_b:
    ${pick(1)}: ${valueFor(pick(1), i + 2)}
  filter_main:
    ${pick(2)}: ${valueFor(pick(2), i + 3)}
  condition: all of selection_* and not 1 of filter_*
falsepositives:
  - Unknown
level: ${["low", "medium", "high", "critical"][i % 4]}
`;
}

function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function runBench(args: readonly string[]): Promise<void> {
  if (args.includes("--parse-only")) {
    // The baseline's work: read and YAML-parse every rule file, nothing else.
    const dir = argValue(args, "--parse-only")!;
    let docs = 0;
    for (const f of readdirSync(dir)) docs += parseAllDocuments(readFileSync(join(dir, f), "utf8")).length;
    process.stdout.write(`${docs}\n`);
    return;
  }
  const count = Number(argValue(args, "--count") ?? 3000);
  const work = mkdtempSync(join(tmpdir(), "dac-bench-sigma-"));
  try {
    const rules = join(work, "rules");
    mkdirSync(rules);
    for (let i = 0; i < count; i++) writeFileSync(join(rules, `rule_${i}.yml`), generateRule(i));
    const root = resolve(import.meta.dirname, "..");
    const node = process.execPath;
    const baseline = await measureCommand(node, ["--import", "tsx", join(root, "bench/index.ts"), "sigma-import", "--parse-only", rules], root);
    const run = await measureCommand(node, [join(root, "bin/dac.js"), "import", "sigma", rules, "--out", join(work, "detections", "bench")], root);
    const imported = /^(\d+) detections imported, (\d+) refused/m.exec(run.stdout);
    process.stdout.write(
      [
        `sigma-import: ${count} generated rules`,
        `  dac import sigma   ${run.seconds.toFixed(2)} s wall, ${run.cpuSeconds.toFixed(2)} s CPU  (${imported?.[1] ?? "?"} imported, ${imported?.[2] ?? "?"} refused, peak RSS ${run.peakRssMb.toFixed(0)} MB)`,
        `  baseline: parse    ${baseline.seconds.toFixed(2)} s wall, ${baseline.cpuSeconds.toFixed(2)} s CPU  (same files, YAML parse only, peak RSS ${baseline.peakRssMb.toFixed(0)} MB)`,
        `  ratio import/parse ${(run.seconds / baseline.seconds).toFixed(2)}x wall, ${(run.cpuSeconds / baseline.cpuSeconds).toFixed(2)}x CPU; goal < 20 s: ${run.seconds < 20 ? "met" : `NOT met on the wall clock (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`}, ${run.cpuSeconds < 20 ? "met" : "NOT met"} in CPU time`,
      ].join("\n") + "\n",
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
