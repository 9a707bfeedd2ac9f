import { foldClassOf } from "../../eql/index.ts";

export { foldClassOf };

/**
 * Case-insensitive matching as EQL folds case, in an indexed query. The engine
 * (and Elasticsearch's EQL) fold per code point: upper case, then lower case,
 * one-to-one mappings only (src/eql/engine/case-fold.ts). So `:"i*"` matches
 * "İstanbul" and "ıd" (both fold to "i"), "K" (Kelvin sign) folds to "k" and
 * "ſ" to "s", and "Ä" matches "ä". OpenSearch's `case_insensitive` term,
 * prefix and wildcard queries fold ASCII letters only
 * (AutomatonQueries.toCaseInsensitiveChar), so for those they match less.
 * Folding is a code-point-to-code-point map, so "equal after folding" is
 * exactly "each code point lies in the class of code points with the same
 * fold": a Lucene `regexp` with one character class per letter, still an
 * automaton over the terms dictionary (no script).
 */

/** A match pattern: literal text, `*` (any run of code points) and `?` (one code point). */
export type FoldSegment = { readonly text: string } | "*" | "?";

/** True when Lucene's ASCII-only case folding is exact for every letter of `text`. */
export function foldsAsAscii(text: string): boolean {
  for (const ch of text) {
    if (!foldClassOf(ch).every((c) => c.charCodeAt(0) < 128)) return false;
  }
  return true;
}

/** Lucene RegExp treats `\x` as the literal x for any x; escaping every non-alphanumeric is always safe. */
function escapeRegexpChar(ch: string): string {
  return /^[A-Za-z0-9]$/.test(ch) || ch.codePointAt(0)! > 127 ? ch : `\\${ch}`;
}

const ASCII_LETTER = /^[A-Za-z]$/;

/** `a`/`A`: what Lucene's own case_insensitive flag already matches. */
function isAsciiCaseVariant(a: string, b: string): boolean {
  return ASCII_LETTER.test(a) && ASCII_LETTER.test(b) && a.toLowerCase() === b.toLowerCase();
}

/**
 * The Lucene regexp (flags ALL, `case_insensitive` on, which folds the ASCII
 * letters) matching exactly the values equal to the segments after folding:
 * a letter whose class has non-ASCII members becomes a class of them plus
 * itself (`i` -> `[iİı]`, `ä` -> `[äÄ]`).
 */
export function foldRegexp(segments: readonly FoldSegment[]): string {
  let out = "";
  for (const segment of segments) {
    if (segment === "*") out += ".*";
    else if (segment === "?") out += ".";
    else {
      for (const ch of segment.text) {
        const members = [ch, ...foldClassOf(ch).filter((c) => c !== ch && !isAsciiCaseVariant(c, ch))];
        out += members.length === 1 ? escapeRegexpChar(ch) : `[${members.map(escapeRegexpChar).join("")}]`;
      }
    }
  }
  return out;
}

/** EQL `like~`/`:` pattern -> segments (`*`, `?` are wildcards; there is no escape). */
export function wildcardSegments(pattern: string): FoldSegment[] {
  const out: FoldSegment[] = [];
  let text = "";
  for (const ch of pattern) {
    if (ch === "*" || ch === "?") {
      if (text) out.push({ text });
      text = "";
      out.push(ch);
    } else text += ch;
  }
  if (text) out.push({ text });
  return out;
}

/** `index.max_regex_length` default: a longer regexp fails the search. */
export const MAX_REGEX_LENGTH = 1000;
