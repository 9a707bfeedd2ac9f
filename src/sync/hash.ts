import { createHash } from "node:crypto";
import type { Json } from "./target.ts";

/**
 * JSON text with object keys sorted at every level, so two bodies that are equal
 * as values serialize identically whatever order their keys were built or
 * returned in. Array order is kept: in rule bodies it is meaningful (index
 * patterns, exception items, threat entries) and both compilers emit it stably.
 * `undefined` properties are dropped, as JSON.stringify does.
 */
export function stringifyCanonical(value: Json | undefined): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => stringifyCanonical(v)).join(",")}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    if (v !== undefined) parts.push(`${JSON.stringify(key)}:${stringifyCanonical(v)}`);
  }
  return `{${parts.join(",")}}`;
}

/**
 * The content hash sync compares ("unchanged" means equal hashes) and that
 * adapters store in the remote object as `appliedHash`. Prefixed with the
 * algorithm so a future change of scheme is recognisable rather than silently
 * reported as drift everywhere.
 */
export function hashBody(body: Json): string {
  return `sha256:${createHash("sha256").update(stringifyCanonical(body)).digest("hex")}`;
}
