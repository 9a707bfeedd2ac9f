import type { ResolvedDetection } from "../../detection/index.ts";
import { compileKibanaExceptionListRef } from "./kibana-exceptions.ts";
import { analyzeKibanaQuery, compileRequiredFields } from "./kibana-query.ts";
import { compileKibanaSchedule } from "./kibana-schedule.ts";
import { compileKibanaThreat } from "./kibana-threat.ts";
import { compileOwnershipTags, type KibanaCompileOptions, type KibanaRuleBody } from "./kibana-types.ts";

/** Kibana's defaults for the fields whose defaults dac leaves alone. */
const DEFAULT_TIMESTAMP_FIELD = "@timestamp";
const DEFAULT_EVENT_CATEGORY_FIELD = "event.category";
/** Kibana shows investigation fields as a short highlighted list; more than this is noise. */
const MAX_INVESTIGATION_FIELDS = 10;

/**
 * The Kibana EQL rule body for one detection (POST/PUT /api/detection_engine/rules).
 * Every field Kibana would otherwise default on its side is written out
 * (`to`, `setup`, mappings, `actions`, ...) so the body read back after a deploy
 * equals this one once server-managed fields are dropped.
 */
export function compileKibanaRule(detection: ResolvedDetection, options: KibanaCompileOptions = {}): KibanaRuleBody {
  const { query, fields } = analyzeKibanaQuery(detection.query);
  const schedule = compileKibanaSchedule(detection.id, detection.schedule);
  const rule: KibanaRuleBody = {
    rule_id: detection.id,
    type: "eql",
    language: "eql",
    name: detection.name,
    description: detection.description,
    query,
    index: [...detection.indices],
    from: schedule.from,
    to: schedule.to,
    interval: schedule.interval,
    max_signals: detection.maxSignals,
    severity: detection.severity,
    risk_score: detection.riskScore,
    risk_score_mapping: [],
    severity_mapping: [],
    threat: compileKibanaThreat(detection.mitre, detection.mitreTactics),
    tags: unique([...detection.tags, ...compileOwnershipTags(options)]),
    references: [...detection.references],
    false_positives: [...detection.falsePositives],
    note: detection.guide,
    setup: detection.setup ?? "",
    author: [...detection.author],
    license: detection.license,
    required_fields: detection.requiredFields ? detection.requiredFields.map((f) => ({ ...f })) : compileRequiredFields(fields),
    related_integrations: (detection.relatedIntegrations ?? []).map((r) => ({ ...r })),
    actions: [],
    version: detection.version,
    enabled: detection.enabled,
    exceptions_list: detection.exceptions.length > 0 ? [compileKibanaExceptionListRef(detection.id)] : [],
  };
  if (detection.timestampField !== DEFAULT_TIMESTAMP_FIELD) {
    // timestamp_override moves the rule's time window onto the field;
    // timestamp_field makes EQL order sequence steps by the same clock.
    rule.timestamp_override = detection.timestampField;
    rule.timestamp_field = detection.timestampField;
  }
  // An explicit window field (Elastic's rules: event.ingested) leaves sequence order on timestampField.
  if (detection.timestampOverride !== undefined) rule.timestamp_override = detection.timestampOverride;
  if (detection.buildingBlock === true) rule.building_block_type = "default";
  if (detection.tiebreakerField !== undefined) rule.tiebreaker_field = detection.tiebreakerField;
  if (detection.eventCategoryField !== DEFAULT_EVENT_CATEGORY_FIELD) rule.event_category_override = detection.eventCategoryField;
  const investigation = detection.investigationFields ? [...detection.investigationFields] : unique([detection.entityField, ...fields]).slice(0, MAX_INVESTIGATION_FIELDS);
  rule.investigation_fields = { field_names: investigation };
  return rule;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
