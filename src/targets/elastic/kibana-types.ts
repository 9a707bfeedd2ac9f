/**
 * The Kibana detection-engine bodies dac writes, as plain JSON types (type
 * aliases, not interfaces, so they are assignable to `JsonObject`). Field names
 * follow Kibana's API (snake_case) as pinned in the 2023-10-31 OpenAPI bundles.
 */

/** Tag that marks rules and exception lists dac owns; `_find` filters on it, prune only touches tagged objects. */
export const KIBANA_MANAGED_TAG = "dac:managed";

/**
 * `dac:project:<name>`: which dac project (repository) owns a managed rule or
 * list. Objects tagged with another project are left alone by readLive and
 * prune; managed objects without this tag predate projects and are adopted by
 * the project that reads them (the next deploy adds the tag).
 */
export const KIBANA_PROJECT_TAG_PREFIX = "dac:project:";

/** Options every Kibana compile function takes. */
export type KibanaCompileOptions = {
  /** The dac project written as a `dac:project:<name>` tag; no tag when undefined. */
  readonly project?: string;
};

/** The tags that mark an object as dac's, and whose: `dac:managed` plus the project tag. */
export function compileOwnershipTags(options: KibanaCompileOptions = {}): string[] {
  return options.project === undefined ? [KIBANA_MANAGED_TAG] : [KIBANA_MANAGED_TAG, KIBANA_PROJECT_TAG_PREFIX + options.project];
}

/** The project named by an object's `dac:project:` tag, if it has one. */
export function readKibanaProject(tags: unknown): string | undefined {
  if (!Array.isArray(tags)) return undefined;
  const tag = tags.find((t): t is string => typeof t === "string" && t.startsWith(KIBANA_PROJECT_TAG_PREFIX));
  return tag?.slice(KIBANA_PROJECT_TAG_PREFIX.length);
}

export type KibanaThreatRef = { id: string; name: string; reference: string };
export type KibanaThreatTechnique = KibanaThreatRef & { subtechnique?: KibanaThreatRef[] };
/** `technique` is left out for a tactic-only mapping, as Kibana and detection-rules write it. */
export type KibanaThreat = { framework: "MITRE ATT&CK"; tactic: KibanaThreatRef; technique?: KibanaThreatTechnique[] };

/** How a rule points at an exception list container. `id` is Kibana's saved-object id of the list. */
export type KibanaExceptionListRef = { id: string; list_id: string; type: "detection"; namespace_type: "single" };

export type KibanaRequiredField = { name: string; type: string };
export type KibanaRelatedIntegration = { package: string; version: string; integration?: string };

/** An EQL rule as sent to POST/PUT /api/detection_engine/rules (and written to `_import` files). */
export type KibanaRuleBody = {
  rule_id: string;
  type: "eql";
  language: "eql";
  name: string;
  description: string;
  query: string;
  index: string[];
  from: string;
  to: string;
  interval: string;
  max_signals: number;
  timestamp_override?: string;
  timestamp_field?: string;
  tiebreaker_field?: string;
  event_category_override?: string;
  severity: "low" | "medium" | "high" | "critical";
  risk_score: number;
  risk_score_mapping: [];
  severity_mapping: [];
  threat: KibanaThreat[];
  tags: string[];
  references: string[];
  false_positives: string[];
  note: string;
  setup: string;
  author: string[];
  license: string;
  required_fields: KibanaRequiredField[];
  related_integrations: KibanaRelatedIntegration[];
  building_block_type?: "default";
  investigation_fields?: { field_names: string[] };
  actions: [];
  version: number;
  enabled: boolean;
  exceptions_list: KibanaExceptionListRef[];
};

export type KibanaExceptionEntry =
  | { type: "match"; field: string; operator: KibanaEntryOperator; value: string }
  | { type: "match_any"; field: string; operator: KibanaEntryOperator; value: string[] }
  | { type: "wildcard"; field: string; operator: KibanaEntryOperator; value: string }
  | { type: "exists"; field: string; operator: KibanaEntryOperator };

/** `included` means "field is ...", `excluded` means "field is not ...". */
export type KibanaEntryOperator = "included" | "excluded";

/** A detection-type exception list container (POST /api/exception_lists). */
export type KibanaExceptionListBody = {
  list_id: string;
  name: string;
  description: string;
  type: "detection";
  namespace_type: "single";
  tags: string[];
  os_types: [];
};

/** One exception item (POST /api/exception_lists/items). Entries are ANDed, items of a list are ORed. */
export type KibanaExceptionItemBody = {
  item_id: string;
  list_id: string;
  type: "simple";
  name: string;
  description: string;
  entries: KibanaExceptionEntry[];
  namespace_type: "single";
  tags: string[];
  os_types: [];
};

/**
 * The normalized composite body of one detection on Kibana: the rule, plus its
 * exception list and items when the detection has exceptions. In this form the
 * rule's `exceptions_list` refs carry no `id` (Kibana assigns it per space; the
 * adapter fills it in when writing).
 */
export type KibanaDesiredBody = {
  rule: Omit<KibanaRuleBody, "exceptions_list"> & { exceptions_list: Omit<KibanaExceptionListRef, "id">[] };
  exceptionList?: KibanaExceptionListBody;
  exceptionItems?: KibanaExceptionItemBody[];
};
