import { sortJsonKeys } from "../../targets/elastic/index.ts";
import type { Json, JsonObject } from "../target.ts";

/**
 * Live Kibana objects -> the normalized composite `{ rule, exceptionList?,
 * exceptionItems? }` that compileKibanaDesired produces, so that desired and
 * live compare equal right after a deploy. Each dropped field says why; a
 * field dropped here can never show up as drift, so the list is kept short.
 */

/** Fields Kibana sets on a rule by itself. */
const RULE_SERVER_FIELDS: readonly string[] = [
  "id", // saved-object UUID, random per space: identity is rule_id
  "created_at", // audit stamps: change on every write, not content
  "created_by",
  "updated_at",
  "updated_by",
  "revision", // Kibana's edit counter, bumped by our own PUTs
  "immutable", // deprecated prebuilt-rule flag, always false for custom rules
  "rule_source", // {type:"internal"} for every custom rule; set by Kibana
  "execution_summary", // last run status/metrics: changes every interval
  "output_index", // deprecated, Kibana returns "" (alerts go to .alerts-security.alerts-<space>)
  "namespace", // deprecated, no effect
  "outcome", // saved-object resolve metadata, not rule content
  "alias_target_id",
  "alias_purpose",
  "status", // legacy execution status fields some versions still return
  "status_date",
  "last_success_at",
  "last_success_message",
  "last_failure_at",
  "last_failure_message",
];

/** Optional rule fields whose "empty" value means the same as leaving them out. */
const RULE_EMPTY_DEFAULTS: Readonly<Record<string, (v: Json) => boolean>> = {
  filters: (v) => Array.isArray(v) && v.length === 0, // EQL rules may come back with filters: []
  timestamp_override_fallback_disabled: (v) => v === false, // false is Kibana's default
  meta: (v) => v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0,
};

/**
 * dac records the hash of the body it last wrote as a rule tag. A tag (not
 * `meta`) because Kibana's UI rewrites `meta` when a rule is saved there, which
 * would erase the very evidence drift detection needs.
 */
export const APPLIED_HASH_TAG_PREFIX = "dac:applied-hash:";

export function renderAppliedHashTag(hash: string): string {
  return APPLIED_HASH_TAG_PREFIX + hash;
}

/** The hash dac stored on the rule at its last write, if any. */
export function readAppliedHash(live: JsonObject): string | undefined {
  const tags = Array.isArray(live.tags) ? live.tags : [];
  const tag = tags.find((t): t is string => typeof t === "string" && t.startsWith(APPLIED_HASH_TAG_PREFIX));
  return tag?.slice(APPLIED_HASH_TAG_PREFIX.length);
}

export function normalizeKibanaRule(live: JsonObject): JsonObject {
  const rule: JsonObject = { ...live };
  for (const field of RULE_SERVER_FIELDS) delete rule[field];
  if (Array.isArray(rule.tags)) {
    // The applied-hash tag is bookkeeping, not content: the desired body cannot know it.
    rule.tags = rule.tags.filter((t) => !(typeof t === "string" && t.startsWith(APPLIED_HASH_TAG_PREFIX)));
  }
  if (isObject(rule.meta)) {
    // The Security app writes its own URL into meta when a rule is saved from the UI.
    const { kibana_siem_app_url: _url, ...meta } = rule.meta;
    rule.meta = meta;
  }
  // Actions' throttle only matters when there are actions; with none, versions
  // differ in whether they echo "no_actions" or nothing.
  if (Array.isArray(rule.actions) && rule.actions.length === 0) delete rule.throttle;
  for (const [field, isEmpty] of Object.entries(RULE_EMPTY_DEFAULTS)) {
    const value = rule[field];
    if (value !== undefined && isEmpty(value)) delete rule[field];
  }
  if (Array.isArray(rule.required_fields)) {
    // `ecs` is computed by Kibana from name + type; it is not part of the input.
    rule.required_fields = rule.required_fields.map((f) => (isObject(f) ? omit(f, ["ecs"]) : f));
  }
  if (Array.isArray(rule.exceptions_list)) {
    // The list's saved-object id is per space and assigned by Kibana; list_id identifies it.
    rule.exceptions_list = rule.exceptions_list.map((ref) => (isObject(ref) ? omit(ref, ["id"]) : ref));
  }
  return sortJsonKeys(rule);
}

/** Fields Kibana sets on exception lists and items by itself. */
const EXCEPTION_SERVER_FIELDS: readonly string[] = [
  "id", // saved-object UUID, per space: identity is list_id / item_id
  "_version", // optimistic-concurrency token, changes on every write
  "tie_breaker_id", // random sort tie-breaker
  "created_at", // audit stamps
  "created_by",
  "updated_at",
  "updated_by",
  "immutable", // only true for Elastic's endpoint lists
  "version", // lists: auto-incremented by Kibana on every update
  // Items: analysts' triage comments are not configuration; comparing them
  // would report drift for every note written in the UI.
  "comments",
];

export function normalizeKibanaExceptionList(live: JsonObject): JsonObject {
  return sortJsonKeys(dropEmptyMeta(omit(live, EXCEPTION_SERVER_FIELDS)));
}

export function normalizeKibanaExceptionItem(live: JsonObject): JsonObject {
  return sortJsonKeys(dropEmptyMeta(omit(live, EXCEPTION_SERVER_FIELDS)));
}

/** The composite body of one managed rule as it lives on Kibana. */
export function composeKibanaLiveBody(rule: JsonObject, list: JsonObject | undefined, items: readonly JsonObject[]): JsonObject {
  const body: JsonObject = { rule: normalizeKibanaRule(rule) };
  if (list) {
    body.exceptionList = normalizeKibanaExceptionList(list);
    body.exceptionItems = items.map(normalizeKibanaExceptionItem).sort((a, b) => compareIds(a.item_id, b.item_id));
  }
  return sortJsonKeys(body);
}

function dropEmptyMeta(o: JsonObject): JsonObject {
  if (isObject(o.meta) && Object.keys(o.meta).length === 0) return omit(o, ["meta"]);
  return o;
}

function compareIds(a: Json | undefined, b: Json | undefined): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function omit(o: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = { ...o };
  for (const key of keys) delete out[key];
  return out;
}

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);
}
