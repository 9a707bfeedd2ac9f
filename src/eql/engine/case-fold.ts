/**
 * Case folding for the case-insensitive operators (`:`, `like~`, `in~`,
 * `regex~`, `fn~`). ES folds with Java's per-character `Character.toUpperCase`
 * then `toLowerCase` (simple, one-to-one mappings). JavaScript only exposes the
 * full (sometimes one-to-many) mappings, so a mapping that changes the number
 * of code points is ignored, which is what Java's simple mapping does (for
 * example `ß` stays `ß`; `İ` lowers to `i`).
 */

const ASCII = /^[\x00-\x7f]*$/;
const cache = new Map<string, string>();

function foldCodePoint(ch: string): string {
  const hit = cache.get(ch);
  if (hit !== undefined) return hit;
  const upperFull = ch.toUpperCase();
  const upper = [...upperFull].length === 1 ? upperFull : ch;
  const lowerFull = upper.toLowerCase();
  // U+0130 lowers to "i" + combining dot in JS; Java's simple mapping gives "i".
  const folded = [...lowerFull].length === 1 ? lowerFull : upper === "\u0130" ? "i" : upper;
  cache.set(ch, folded);
  return folded;
}

/** Returns `s` folded so that two strings are equal ignoring case iff their folds are equal. */
export function foldCase(s: string): string {
  if (ASCII.test(s)) return s.toLowerCase();
  let out = "";
  for (const ch of s) out += foldCodePoint(ch);
  return out;
}
