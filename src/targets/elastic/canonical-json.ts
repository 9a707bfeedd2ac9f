/** JSON values; structurally the same as sync's `Json` (targets may not import sync, a later stage). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonRecord = { [key: string]: JsonValue };

/**
 * A deep copy with object keys sorted, so two equal bodies serialize to the
 * same text whatever order their fields were built or returned in (Kibana's
 * responses do not keep the request's key order). Drops `undefined` values the
 * way JSON.stringify would.
 */
export function sortJsonKeys<T extends JsonValue>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortJsonKeys(v)) as T;
  if (value !== null && typeof value === "object") {
    const out: JsonRecord = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as JsonRecord)[key];
      if (v !== undefined) out[key] = sortJsonKeys(v);
    }
    return out as T;
  }
  return value;
}
