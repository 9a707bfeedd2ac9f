import { translateDslToEql } from "./export-dsl.ts";
import type { Json, JsonObject } from "./target.ts";

/** Detection fields for a module, or why the monitor cannot become one. */
export type MonitorTranslation = { readonly ok: true; readonly detection: JsonObject } | { readonly ok: false; readonly reason: string };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const SEVERITY_BY_LEVEL: Record<string, string> = { "1": "critical", "2": "high", "3": "medium", "4": "low", "5": "low" };
// Elastic's default risk score per severity, so a translated rule has a sensible one.
const RISK_BY_SEVERITY: Record<string, number> = { critical: 99, high: 73, medium: 47, low: 21 };
const UNIT_SUFFIX: Record<string, string> = { MINUTES: "m", HOURS: "h", DAYS: "d" };

/**
 * An OpenSearch monitor dac did not deploy -> the fields of a detection module.
 * Handles the event-query shapes: a query-level monitor that fires on any hit,
 * or a bucket-level monitor with one bucket per entity (what dac emits); a time-window range on `{{period_end}}` becomes the lookback and a
 * term on event.category the EQL category. Sequences (Painless scripted metrics), doc-level
 * monitors, cron schedules and unknown clauses are refused with a reason.
 * MITRE techniques and data sources cannot be recovered: they are left empty
 * so `dac validate` points at them.
 */
export function translateUnmanagedMonitor(monitor: JsonObject, remoteId: string): MonitorTranslation {
  const input = Array.isArray(monitor.inputs) ? monitor.inputs[0] : undefined;
  const search = isObject(input) && isObject(input.search) ? input.search : undefined;
  if (!search) return { ok: false, reason: `${String(monitor.monitor_type)} without a search input (doc-level and cluster-metrics monitors have no EQL form)` };
  const body = isObject(search.query) ? search.query : {};
  const trigger = readTrigger(monitor, body);
  if (!trigger.ok) return trigger;
  const period = readSchedule(monitor.schedule);
  if ("reason" in period) return { ok: false, reason: period.reason };
  const schedule = period.interval;
  const conjuncts = flattenConjuncts(body.query ?? { match_all: {} });
  const window = takeTimeWindow(conjuncts);
  const category = takeCategory(conjuncts);
  const condition = translateDslToEql({ bool: { filter: conjuncts } });
  if (!condition.ok) return { ok: false, reason: condition.reason };
  const name = typeof monitor.name === "string" ? monitor.name : remoteId;
  const severity = trigger.severity;
  const detection: JsonObject = {
    id: slugify(name) || `monitor-${slugify(remoteId)}`,
    name,
    description: `Exported from the OpenSearch monitor "${name}" (${remoteId}), which dac did not manage.`,
    severity,
    riskScore: RISK_BY_SEVERITY[severity] ?? 47,
    mitre: [],
    dataSources: [],
    indices: Array.isArray(search.indices) ? search.indices : [],
    query: `${category} where ${condition.eql}`,
    schedule: { interval: schedule, lookback: window?.lookback ?? schedule },
    enabled: monitor.enabled === true,
    falsePositives: ["Unknown: exported from a monitor that dac did not manage."],
    guide: `Exported from the OpenSearch monitor "${name}". Write the triage steps here.`,
    author: ["dac export"],
    version: 1,
  };
  // A monitor's window field is a timestamp override (Kibana's look-back field), not the EQL ordering field.
  if (window && window.field !== "@timestamp") detection.timestampOverride = window.field;
  if (trigger.entityField) detection.entityField = trigger.entityField;
  return { ok: true, detection };
}

type TriggerInfo = { ok: true; severity: string; entityField?: string } | { ok: false; reason: string };

function readTrigger(monitor: JsonObject, search: JsonObject): TriggerInfo {
  const triggers = Array.isArray(monitor.triggers) ? monitor.triggers : [];
  if (triggers.length !== 1 || !isObject(triggers[0])) return { ok: false, reason: `${triggers.length} triggers (EQL rules have exactly one condition)` };
  const wrapper = triggers[0];
  const query = isObject(wrapper.query_level_trigger) ? wrapper.query_level_trigger : undefined;
  const bucket = isObject(wrapper.bucket_level_trigger) ? wrapper.bucket_level_trigger : undefined;
  const t = query ?? bucket;
  if (!t) return { ok: false, reason: `trigger type ${Object.keys(wrapper).join(", ")} has no EQL form` };
  const severity = SEVERITY_BY_LEVEL[String(t.severity)] ?? "medium";
  const condition = isObject(t.condition) ? t.condition : {};
  const script = isObject(condition.script) && typeof condition.script.source === "string" ? condition.script.source : "";
  if (query) {
    if (!/^\s*(return\s+)?ctx\.results\[0\]\.hits\.total\.value\s*>\s*0\s*;?\s*$/.test(script)) {
      return { ok: false, reason: `trigger condition \`${script.slice(0, 80)}\` is not "any hit" (sequence or threshold logic has no exact EQL export)` };
    }
    return { ok: true, severity };
  }
  if (!/^\s*params\._count\s*>\s*0\s*$/.test(script)) return { ok: false, reason: `bucket condition \`${script.slice(0, 80)}\` is not "at least one event"` };
  const entityField = readEntityField(search);
  return entityField === undefined ? { ok: false, reason: "bucket-level monitor without a single terms source to take the entity from" } : { ok: true, severity, entityField };
}

function readEntityField(search: JsonObject): string | undefined {
  const aggs = isObject(search.aggregations) ? search.aggregations : isObject(search.aggs) ? search.aggs : {};
  const composite = Object.values(aggs).find((a) => isObject(a) && isObject(a.composite));
  const sources = isObject(composite) && isObject(composite.composite) && Array.isArray(composite.composite.sources) ? composite.composite.sources : [];
  const terms = sources.length === 1 && isObject(sources[0]) ? Object.values(sources[0])[0] : undefined;
  const spec = isObject(terms) && isObject(terms.terms) ? terms.terms : undefined;
  if (!spec) return undefined;
  if (typeof spec.field === "string") return spec.field;
  const params = isObject(spec.script) && isObject(spec.script.params) ? spec.script.params : undefined;
  return typeof params?.field === "string" ? params.field : undefined;
}

function readSchedule(schedule: Json | undefined): { interval: string } | { reason: string } {
  const period = isObject(schedule) && isObject(schedule.period) ? schedule.period : undefined;
  const suffix = period ? UNIT_SUFFIX[String(period.unit)] : undefined;
  if (!period || suffix === undefined || typeof period.interval !== "number") return { reason: "a cron or sub-minute schedule has no rule interval equivalent" };
  return { interval: `${period.interval}${suffix}` };
}

/** The AND-ed clauses of a query, with nested filter-only bools flattened. */
function flattenConjuncts(query: Json): Json[] {
  if (isObject(query) && isObject(query.bool)) {
    const keys = Object.keys(query.bool).filter((k) => k !== "boost" && k !== "adjust_pure_negative");
    if (keys.every((k) => k === "filter" || k === "must")) {
      return [...clauses(query.bool.filter), ...clauses(query.bool.must)].flatMap(flattenConjuncts);
    }
  }
  return [query];
}

function clauses(value: Json | undefined): Json[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Removes the `{{period_end}}||-900s` window clause and returns its field and lookback. */
function takeTimeWindow(conjuncts: Json[]): { field: string; lookback: string } | undefined {
  const index = conjuncts.findIndex((c) => isObject(c) && isObject(c.range) && JSON.stringify(c.range).includes("{{period_end}}"));
  const clause = conjuncts[index];
  if (!isObject(clause) || !isObject(clause.range)) return undefined;
  const [field, spec] = Object.entries(clause.range)[0] ?? [];
  if (field === undefined || !isObject(spec)) return undefined;
  const from = String(spec.gte ?? spec.gt ?? spec.from ?? "");
  const match = /\|\|-(\d+)([smhd])$/.exec(from);
  if (!match) return undefined;
  conjuncts.splice(index, 1);
  return { field, lookback: normalizeDuration(Number(match[1]), match[2] as string) };
}

function normalizeDuration(amount: number, unit: string): string {
  const seconds = amount * ({ s: 1, m: 60, h: 3600, d: 86400 }[unit] ?? 1);
  for (const [suffix, size] of [["d", 86400], ["h", 3600], ["m", 60]] as const) if (seconds % size === 0) return `${seconds / size}${suffix}`;
  return `${seconds}s`;
}

/** Removes a `term` on event.category and returns the EQL category (`any` when there is none). */
function takeCategory(conjuncts: Json[]): string {
  const index = conjuncts.findIndex((c) => isObject(c) && isObject(c.term) && c.term["event.category"] !== undefined);
  const clause = conjuncts[index];
  if (!isObject(clause) || !isObject(clause.term)) return "any";
  const spec = clause.term["event.category"];
  const value = isObject(spec) ? spec.value : spec;
  if (typeof value !== "string" || !/^[a-z_]+$/.test(value)) return "any";
  conjuncts.splice(index, 1);
  return value;
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
