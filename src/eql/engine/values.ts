/**
 * Engine values and how they compare. A field value is a JSON scalar; `null`
 * stands for "no value" (missing field, JSON null, empty array) in scalar
 * contexts (functions, arithmetic).
 */

/** An event as parsed from JSON. */
export type EqlEvent = Readonly<Record<string, unknown>>;

/** A non-null scalar read from an event or written in a query. */
export type EqlValue = string | number | boolean;

/** A scalar or null: what an expression evaluates to in value context. */
export type EqlScalar = EqlValue | null;

/**
 * Equality of an event value with a query constant, reading the source value as
 * the constant's type. Why: ES compares the *indexed* value, and the mapping
 * coerces source JSON at index time (a keyword field stores `4688` as "4688", a
 * long field stores "4688" as 4688), so `event.code == "4688"` matches a JSON
 * number. Join keys do NOT use this (they compare typed values, C.5).
 */
export function equalsCoerced(value: EqlValue, constant: EqlValue): boolean {
  if (typeof value === typeof constant) return value === constant;
  if (typeof constant === "string") return String(value) === constant;
  if (typeof constant === "number") return typeof value === "string" && toNumberOrNull(value) === constant;
  // boolean constant: a keyword-ish "true"/"false" string
  return typeof value === "string" && value === String(constant);
}

/** Parses a numeric string strictly (no empty string, no trailing junk), else null. */
export function toNumberOrNull(s: string): number | null {
  if (s.trim() === "") return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/**
 * Orders two values for `< <= > >=`: numbers numerically, strings by UTF-16
 * code units (Java `compareTo`), a number against a numeric string
 * numerically (mapping coercion as in `equalsCoerced`). Null when the two
 * cannot be ordered, which makes the comparison false / null.
 */
export function compareScalars(a: EqlValue, b: EqlValue): number | null {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "number" && typeof b === "string") {
    const nb = toNumberOrNull(b);
    return nb === null ? null : compareScalars(a, nb);
  }
  if (typeof a === "string" && typeof b === "number") {
    const na = toNumberOrNull(a);
    return na === null ? null : compareScalars(na, b);
  }
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  return null;
}

/** Strict typed equality used by value-context `==` between two computed scalars. */
export function scalarsEqual(a: EqlValue, b: EqlValue): boolean {
  return a === b || (typeof a !== typeof b && equalsCoerced(a, b));
}

/**
 * The text form of a value, as ES `string()` and `concat` write it:
 * 42 -> "42", 42.5 -> "42.5", true -> "true".
 */
export function toEqlString(v: EqlValue): string {
  return typeof v === "string" ? v : String(v);
}
