/**
 * One Elastic rule (the `[rule]` table of a detection-rules TOML file, or a
 * rule object of a Kibana export; both are Kibana's rule schema) -> the
 * fields of a detection module. Every Kibana field dac models is carried over
 * exactly; the query is kept as written (comments included). What dac cannot
 * say yet is listed in `dropped`, so the module's header tells the reader.
 */
import { parseDurationSeconds } from "../../detection/index.ts";
import { compileRequiredFields, formatDuration, analyzeKibanaQuery } from "../../targets/elastic/index.ts";
import { isJsonObject, jsonStrings, type Json, type JsonObject } from "../json.ts";
import { translateThreat } from "./threat.ts";

export type ElasticRuleTranslation =
  | {
      readonly ok: true;
      readonly detection: JsonObject;
      /** Kibana fields left out, each "field: why". */
      readonly dropped: readonly string[];
      /** ATT&CK ids left out (revoked, deprecated, unknown). */
      readonly droppedMitre: readonly string[];
      /** Types the source itself gave for fields (Kibana required_fields). */
      readonly declaredFields: Readonly<Record<string, string>>;
    }
  | { readonly ok: false; readonly reason: string };

export interface ElasticRuleContext {
  /** detection-rules `[metadata] integration`: Fleet package names the rule reads. */
  readonly integrations?: readonly string[];
  /** TOML rules carry no version (detection-rules keeps it in a lock file) and are installed disabled. */
  readonly fromRepository: boolean;
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DEFAULT_INTERVAL = "5m";
const DEFAULT_FROM = "now-6m";

/** Rule fields this translation reads (everything else on the rule is reported as dropped unless ignorable). */
const HANDLED = new Set([
  "rule_id", "type", "language", "name", "description", "severity", "risk_score", "threat", "tags", "index", "query",
  "timestamp_override", "timestamp_field", "tiebreaker_field", "event_category_override", "interval", "from", "to",
  "enabled", "max_signals", "false_positives", "references", "note", "setup", "author", "license", "version",
  "building_block_type", "related_integrations", "required_fields", "investigation_fields",
]);

/** Fields that are server bookkeeping or empty defaults: nothing to carry over. */
const IGNORABLE: Readonly<Record<string, (v: Json) => boolean>> = {
  id: () => true, created_at: () => true, created_by: () => true, updated_at: () => true, updated_by: () => true,
  revision: () => true, immutable: () => true, rule_source: () => true, execution_summary: () => true,
  output_index: () => true, namespace: () => true, meta: () => true, throttle: () => true,
  timestamp_override_fallback_disabled: (v) => v === false,
  risk_score_mapping: (v) => Array.isArray(v) && v.length === 0,
  severity_mapping: (v) => Array.isArray(v) && v.length === 0,
  exceptions_list: (v) => Array.isArray(v) && v.length === 0,
  actions: (v) => Array.isArray(v) && v.length === 0,
  response_actions: (v) => Array.isArray(v) && v.length === 0,
  filters: (v) => Array.isArray(v) && v.length === 0,
};

const WHY: Readonly<Record<string, string>> = {
  alert_suppression: "dac does not model alert suppression yet",
  exceptions_list: "exception lists become defineException definitions; add them by hand",
  timeline_id: "timeline templates are not part of dac modules",
  timeline_title: "timeline templates are not part of dac modules",
  risk_score_mapping: "dac writes a fixed risk score",
  severity_mapping: "dac writes a fixed severity",
  rule_name_override: "dac does not model rule name overrides",
  filters: "dac modules carry no query DSL filters",
  actions: "connectors and actions are not part of dac modules",
  data_view_id: "dac rules read index patterns, not data views",
};

/** `interval` + `from: now-<window>` -> `{ interval, lookback }` (compileKibanaSchedule in reverse). */
function readSchedule(rule: JsonObject): { ok: true; interval: string; lookback: string } | { ok: false; reason: string } {
  const intervalText = typeof rule.interval === "string" ? rule.interval : DEFAULT_INTERVAL;
  const fromText = typeof rule.from === "string" ? rule.from : DEFAULT_FROM;
  const interval = parseDurationSeconds(intervalText);
  const from = /^now-(\d+[smhd])$/.exec(fromText);
  const window = from?.[1] !== undefined ? parseDurationSeconds(from[1]) : undefined;
  if (interval === undefined || interval === 0) return { ok: false, reason: `interval ${JSON.stringify(intervalText)} is not a duration like "5m"` };
  if (window === undefined) return { ok: false, reason: `from ${JSON.stringify(fromText)} is not "now-<duration>"` };
  if (rule.to !== undefined && rule.to !== "now") return { ok: false, reason: `to ${JSON.stringify(rule.to)} (dac rules always end at now)` };
  if (window < interval) return { ok: false, reason: `from ${fromText} looks back less than the interval ${intervalText}: runs would leave gaps` };
  return { ok: true, interval: formatDuration(interval), lookback: window === interval ? "0m" : formatDuration(window - interval) };
}

function droppedFields(rule: JsonObject): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(rule)) {
    if (HANDLED.has(key)) continue;
    if (IGNORABLE[key]?.(value) === true) continue;
    out.push(`${key}: ${WHY[key] ?? "not modelled by dac"}`);
  }
  return out;
}

function relatedIntegrations(rule: JsonObject, context: ElasticRuleContext): Json[] | undefined {
  if (Array.isArray(rule.related_integrations)) {
    const list = rule.related_integrations.filter(isJsonObject).map((r) => ({
      package: String(r.package),
      version: String(r.version),
      ...(typeof r.integration === "string" ? { integration: r.integration } : {}),
    }));
    return list.length > 0 ? list : undefined;
  }
  // detection-rules resolves versions from its integration manifests at build time; the TOML names only the
  // packages, so any version is accepted here (Kibana uses it to say whether the package is installed).
  const packages = context.integrations ?? [];
  return packages.length > 0 ? packages.map((p) => ({ package: p, version: "*" })) : undefined;
}

/** Kibana required_fields when they say more than the query's own fields would (types other than ECS's). */
function requiredFields(rule: JsonObject, query: string): { fields?: Json[]; declared: Record<string, string> } {
  const given = (Array.isArray(rule.required_fields) ? rule.required_fields : []).filter(isJsonObject).map((f) => ({ name: String(f.name), type: String(f.type) }));
  if (given.length === 0) return { declared: {} };
  const declared = Object.fromEntries(given.map((f) => [f.name, f.type]));
  const derived = compileRequiredFields(analyzeKibanaQuery(query).fields);
  const same = derived.length === given.length && derived.every((f, i) => f.name === given[i]?.name && f.type === given[i]?.type);
  return { ...(same ? {} : { fields: given }), declared };
}

export function translateElasticRule(rule: JsonObject, context: ElasticRuleContext): ElasticRuleTranslation {
  const type = String(rule.type ?? "unknown");
  if (type !== "eql") return { ok: false, reason: `a ${type} rule${typeof rule.language === "string" ? ` (${rule.language})` : ""}: only EQL rules become detections` };
  if (typeof rule.query !== "string" || rule.query.trim() === "") return { ok: false, reason: "an EQL rule without a query" };
  const ruleId = typeof rule.rule_id === "string" ? rule.rule_id : undefined;
  if (ruleId === undefined) return { ok: false, reason: "no rule_id" };
  if (!KEBAB.test(ruleId)) return { ok: false, reason: `rule_id "${ruleId}" is not kebab-case (lowercase letters, digits, single dashes), which a dac detection id must be` };
  const indices = jsonStrings(rule.index);
  if (indices.length === 0) return { ok: false, reason: typeof rule.data_view_id === "string" ? "it reads a data view; dac rules name index patterns" : "no index patterns" };
  const schedule = readSchedule(rule);
  if (!schedule.ok) return { ok: false, reason: schedule.reason };

  const threat = translateThreat(rule.threat);
  const required = requiredFields(rule, rule.query);
  const detection: JsonObject = {
    id: ruleId,
    name: typeof rule.name === "string" ? rule.name : ruleId,
    description: typeof rule.description === "string" && rule.description.trim() !== "" ? rule.description : String(rule.name ?? ruleId),
    severity: typeof rule.severity === "string" ? rule.severity : "medium",
    riskScore: typeof rule.risk_score === "number" ? rule.risk_score : 47,
    mitre: threat.mitre,
    // dac's own bookkeeping tags (managed, project, applied hash) come back in a Kibana export of rules dac deployed.
    tags: jsonStrings(rule.tags).filter((t) => !t.startsWith("dac:")),
    indices,
    query: rule.query,
  };
  if (typeof rule.timestamp_field === "string" && rule.timestamp_field !== "@timestamp") detection.timestampField = rule.timestamp_field;
  if (typeof rule.tiebreaker_field === "string") detection.tiebreakerField = rule.tiebreaker_field;
  if (typeof rule.event_category_override === "string") detection.eventCategoryField = rule.event_category_override;
  detection.schedule = { interval: schedule.interval, lookback: schedule.lookback };
  detection.enabled = context.fromRepository ? false : rule.enabled === true;
  if (typeof rule.max_signals === "number" && rule.max_signals !== 100) detection.maxSignals = rule.max_signals;
  // The window field and the EQL ordering field are separate settings (an unset override windows on @timestamp).
  if (typeof rule.timestamp_override === "string" && rule.timestamp_override !== "@timestamp") detection.timestampOverride = rule.timestamp_override;
  detection.falsePositives = jsonStrings(rule.false_positives);
  detection.references = jsonStrings(rule.references);
  detection.guide = typeof rule.note === "string" ? rule.note : "";
  if (typeof rule.setup === "string" && rule.setup !== "") detection.setup = rule.setup;
  if (rule.building_block_type === "default") detection.buildingBlock = true;
  const integrations = relatedIntegrations(rule, context);
  if (integrations) detection.relatedIntegrations = integrations;
  if (required.fields) detection.requiredFields = required.fields;
  const investigation = isJsonObject(rule.investigation_fields) ? jsonStrings(rule.investigation_fields.field_names) : [];
  if (investigation.length > 0) detection.investigationFields = investigation;
  detection.author = jsonStrings(rule.author).length > 0 ? jsonStrings(rule.author) : ["unknown"];
  if (typeof rule.license === "string" && rule.license !== "") detection.license = rule.license;
  detection.version = context.fromRepository || typeof rule.version !== "number" ? 1 : rule.version;
  return { ok: true, detection, dropped: droppedFields(rule), droppedMitre: threat.dropped, declaredFields: required.declared };
}
