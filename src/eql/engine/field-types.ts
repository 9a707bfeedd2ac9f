/**
 * What a mapped field's type does to values (mapping-aware semantics). ES
 * matches the INDEXED value, so a source value is first read the way the
 * field type indexes it (`index`), a query constant the way ES parses it
 * against that type (`constant`), and both are ordered by the type's order
 * (`compare`). Without a mapping none of this applies and values.ts's
 * inference (coercion by the constant's type) stays.
 */
import type { MappedField } from "../mapping.ts";
import { parseTimestampMillis } from "./event-record.ts";
import { compareVersions } from "./version-order.ts";
import { toNumberOrNull, type EqlValue } from "./values.ts";

export type FieldKind = "string" | "version" | "integer" | "float" | "boolean" | "date" | "other";

export interface FieldSemantics {
  readonly kind: FieldKind;
  /** The indexed value of one source value; undefined when ES would index nothing (malformed, over ignore_above). */
  index(v: EqlValue): EqlValue | undefined;
  /** A query constant read as this type; undefined when it cannot be one (ES would refuse the query). */
  constant(c: EqlValue): EqlValue | undefined;
  /** Orders two indexed values (null when they cannot be ordered). */
  compare(a: EqlValue, b: EqlValue): number | null;
}

const KINDS: Readonly<Record<string, FieldKind>> = {
  keyword: "string", constant_keyword: "string", wildcard: "string", ip: "string", text: "string", match_only_text: "string",
  version: "version",
  long: "integer", integer: "integer", short: "integer", byte: "integer", unsigned_long: "integer",
  double: "float", float: "float", half_float: "float", scaled_float: "float",
  boolean: "boolean",
  date: "date", date_nanos: "date",
};

const order = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);

function asNumber(v: EqlValue): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string") return toNumberOrNull(v) ?? undefined;
  return undefined;
}

function asBoolean(v: EqlValue): boolean | undefined {
  if (typeof v === "boolean") return v;
  // ES's boolean field accepts the strings "true", "false" and "" (false).
  if (v === "true") return true;
  if (v === "false" || v === "") return false;
  return undefined;
}

function stringSemantics(kind: "string" | "version", ignoreAbove: number | undefined): FieldSemantics {
  const text = (v: EqlValue): string => (typeof v === "string" ? v : String(v));
  return {
    kind,
    index(v) {
      const s = text(v);
      return ignoreAbove !== undefined && s.length > ignoreAbove ? undefined : s;
    },
    constant: text,
    compare: kind === "version" ? (a, b) => compareVersions(String(a), String(b)) : (a, b) => order(String(a), String(b)),
  };
}

const numeric = (a: EqlValue, b: EqlValue): number | null => (typeof a === "number" && typeof b === "number" ? order(a, b) : null);

const INTEGER: FieldSemantics = {
  kind: "integer",
  index(v) {
    // Integer fields coerce by default: "7" and 7.9 both index as 7.
    const n = asNumber(v);
    return n === undefined ? undefined : Math.trunc(n);
  },
  constant: asNumber,
  compare: numeric,
};

const FLOAT: FieldSemantics = { kind: "float", index: asNumber, constant: asNumber, compare: numeric };

const BOOLEAN: FieldSemantics = {
  kind: "boolean",
  index: asBoolean,
  constant: asBoolean,
  compare: (a, b) => (typeof a === "boolean" && typeof b === "boolean" ? order(Number(a), Number(b)) : null),
};

const DATE: FieldSemantics = {
  kind: "date",
  index: (v) => parseTimestampMillis(v) ?? undefined,
  constant: (c) => parseTimestampMillis(c) ?? undefined,
  compare: numeric,
};

const OTHER: FieldSemantics = { kind: "other", index: (v) => v, constant: (c) => c, compare: () => null };

/** The semantics of a mapped field's type. */
export function semanticsOf(field: MappedField): FieldSemantics {
  const kind = KINDS[field.type] ?? "other";
  switch (kind) {
    case "string":
    case "version":
      return stringSemantics(kind, field.ignoreAbove);
    case "integer":
      return INTEGER;
    case "float":
      return FLOAT;
    case "boolean":
      return BOOLEAN;
    case "date":
      return DATE;
    default:
      return OTHER;
  }
}

/** A date's indexed value as ES returns it in `join_keys` (ISO 8601, UTC, milliseconds). */
export function formatDateKey(millis: number): string {
  return new Date(millis).toISOString();
}
