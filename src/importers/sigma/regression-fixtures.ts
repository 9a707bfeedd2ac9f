/**
 * A rule's `regression_tests_path` (SigmaHQ's regression data: an info.yml
 * listing EVTX captures, each with a JSON rendering beside it) -> replay
 * tests: every JSON event rendered as ECS through the same pipeline that
 * mapped the rule's fields (Sigma field -> target field), with the
 * logsource's own conditions set (`event.code`, `winlog.channel`,
 * `event.category`...), and a test expecting the info's match_count. So
 * `dac test --offline` checks the imported query fires on the rule's own
 * sample. The files are written into the user's pack, not shipped with dac.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parse } from "yaml";
import type { RulePipeline } from "./pipeline-apply.ts";
import { findOutsideStrings } from "./outside-strings.ts";

export interface RegressionFixture {
  /** Path relative to the pack folder. */
  readonly path: string;
  readonly text: string;
  readonly test: { readonly name: string; readonly fixture: string; readonly expectAlerts: number };
}

interface Info {
  regression_tests_info?: { name?: string; type?: string; match_count?: number; path?: string }[];
}

/** The info.yml: `path` is relative to the Sigma repository root, some folder above the rule. */
function locate(ruleFile: string, path: string): string | undefined {
  for (let dir = dirname(ruleFile); ; dir = dirname(dir)) {
    const candidate = join(dir, path);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function setPath(target: Record<string, unknown>, field: string, value: unknown): void {
  const segments = field.split(".");
  let node = target;
  for (const s of segments.slice(0, -1)) node = (node[s] ??= {}) as Record<string, unknown>;
  node[segments[segments.length - 1]!] = value;
}

/** One EVTX-as-JSON event rendered as the ECS document the pipeline's mapping describes. */
export function renderEcsEvent(raw: unknown, pipeline: RulePipeline): Record<string, unknown> | undefined {
  const event = (raw as { Event?: { System?: Record<string, unknown>; EventData?: Record<string, unknown> | null } }).Event;
  if (!event?.System) return undefined;
  const system = event.System;
  const out: Record<string, unknown> = {};
  const time = (system.TimeCreated as { "#attributes"?: { SystemTime?: string } } | undefined)?.["#attributes"]?.SystemTime;
  out["@timestamp"] = time ?? "2026-01-01T00:00:00Z";
  for (const [field, values] of Object.entries(pipeline.logsource.conditions)) setPath(out, field, field === "event.category" || field === "event.type" ? [String(values[0])] : String(values[0]));
  setPath(out, "event.code", String(system.EventID));
  if (typeof system.Channel === "string") setPath(out, "winlog.channel", system.Channel);
  if (typeof system.Computer === "string") setPath(out, "host.name", system.Computer);
  for (const [name, value] of Object.entries(event.EventData ?? {})) {
    if (value === null || typeof value === "object") continue;
    const mapped = pipeline.mapField(name);
    if (!mapped.ok) continue;
    const rewritten = pipeline.mapValue(mapped.field, String(value));
    setPath(out, mapped.field, rewritten ?? (mapped.field.startsWith("winlog.event_data.") ? String(value) : value));
  }
  return out;
}

export function buildRegressionFixtures(ruleFile: string, regressionPath: string, detectionId: string, pipeline: RulePipeline): RegressionFixture[] {
  const infoFile = locate(ruleFile, regressionPath);
  if (!infoFile) return [];
  const info = parse(readFileSync(infoFile, "utf8")) as Info;
  const fixtures: RegressionFixture[] = [];
  for (const [n, test] of (info.regression_tests_info ?? []).entries()) {
    if (!test.path) continue;
    const jsonFile = locate(ruleFile, test.path.replace(/\.evtx$/i, ".json"));
    if (!jsonFile) continue;
    let parsed: unknown[];
    try {
      parsed = parseJsonValues(readFileSync(jsonFile, "utf8"));
    } catch {
      // Regression data dac cannot read is skipped: the rule still imports, without that test.
      continue;
    }
    const events = parsed.flat().map((e) => renderEcsEvent(e, pipeline)).filter((e) => e !== undefined);
    // SigmaHQ counts matches its own way; dac alerts once per matching event. With
    // more events than expected matches, which ones SigmaHQ counts is unknown: no test.
    if (events.length === 0 || events.length !== (test.match_count ?? 1)) continue;
    const path = `fixtures/${detectionId}-${n + 1}.ndjson`;
    fixtures.push({
      path,
      text: events.map((e) => JSON.stringify(e)).join("\n") + "\n",
      test: { name: `Sigma regression: ${test.name ?? basename(jsonFile)}`, fixture: path, expectAlerts: test.match_count ?? 1 },
    });
  }
  return fixtures;
}

/** Several JSON values back to back (some regression files hold one event per top-level object). */
export function parseJsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  findOutsideStrings(text, (c, i) => {
    if (c === "{" || c === "[") {
      if (depth++ === 0) start = i;
    } else if ((c === "}" || c === "]") && --depth === 0) values.push(JSON.parse(text.slice(start, i + 1)));
    return false;
  });
  return values;
}
