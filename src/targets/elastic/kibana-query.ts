import { EcsFlat } from "@elastic/ecs";
import { parseEql } from "../../eql/index.ts";
import type { KibanaRequiredField } from "./kibana-types.ts";

/**
 * The query text Kibana stores and the fields it reads. The text is the
 * author's, as written (comments and layout kept: an imported rule renders
 * back to its source text, and the rule in Kibana reads like the module).
 */
export interface KibanaQuery {
  readonly query: string;
  /** Field names the query references, in first-use order. */
  readonly fields: readonly string[];
}

export function analyzeKibanaQuery(query: string): KibanaQuery {
  const parsed = parseEql(query);
  if (!parsed.ok) return { query, fields: [] };
  return { query, fields: collectFieldNames(parsed.value) };
}

/** Every field reference in the AST (conditions, join keys), first use first. */
export function collectFieldNames(node: unknown, into: Set<string> = new Set()): string[] {
  if (Array.isArray(node)) {
    for (const child of node) collectFieldNames(child, into);
  } else if (node !== null && typeof node === "object") {
    const n = node as { kind?: unknown; name?: unknown; range?: unknown };
    if (n.kind === "field" && typeof n.name === "string") into.add(n.name);
    for (const [key, child] of Object.entries(node)) if (key !== "range" && key !== "nameRange") collectFieldNames(child, into);
  }
  return [...into];
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
