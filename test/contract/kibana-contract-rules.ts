import { randomUUID } from "node:crypto";
import { EcsFlat } from "@elastic/ecs";
import type { JsonObject } from "../../src/sync/target.ts";

/**
 * What Kibana does to a rule body on the way in: defaults for omitted fields
 * (the `required` list of EqlRule in the bundle), server-managed fields, and
 * computed `required_fields[].ecs`. Shared by create, update, patch and import.
 */

export const RULE_DEFAULTS: JsonObject = {
  enabled: true,
  interval: "5m",
  from: "now-6m",
  to: "now",
  max_signals: 100,
  version: 1,
  tags: [],
  risk_score_mapping: [],
  severity_mapping: [],
  actions: [],
  exceptions_list: [],
  author: [],
  false_positives: [],
  references: [],
  threat: [],
  setup: "",
  related_integrations: [],
  required_fields: [],
};

const ECS = EcsFlat as Readonly<Record<string, { type: string } | undefined>>;

export interface Clock {
  now(): string;
}

/** A stored rule as Kibana returns it, from an input body (create/import) or a replacement (update). */
export function materializeRule(input: JsonObject, clock: Clock, previous?: JsonObject): JsonObject {
  const now = clock.now();
  const rule: JsonObject = { ...RULE_DEFAULTS, ...input };
  delete rule.id;
  rule.rule_id = typeof input.rule_id === "string" ? input.rule_id : randomUUID();
  rule.required_fields = (rule.required_fields as JsonObject[]).map((f) => ({ ...f, ecs: ECS[String(f.name)]?.type === f.type }));
  return {
    ...rule,
    id: typeof previous?.id === "string" ? previous.id : randomUUID(),
    immutable: false,
    rule_source: { type: "internal" },
    created_at: typeof previous?.created_at === "string" ? previous.created_at : now,
    created_by: "elastic",
    updated_at: now,
    updated_by: "elastic",
    revision: typeof previous?.revision === "number" ? previous.revision + 1 : 0,
    // Kibana echoes these deprecated/server fields; normalization must drop them.
    output_index: "",
    execution_summary: {
      last_execution: { date: now, status: "succeeded", status_order: 0, message: "Rule execution completed successfully", metrics: { total_search_duration_ms: 3 } },
    },
  };
}

/** KQL subset the contract server understands: `[NOT ]<prefix>.tags:"value"`, or nothing. */
export function compileTagFilter(filter: string | undefined, prefix: string): ((tags: readonly string[]) => boolean) | Error {
  if (filter === undefined || filter.trim() === "") return () => true;
  const m = new RegExp(`^(NOT\\s+)?${prefix.replace(/[.-]/g, "\\$&")}\\.tags:"([^"]*)"$`).exec(filter.trim());
  if (!m) return new Error(`contract server: unsupported filter ${JSON.stringify(filter)}`);
  const negate = m[1] !== undefined;
  const tag = m[2] ?? "";
  return (tags) => tags.includes(tag) !== negate;
}

export function pageOf<T>(all: readonly T[], page: number, perPage: number): T[] {
  return all.slice((page - 1) * perPage, page * perPage);
}

export function compareBy<T>(key: (v: T) => string, order: "asc" | "desc" = "asc"): (a: T, b: T) => number {
  const sign = order === "desc" ? -1 : 1;
  return (a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : 0);
}
