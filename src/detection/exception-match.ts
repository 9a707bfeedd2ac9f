/**
 * The engine-side meaning of exception entries (see ExceptionEntry in model.ts);
 * the targets compile the same semantics to Query DSL and Kibana exception items.
 * Events are ES `_source` documents: fields may be nested objects, dotted keys
 * or a mix of both, and any level may be an array.
 */
import { BlockList, isIP } from "node:net";
import type { ExceptionEntry, ResolvedException } from "./model.ts";

type Json = unknown;

function collectValues(node: Json, segments: readonly string[], out: unknown[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectValues(item, segments, out);
    return;
  }
  if (segments.length === 0) {
    if (node !== null && node !== undefined) out.push(node);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, Json>;
  // Try every split point: "a.b" may be stored as {a:{b}} or as {"a.b"} or a mix.
  for (let take = 1; take <= segments.length; take++) {
    const key = segments.slice(0, take).join(".");
    if (Object.hasOwn(record, key)) collectValues(record[key], segments.slice(take), out);
  }
}

/** Every non-null leaf value of `field` in the event (multi-valued fields flattened). */
export function readFieldValues(event: Json, field: string): unknown[] {
  const out: unknown[] = [];
  collectValues(event, field.split("."), out);
  return out;
}

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return undefined;
}

const wildcardCache = new Map<string, RegExp>();

/** `*` any run, `?` one character, whole value, case-insensitive; backslashes are literal (Windows paths). */
export function compileWildcard(pattern: string): RegExp {
  let re = wildcardCache.get(pattern);
  if (!re) {
    const body = [...pattern].map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))).join("");
    re = new RegExp(`^${body}$`, "iu");
    wildcardCache.set(pattern, re);
  }
  return re;
}

const blockListCache = new Map<string, BlockList>();

function stripZone(ip: string): string {
  const zone = ip.indexOf("%");
  return zone === -1 ? ip : ip.slice(0, zone);
}

function compileCidrs(cidrs: readonly string[]): BlockList {
  const key = cidrs.join(",");
  let list = blockListCache.get(key);
  if (!list) {
    list = new BlockList();
    for (const cidr of cidrs) {
      const [address = "", prefix] = cidr.split("/");
      const family = isIP(address);
      if (family === 0) continue; // rejected by config validation; never matches here
      const type = family === 6 ? "ipv6" : "ipv4";
      list.addSubnet(address, prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix), type);
    }
    blockListCache.set(key, list);
  }
  return list;
}

/** True when `ip` lies in any of the CIDR blocks (a bare address is a /32 or /128). */
export function ipInCidrs(ip: string, cidrs: readonly string[]): boolean {
  const address = stripZone(ip);
  const family = isIP(address);
  if (family === 0) return false;
  return compileCidrs(cidrs).check(address, family === 6 ? "ipv6" : "ipv4");
}

function entryHolds(entry: ExceptionEntry, values: readonly unknown[]): boolean {
  switch (entry.kind) {
    case "exists":
      return values.length > 0;
    case "equals":
      return values.some((v) => asText(v) === entry.value);
    case "any-of":
      return values.some((v) => {
        const text = asText(v);
        return text !== undefined && entry.values.includes(text);
      });
    case "wildcard": {
      const re = compileWildcard(entry.pattern);
      return values.some((v) => {
        const text = asText(v);
        return text !== undefined && re.test(text);
      });
    }
    case "cidr":
      return values.some((v) => typeof v === "string" && ipInCidrs(v, entry.cidrs));
  }
}

/** Whether one entry matches the event; `negate` flips it (so "is not" holds when the field is missing). */
export function entryMatches(entry: ExceptionEntry, event: Json): boolean {
  const holds = entryHolds(entry, readFieldValues(event, entry.field));
  return entry.negate === true ? !holds : holds;
}

/** An exception matches when every one of its entries does (entries are ANDed). */
export function exceptionMatches(exception: ResolvedException | ExceptionEntry, event: Json): boolean {
  if ("entries" in exception) return exception.entries.every((entry) => entryMatches(entry, event));
  return entryMatches(exception, event);
}

/** Whether any of the detection's exceptions removes the event (exceptions are ORed). */
export function isExcepted(exceptions: readonly ResolvedException[], event: Json): boolean {
  return exceptions.some((exception) => exceptionMatches(exception, event));
}
