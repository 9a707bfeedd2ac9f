/**
 * The string functions of Elastic EQL over scalars (C.8). Every function gets
 * already-evaluated arguments; a null argument gives null unless noted. `ci`
 * is the `~` variant (case-insensitive, Java-style folding).
 */
import { foldCase } from "./case-fold.ts";
import { toEqlString, type EqlScalar } from "./values.ts";

const str = (v: EqlScalar): string | null => (v === null ? null : toEqlString(v));
const int = (v: EqlScalar): number | null => (typeof v === "number" ? Math.trunc(v) : null);

/**
 * Text after the first `left` and before the next `right` (greedy: the last
 * `right`). Empty `left` means "from the start". Not found gives `""`, as the
 * Elastic docs say (the ES/Endgame fold tests leave null; `length(…) > 0` is
 * false either way).
 */
export function between(src: EqlScalar, left: EqlScalar, right: EqlScalar, greedy: EqlScalar, ci: boolean): EqlScalar {
  const s0 = str(src), l0 = str(left), r0 = str(right);
  if (s0 === null || l0 === null || r0 === null) return null;
  const [s, l, r] = ci ? [foldCase(s0), foldCase(l0), foldCase(r0)] : [s0, l0, r0];
  const leftAt = s.indexOf(l);
  if (leftAt < 0) return "";
  const start = leftAt + l.length;
  const end = greedy === true ? s.lastIndexOf(r) : s.indexOf(r, start);
  if (end < start) return "";
  // Indexes come from the folded text; folding keeps lengths for all but rare astral cases.
  return s0.slice(start, end);
}

export function startsWith(src: EqlScalar, sub: EqlScalar, ci: boolean): EqlScalar {
  const s = str(src), p = str(sub);
  if (s === null || p === null) return null;
  return ci ? foldCase(s).startsWith(foldCase(p)) : s.startsWith(p);
}

export function endsWith(src: EqlScalar, sub: EqlScalar, ci: boolean): EqlScalar {
  const s = str(src), p = str(sub);
  if (s === null || p === null) return null;
  return ci ? foldCase(s).endsWith(foldCase(p)) : s.endsWith(p);
}

/** Empty `sub` gives false, as the Elastic docs say (Java `contains` would say true): to verify on a cluster. */
export function stringContains(src: EqlScalar, sub: EqlScalar, ci: boolean): EqlScalar {
  const s = str(src), p = str(sub);
  if (s === null || p === null) return null;
  if (p === "") return false;
  return ci ? foldCase(s).includes(foldCase(p)) : s.includes(p);
}

/** 0-based first position at or after `start` (negative start is 0); null if not found or start is past the end. */
export function indexOf(src: EqlScalar, sub: EqlScalar, start: EqlScalar, ci: boolean): EqlScalar {
  const s0 = str(src), p0 = str(sub);
  const from = start === undefined ? 0 : int(start);
  if (s0 === null || p0 === null || from === null) return null;
  const at = Math.max(from, 0);
  if (at > s0.length) return null;
  const [s, p] = ci ? [foldCase(s0), foldCase(p0)] : [s0, p0];
  const found = s.indexOf(p, at);
  return found < 0 ? null : found;
}

/** Length in UTF-16 code units, as Java's `String.length()`. */
export function length(src: EqlScalar): EqlScalar {
  const s = str(src);
  return s === null ? null : s.length;
}

/**
 * Python-style slice: negative indexes count from the end, end exclusive,
 * out-of-range indexes clamp. A null start means 0 and a null end the length
 * (the one exception to "null in, null out").
 */
export function substring(src: EqlScalar, start: EqlScalar, end: EqlScalar | undefined): EqlScalar {
  const s = str(src);
  if (s === null) return null;
  const n = s.length;
  const clamp = (i: number): number => (i < 0 ? Math.max(n + i, 0) : Math.min(i, n));
  const a = clamp(int(start) ?? 0);
  const b = end === undefined || end === null ? n : clamp(int(end) ?? n);
  return a >= b ? "" : s.slice(a, b);
}

/** Concatenation; non-strings written as `string()` does; any null gives null. */
export function concat(args: readonly EqlScalar[]): EqlScalar {
  let out = "";
  for (const a of args) {
    if (a === null) return null;
    out += toEqlString(a);
  }
  return out;
}

export function toStringValue(v: EqlScalar): EqlScalar {
  return str(v);
}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a number. Surrounding whitespace and a sign are accepted; `0x` means
 * base 16 even when `base` is null. Invalid input gives null (ES leaves this
 * unspecified; null keeps a filter from matching instead of failing the search).
 */
export function toNumber(src: EqlScalar, base: EqlScalar | undefined): EqlScalar {
  if (typeof src !== "string") return null;
  let text = src.trim();
  let radix = base === undefined || base === null ? null : int(base);
  let sign = 1;
  if (text.startsWith("+") || text.startsWith("-")) {
    sign = text.startsWith("-") ? -1 : 1;
    text = text.slice(1);
  }
  if (/^0[xX]/.test(text) && (radix === null || radix === 16)) {
    text = text.slice(2);
    radix = 16;
  }
  if (radix !== null) {
    if (radix < 2 || radix > 36 || text === "") return null;
    const digits = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, radix);
    if (![...text.toLowerCase()].every((c) => digits.includes(c))) return null;
    return sign * parseInt(text, radix);
  }
  if (INT.test(text)) return sign * Number(text);
  if (FLOAT.test(text)) return sign * Number(text);
  return null;
}
