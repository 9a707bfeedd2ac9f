/**
 * The Sigma differential check (dev-only): converts the same rules with
 * pySigma's Elasticsearch EQL backend and with dac (both without field
 * mapping), runs both queries through dac's EQL engine on synthetic events
 * generated from each rule's selections, and lists the rules where they
 * disagree, with the events and the rule items behind each disagreement.
 *
 *   scripts/sigma-differential/setup.sh            # once: pySigma into .dac/pysigma-venv
 *   npx tsx scripts/sigma-differential/run.ts <sigma rules dir> [--json out.json] [--python path]
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { searchEqlSync } from "../../src/eql/index.ts";
import { collectSigmaFiles, convertCondition, parsePipeline, parseSigmaFile, type SigmaRule } from "../../src/importers/sigma/index.ts";
import { generateEvents } from "./synthetic-events.ts";

// Matches every logsource and keeps Sigma's field names: the comparison is about conditions, not mappings.
const IDENTITY = parsePipeline("name: identity\ndescription: no field mapping\nunmappedPrefix: ''\nlogsources:\n  - { id: any, match: {}, indices: ['*'] }\n", "identity.yml");

interface RuleOutcome {
  readonly file: string;
  readonly status: "agree" | "disagree" | "dac-refused" | "pysigma-error" | "pysigma-invalid-eql" | "no-events";
  readonly detail?: string;
  readonly differences?: readonly { label: string; dac: boolean; pysigma: boolean }[];
  readonly dacQuery?: string;
  readonly pysigmaQuery?: string;
}

function matches(query: string, fields: Record<string, unknown>): boolean {
  const result = searchEqlSync(query, [{ "@timestamp": "2026-01-01T00:00:00Z", ...fields }]);
  return (result.hits.events?.length ?? 0) > 0;
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: "string" }, python: { type: "string", default: ".dac/pysigma-venv/bin/python" } } });
  if (!IDENTITY.ok) throw new Error("identity pipeline");
  const files = collectSigmaFiles(positionals).map((f) => resolve(f));
  const py = spawnSync(values.python!, [resolve(import.meta.dirname, "pysigma_convert.py")], { input: JSON.stringify(files), maxBuffer: 1 << 28, encoding: "utf8" });
  if (py.status !== 0) throw new Error(`pySigma failed (run scripts/sigma-differential/setup.sh first): ${py.stderr}`);
  const pysigma = JSON.parse(py.stdout) as Record<string, { query?: string | null; error?: string }>;
  const outcomes: RuleOutcome[] = [];
  for (const file of files) {
    const parsed = parseSigmaFile(readFileSync(file, "utf8"), file);
    const rule = parsed.documents.find((d): d is SigmaRule => d.kind === "rule");
    if (!rule) continue;
    const theirs = pysigma[file];
    const converted = convertCondition(rule, [IDENTITY.value]);
    if (!converted.ok) {
      outcomes.push({ file, status: "dac-refused", detail: `${converted.refusal.code}: ${converted.refusal.message}` });
      continue;
    }
    const dacQuery = `any where ${converted.value.expression}`;
    if (!theirs?.query) {
      outcomes.push({ file, status: "pysigma-error", detail: theirs?.error ?? "no query", dacQuery });
      continue;
    }
    const events = generateEvents(rule);
    if (events.length === 0) {
      outcomes.push({ file, status: "no-events" });
      continue;
    }
    try {
      matches(theirs.query, {});
    } catch (e) {
      outcomes.push({ file, status: "pysigma-invalid-eql", detail: (e as Error).message.split("\n")[0], dacQuery, pysigmaQuery: theirs.query });
      continue;
    }
    const differences = events.flatMap((e) => {
      const dac = matches(dacQuery, e.fields);
      const py = matches(theirs.query!, e.fields);
      return dac === py ? [] : [{ label: e.label, dac, pysigma: py }];
    });
    outcomes.push(differences.length === 0 ? { file, status: "agree" } : { file, status: "disagree", differences, dacQuery, pysigmaQuery: theirs.query });
  }
  const count = (s: RuleOutcome["status"]) => outcomes.filter((o) => o.status === s).length;
  const compared = count("agree") + count("disagree");
  process.stdout.write(`${outcomes.length} rules: ${count("agree")} agree, ${count("disagree")} disagree (agreement ${((100 * count("agree")) / Math.max(compared, 1)).toFixed(1)}% of ${compared} compared); dac refused ${count("dac-refused")}, pySigma failed ${count("pysigma-error")}, pySigma EQL invalid ${count("pysigma-invalid-eql")}\n`);
  const causes = new Map<string, number>();
  for (const o of outcomes.filter((x) => x.status === "disagree")) {
    const keys = new Set(o.differences!.map((d) => d.label.replace(/^near-miss [^.]*\./, "").replace(/^match .*/, "match").replace(/^[^|(]*/, "").trim()));
    for (const k of keys) causes.set(k, (causes.get(k) ?? 0) + 1);
  }
  for (const [k, n] of [...causes].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stdout.write(`  ${String(n).padStart(5)}  ${k || "(plain value)"}\n`);
  if (values.json) writeFileSync(values.json, JSON.stringify(outcomes, null, 2));
}

main();
