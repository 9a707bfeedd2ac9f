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

/** fold -> every code point with that fold, built once on first use. */
let classes: Map<string, string[]> | undefined;

/** Cased scripts all lie below U+20000 (Latin … Adlam); beyond it nothing changes under case mapping. */
const LAST_CASED_CODE_POINT = 0x1ffff;

function foldClasses(): Map<string, string[]> {
  if (classes) return classes;
  const changes = /\p{Changes_When_Casemapped}/u;
  const map = new Map<string, string[]>();
  for (let cp = 0; cp <= LAST_CASED_CODE_POINT; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    if (!changes.test(ch)) continue;
    const folded = foldCase(ch);
    const list = map.get(folded) ?? [folded];
    if (!list.includes(ch)) list.push(ch);
    map.set(folded, list);
  }
  classes = map;
  return map;
}

/** Every code point that folds like `ch` (at least `ch` itself): what a case-insensitive literal `ch` matches. */
export function foldClassOf(ch: string): string[] {
  const folded = foldCase(ch);
  const list = foldClasses().get(folded) ?? [folded];
  return list.includes(ch) ? list : [...list, ch];
}
