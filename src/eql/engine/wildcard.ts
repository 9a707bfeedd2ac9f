/**
 * Wildcard patterns for `:`, `like` and `like~`: `*` is any run of characters
 * (including none), `?` exactly one character (code point), everything else
 * literal. There is NO escape: a backslash is an ordinary character, so
 * `"C:\\Windows\\*"` (the text `C:\Windows\*`) matches everything under
 * `C:\Windows\`. Matching always covers the whole string.
 */
import { foldCase } from "./case-fold.ts";

export type StringTest = (s: string) => boolean;

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/g;

/** True if the text contains a wildcard character (turns `:` from equality into a wildcard match). */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

/** Star-only patterns: prefix, middle parts in order, suffix; greedy leftmost is exact for `*`. */
function compileStars(parts: readonly string[]): StringTest {
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((p) => p !== "");
  const minLength = parts.reduce((n, p) => n + p.length, 0);
  if (middle.length === 0) {
    if (first === "" && last === "") return () => true;
    return (s) => s.length >= minLength && s.startsWith(first) && s.endsWith(last);
  }
  return (s) => {
    if (s.length < minLength || !s.startsWith(first) || !s.endsWith(last)) return false;
    let at = first.length;
    const end = s.length - last.length;
    for (const part of middle) {
      const found = s.indexOf(part, at);
      if (found < 0 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}

function compileCaseSensitive(pattern: string): StringTest {
  if (!hasWildcard(pattern)) return (s) => s === pattern;
  if (!pattern.includes("?")) return compileStars(pattern.split("*"));
  const source = pattern.replace(REGEX_SPECIAL, (c) => (c === "*" ? ".*" : c === "?" ? "." : "\\" + c));
  // `s` so `?`/`*` cross newlines, `u` so `?` is one code point as in Lucene.
  const re = new RegExp(`^(?:${source})$`, "su");
  return (s) => re.test(s);
}

/** Compiles a wildcard pattern into a whole-string test. */
export function compileWildcard(pattern: string, caseInsensitive: boolean): StringTest {
  if (!caseInsensitive) return compileCaseSensitive(pattern);
  const test = compileCaseSensitive(foldCase(pattern));
  return (s) => test(foldCase(s));
}
