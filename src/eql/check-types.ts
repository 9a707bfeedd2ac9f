/**
 * The value types the checker reasons with: Elasticsearch field types folded
 * into families (keyword, wildcard and constant_keyword are all "string"), and
 * the compatibility rule Elasticsearch applies to both sides of a comparison.
 */

export type Family = "string" | "number" | "boolean" | "ip" | "date" | "null" | "text" | "unsupported" | "unknown";

export interface ValueType {
  readonly family: Family;
  /** The ES type name shown in messages (`keyword`, `long`, `ip`, …). */
  readonly esType: string;
  /** Whole numbers only (long, integer, …): needed where ES wants an integer. */
  readonly integer: boolean;
  /**
   * Depends on a field that does not fold to null. Two "live" sides in one
   * comparison is the field-to-field comparison Elasticsearch refuses.
   */
  readonly live: boolean;
}

const FAMILIES: Readonly<Record<string, Family>> = {
  keyword: "string", constant_keyword: "string", wildcard: "string", version: "string",
  text: "text", match_only_text: "text", semantic_text: "text",
  long: "number", integer: "number", short: "number", byte: "number", unsigned_long: "number",
  double: "number", float: "number", half_float: "number", scaled_float: "number",
  boolean: "boolean", ip: "ip", date: "date", date_nanos: "date",
  object: "unsupported", nested: "unsupported", flattened: "unsupported", geo_point: "unsupported",
  geo_shape: "unsupported", binary: "unsupported", histogram: "unsupported",
};
const INTEGER_TYPES: ReadonlySet<string> = new Set(["long", "integer", "short", "byte", "unsigned_long"]);

export function typeOfEsField(esType: string, live: boolean): ValueType {
  return { family: FAMILIES[esType] ?? "unknown", esType, integer: INTEGER_TYPES.has(esType), live };
}

export const UNKNOWN: ValueType = { family: "unknown", esType: "unknown", integer: false, live: false };
export const NULL: ValueType = { family: "null", esType: "null", integer: false, live: false };
export const BOOLEAN: ValueType = { family: "boolean", esType: "boolean", integer: false, live: false };
export const STRING: ValueType = { family: "string", esType: "keyword", integer: false, live: false };
export const LONG: ValueType = { family: "number", esType: "long", integer: true, live: false };
export const DOUBLE: ValueType = { family: "number", esType: "double", integer: false, live: false };

/** Families that carry no type information for a check (anything goes). */
export function isOpen(t: ValueType): boolean {
  return t.family === "unknown" || t.family === "null" || t.family === "unsupported" || t.family === "text";
}

/**
 * Can a value of type `a` be compared with one of type `b`? ip and date fields
 * accept string literals (ES parses them); dates also accept epoch numbers.
 */
export function areComparable(a: ValueType, b: ValueType): boolean {
  if (isOpen(a) || isOpen(b) || a.family === b.family) return true;
  const pair = new Set([a.family, b.family]);
  if (pair.has("string") && (pair.has("ip") || pair.has("date"))) return true;
  return pair.has("date") && pair.has("number");
}

/** The type name Elasticsearch would expect for a value compared with `t`. */
export function expectedName(t: ValueType): string {
  return t.family === "number" ? (t.integer ? "integer" : "numeric") : t.esType;
}

export const ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

export function ordinal(index: number): string {
  return ORDINALS[index] ?? `#${index + 1}`;
}
