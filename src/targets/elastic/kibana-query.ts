import { EcsFlat } from "@elastic/ecs";
import { parseEql } from "../../eql/index.ts";
import type { KibanaRequiredField } from "./kibana-types.ts";

/**
 * The query text Kibana stores and the fields it reads. The text is the
 * author's, comments and layout kept (analysts read it in Kibana), only
 * moved flush left: surrounding blank lines and the indentation every line
 * shares (a template literal's) are removed. That is idempotent, so a query
 * exported from Kibana plans as no change, and what is planned is exactly
 * what is deployed: any edit on either side, cosmetic or not, is a change.
 */
export interface KibanaQuery {
  readonly query: string;
  /** Field names the query references, in first-use order. */
  readonly fields: readonly string[];
}

export function analyzeKibanaQuery(query: string): KibanaQuery {
  const parsed = parseEql(query);
  return { query: flushLeft(query), fields: parsed.ok ? collectFieldNames(parsed.value) : [] };
}

/** `text` without surrounding blank lines, trailing spaces or the indentation all its lines share. */
export function flushLeft(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n").map((l) => l.trimEnd());
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  const indents = lines.filter((l) => l !== "").map((l) => /^[ \t]*/.exec(l)![0].length);
  const shared = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(shared)).join("\n");
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
