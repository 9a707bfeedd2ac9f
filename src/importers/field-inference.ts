/**
 * Extra field declarations for imported rules: every field a query reads that
 * ECS, the Windows fields and the pack do not know gets a type, from the
 * source when it says (Kibana `required_fields`), else from how the query
 * uses it (compared with a number: long or double; with true/false: boolean;
 * in cidrMatch: ip; anything else: keyword).
 */
import type { Query } from "../eql/index.ts";
import { defaultFieldSchema, lookupFieldType, type FieldSchema } from "../eql/index.ts";

type Walkable = { readonly kind?: string } & Record<string, unknown>;

function fieldName(node: unknown): string | undefined {
  const n = node as Walkable | null;
  return n && n.kind === "field" && typeof n.name === "string" ? n.name : undefined;
}

function literalType(node: unknown): string | undefined {
  const n = node as (Walkable & { valueType?: string }) | null;
  if (!n || n.kind !== "literal") return undefined;
  return n.valueType === "long" ? "long" : n.valueType === "double" ? "double" : n.valueType === "boolean" ? "boolean" : n.valueType === "string" ? "keyword" : undefined;
}

/** How each field is used in a query: the type its use implies (keyword when nothing says more). */
export function inferFieldUses(query: Query): Map<string, string> {
  const uses = new Map<string, string>();
  const note = (name: string | undefined, type: string | undefined) => {
    if (name === undefined) return;
    const current = uses.get(name);
    // A typed use (number, boolean, ip) says more than a string or unknown one.
    if (current === undefined || (current === "keyword" && type !== undefined && type !== "keyword")) uses.set(name, type ?? current ?? "keyword");
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    const n = node as Walkable;
    if (n.kind === "compare") {
      note(fieldName(n.left), literalType(n.right));
      note(fieldName(n.right), literalType(n.left));
    } else if (n.kind === "in") {
      note(fieldName(n.value), (n.list as unknown[]).map(literalType).find((t) => t !== undefined));
    } else if (n.kind === "call" && n.name === "cidrMatch") {
      note(fieldName((n.args as unknown[])[0]), "ip");
    } else if (n.kind === "arithmetic" || n.kind === "unary") {
      for (const side of [n.left, n.right, n.operand]) note(fieldName(side), "long");
    } else if (n.kind === "field") {
      note(n.name as string, undefined);
    }
    for (const [key, child] of Object.entries(n)) if (key !== "range" && key !== "nameRange") visit(child);
  };
  visit(query);
  return uses;
}

/**
 * The declarations `query` needs on top of `known` (ECS + Windows + pack):
 * `declared` (a type the source gave, e.g. Kibana required_fields) wins over inference.
 */
export function inferExtraFields(query: Query, declared: Readonly<Record<string, string>> = {}, known: FieldSchema = defaultFieldSchema()): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, used] of inferFieldUses(query)) {
    if (lookupFieldType(known, name) !== undefined) continue;
    out[name] = declared[name] ?? used;
  }
  return out;
}
