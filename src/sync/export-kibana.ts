import { parseDurationSeconds, selectIndexPatterns, DATA_SOURCES, type DataSource } from "../detection/index.ts";
import { KIBANA_MANAGED_TAG, KIBANA_PROJECT_TAG_PREFIX, formatDuration } from "../targets/elastic/index.ts";
import { APPLIED_HASH_TAG_PREFIX } from "./clients/kibana-normalize.ts";
import { slugify } from "./export-monitor.ts";
import type { FieldNotes } from "../importers/index.ts";
import type { Json, JsonObject } from "./target.ts";

/**
 * A Kibana rule -> the fields of a detection module (the inverse of
 * targets/elastic's compileKibanaRule). For rules dac deployed the mapping is
 * exact, so re-deploying the exported module plans no changes; for rules made
 * elsewhere the same mapping runs, and what a rule cannot say (data sources,
 * exceptions as named definitions, an empty guide) becomes a TODO note.
 */
export type KibanaRuleTranslation =
  | { readonly ok: true; readonly detection: JsonObject; readonly notes: FieldNotes }
  | { readonly ok: false; readonly reason: string };

export interface KibanaRuleTranslationOptions {
  /** Names of the exceptions dac attached (its list's item names); managed rules only. */
  readonly exceptionNames?: readonly string[];
  /** Module id to use instead of one derived from the rule (unmanaged rules). */
  readonly id?: string;
}

// Defaults of the detection schema: left out of the module, as a hand-written one would.
const DEFAULT_TIMESTAMP_FIELD = "@timestamp";
const DEFAULT_ENTITY_FIELD = "host.name";
const DEFAULT_MAX_SIGNALS = 100;
const MODULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const isObject = (v: Json | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: Json | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** True for tags dac writes for itself (ownership, project, applied hash): not the user's tags. */
export function isDacTag(tag: string): boolean {
  return tag === KIBANA_MANAGED_TAG || tag.startsWith(KIBANA_PROJECT_TAG_PREFIX) || tag.startsWith(APPLIED_HASH_TAG_PREFIX);
}

/**
 * The detection fields of one Kibana rule. `managed` says the rule was
 * compiled by dac, so every field it needs is on the rule; otherwise the
 * detection schema's required fields that the rule leaves empty get
 * placeholders with notes, and exception lists become a note.
 */
export function translateKibanaRule(rule: JsonObject, managed: boolean, options: KibanaRuleTranslationOptions = {}): KibanaRuleTranslation {
  const ruleId = typeof rule.rule_id === "string" ? rule.rule_id : String(rule.id);
  if (rule.type !== "eql") return { ok: false, reason: `a ${String(rule.type)} rule (${String(rule.language ?? "no language")}): only EQL rules become detections` };
  if (typeof rule.query !== "string" || rule.query.trim() === "") return { ok: false, reason: "an EQL rule without a query" };
  const schedule = readSchedule(rule);
  if (!schedule.ok) return { ok: false, reason: schedule.reason };
  const notes: Record<string, string> = {};
  const name = typeof rule.name === "string" ? rule.name : ruleId;
  const indices = strings(rule.index);
  const detection: JsonObject = {
    id: options.id ?? (managed ? ruleId : deriveModuleId(ruleId, name)),
    name,
    description: typeof rule.description === "string" && rule.description !== "" ? rule.description : name,
    severity: typeof rule.severity === "string" ? rule.severity : "medium",
    riskScore: typeof rule.risk_score === "number" ? rule.risk_score : 47,
    mitre: readTechniqueIds(rule.threat),
    tags: strings(rule.tags).filter((t) => !isDacTag(t)),
  };
  const sources = inferDataSources(indices);
  detection.dataSources = sources.dataSources;
  if (sources.dataSources.length === 0) notes.dataSources = `say which telemetry this reads (indices ${JSON.stringify(indices)} match no data source's default patterns)`;
  if (!sources.exact || indices.length === 0) detection.indices = indices;
  if (indices.length === 0) notes.indices = "the rule reads a data view (or no index): name the index patterns";
  detection.query = rule.query;
  if (typeof rule.timestamp_override === "string") detection.timestampOverride = rule.timestamp_override;
  if (typeof rule.timestamp_field === "string" && rule.timestamp_field !== DEFAULT_TIMESTAMP_FIELD) detection.timestampField = rule.timestamp_field;
  if (typeof rule.tiebreaker_field === "string") detection.tiebreakerField = rule.tiebreaker_field;
  if (typeof rule.event_category_override === "string") detection.eventCategoryField = rule.event_category_override;
  detection.schedule = { interval: schedule.interval, lookback: schedule.lookback };
  if (schedule.note) notes.schedule = schedule.note;
  detection.enabled = rule.enabled === true;
  const entity = isObject(rule.investigation_fields) ? strings(rule.investigation_fields.field_names)[0] : undefined;
  if (entity !== undefined && entity !== DEFAULT_ENTITY_FIELD) detection.entityField = entity;
  if (typeof rule.max_signals === "number" && rule.max_signals !== DEFAULT_MAX_SIGNALS) detection.maxSignals = rule.max_signals;
  detection.falsePositives = strings(rule.false_positives);
  detection.references = strings(rule.references);
  detection.guide = typeof rule.note === "string" ? rule.note : "";
  detection.author = strings(rule.author);
  if (typeof rule.license === "string" && rule.license !== "") detection.license = rule.license;
  detection.version = typeof rule.version === "number" ? rule.version : 1;
  if (managed) {
    if (options.exceptionNames && options.exceptionNames.length > 0) detection.exceptionNames = [...options.exceptionNames];
  } else {
    fillUnmanagedGaps(rule, detection, notes);
  }
  return { ok: true, detection, notes };
}

/** Placeholders (each with a note) for what the schema requires but a hand-made rule may lack. */
function fillUnmanagedGaps(rule: JsonObject, detection: JsonObject, notes: Record<string, string>): void {
  if (strings(detection.mitre).length === 0) notes.mitre = "add the ATT&CK technique ids this detects (the rule has no MITRE mapping)";
  if (strings(detection.falsePositives).length === 0) {
    detection.falsePositives = ["Unknown: exported from a Kibana rule that dac did not manage."];
    notes.falsePositives = "say what benign activity looks like this";
  }
  if (detection.guide === "") {
    detection.guide = `Exported from the Kibana rule "${String(detection.name)}". Write the triage steps here.`;
    notes.guide = "write the investigation guide (the rule has no note)";
  }
  if (strings(detection.author).length === 0) detection.author = ["dac export"];
  const lists = (Array.isArray(rule.exceptions_list) ? rule.exceptions_list : []).filter(isObject);
  if (lists.length > 0) {
    detection.exceptions = [];
    const ids = lists.map((l) => `${String(l.list_id)} (${String(l.type ?? "detection")}, ${String(l.namespace_type ?? "single")})`);
    notes.exceptions = `the rule uses the exception lists ${ids.join(", ")}: define their items with defineException and name them here`;
  }
}

/** A kebab-case module id: the rule_id when it already is one (and not a random UUID), else a slug of the name. */
function deriveModuleId(ruleId: string, name: string): string {
  if (MODULE_ID.test(ruleId) && !UUID.test(ruleId)) return ruleId;
  return slugify(name) || `rule-${slugify(ruleId)}`;
}

/**
 * Technique ids from Kibana's `threat` (tactic -> technique -> sub-technique),
 * first appearance first: a technique with sub-techniques stands for those.
 */
export function readTechniqueIds(threat: Json | undefined): string[] {
  const ids: string[] = [];
  const add = (id: Json | undefined) => {
    if (typeof id === "string" && !ids.includes(id)) ids.push(id);
  };
  for (const entry of Array.isArray(threat) ? threat : []) {
    if (!isObject(entry)) continue;
    for (const technique of Array.isArray(entry.technique) ? entry.technique : []) {
      if (!isObject(technique)) continue;
      const subs = (Array.isArray(technique.subtechnique) ? technique.subtechnique : []).filter(isObject);
      if (subs.length === 0) add(technique.id);
      for (const sub of subs) add(sub.id);
    }
  }
  return ids;
}

/**
 * The data sources whose default patterns the indices hold, ordered by where
 * their patterns appear. `exact` when those defaults are exactly the indices,
 * so the module can leave `indices` out as the pack's modules do.
 */
export function inferDataSources(indices: readonly string[]): { dataSources: DataSource[]; exact: boolean } {
  const position = (p: string) => indices.indexOf(p);
  const candidates = DATA_SOURCES.filter((source) => selectIndexPatterns([source]).every((p) => position(p) >= 0));
  // A source whose patterns are all shared (winlogbeat-*) with another candidate adds nothing.
  const distinctive = candidates.filter((s) => candidates.length === 1 || selectIndexPatterns([s]).some((p) => !candidates.some((o) => o !== s && selectIndexPatterns([o]).includes(p))));
  const ordered = [...distinctive].sort((a, b) => Math.min(...selectIndexPatterns([a]).map(position)) - Math.min(...selectIndexPatterns([b]).map(position)));
  const defaults = selectIndexPatterns(ordered);
  const exact = defaults.length === indices.length && defaults.every((p, i) => p === indices[i]);
  return { dataSources: ordered, exact };
}

type Schedule = { ok: true; interval: string; lookback: string; note?: string } | { ok: false; reason: string };

/** `interval` + `from: now-<interval+lookback>` -> `{ interval, lookback }` (compileKibanaSchedule in reverse). */
function readSchedule(rule: JsonObject): Schedule {
  const interval = typeof rule.interval === "string" ? parseDurationSeconds(rule.interval) : undefined;
  if (interval === undefined || interval === 0) return { ok: false, reason: `interval ${JSON.stringify(rule.interval ?? null)} is not a duration like "5m"` };
  const from = typeof rule.from === "string" ? /^now-(\d+[smhd])$/.exec(rule.from) : null;
  const window = from?.[1] !== undefined ? parseDurationSeconds(from[1]) : undefined;
  if (rule.to !== undefined && rule.to !== "now") return { ok: false, reason: `to "${String(rule.to)}" (dac rules always end at now)` };
  if (window === undefined) return { ok: false, reason: `from ${JSON.stringify(rule.from ?? null)} is not "now-<duration>"` };
  const lookback = window - interval;
  if (lookback <= 0) {
    // The schema wants a positive look-back; a rule without one can miss late events anyway.
    return { ok: true, interval: formatDuration(interval), lookback: "1m", note: `the rule looked back no further than its interval (from ${String(rule.from)}); 1m added` };
  }
  return { ok: true, interval: formatDuration(interval), lookback: formatDuration(lookback) };
}
