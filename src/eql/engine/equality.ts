/**
 * Equality-type tests shared by `==`, `in`, `in~`, `:` and `like`: one value
 * against a list of constants, with mapping coercion (see values.ts) and the
 * case rules (`in~` folds case but never expands wildcards).
 */
import { foldCase } from "./case-fold.ts";
import { compileWildcard } from "./wildcard.ts";
import { javaRegexJsSource } from "./java-regex-js.ts";
import { compileRegexNfa, matchesNfa } from "./java-regex-nfa.ts";
import { compileLuceneRegex } from "./lucene-regex.ts";
import { equalsCoerced, toEqlString, type EqlScalar, type EqlValue } from "./values.ts";

export interface ValueTest {
  readonly test: (v: EqlValue) => boolean;
  /** A `null` constant in the list: the test also holds when the field has no value. */
  readonly matchesMissing: boolean;
}

/** Exact (or case-insensitive) equality with any of `constants`; wildcards are literal. */
export function compileEqualityTest(constants: readonly EqlScalar[], caseInsensitive: boolean): ValueTest {
  const present = constants.filter((c): c is EqlValue => c !== null);
  const matchesMissing = present.length < constants.length;
  const strings = present.filter((c): c is string => typeof c === "string");
  const others = present.filter((c) => typeof c !== "string");
  const folded = new Set(caseInsensitive ? strings.map(foldCase) : strings);
  const stringTest = caseInsensitive ? (s: string) => folded.has(foldCase(s)) : (s: string) => folded.has(s);
  const test = (v: EqlValue): boolean => {
    if (strings.length > 0 && stringTest(typeof v === "string" ? v : toEqlString(v))) return true;
    for (const c of others) if (equalsCoerced(v, c)) return true;
    return false;
  };
  return { test, matchesMissing };
}

/**
 * `like`/`like~`/`:`/`regex`/`regex~` against a list of pattern literals (any
 * one matching). Numbers and booleans are matched by their text (keyword
 * coercion). `:` with no wildcard is case-insensitive equality.
 * `regexFlavour` "lucene" is for fields (pushed down to Lucene); "java" for
 * computed values (ES runs those in a script with java.util.regex, which JS
 * RegExp approximates closely, including `\s`, `\d`, `\w`).
 */
/**
 * A Java-flavoured regex (computed values). Case-sensitive, JS RegExp has the
 * same syntax, and the same meaning for whole-string matches once `.` and `\s`
 * take Java's classes (java-regex-js.ts: `.` stops at line terminators there,
 * while on a field Lucene's `.` matches anything). `regex~` is Java's
 * CASE_INSENSITIVE without UNICODE_CASE, which folds ASCII letters only (in
 * classes too) and which no JS flag expresses (`i` folds every script): it
 * runs on the pattern's automaton (java-regex-nfa.ts); the few patterns with
 * no automaton (look-around, backreferences) keep JS's folding.
 */
function compileJavaRegex(pattern: string, caseInsensitive: boolean): (s: string) => boolean {
  const re = new RegExp(`^(?:${javaRegexJsSource(pattern)})$`, caseInsensitive ? "i" : "");
  if (caseInsensitive) {
    const nfa = compileRegexNfa(pattern, true);
    if (nfa.ok) return (s) => matchesNfa(nfa.nfa, s);
  }
  return (s) => re.test(s);
}

export function compilePatternTest(
  op: "like" | "regex",
  patterns: readonly EqlScalar[],
  caseInsensitive: boolean,
  regexFlavour: "lucene" | "java",
): ValueTest {
  const tests: ((s: string) => boolean)[] = [];
  const nonStrings: EqlScalar[] = [];
  for (const p of patterns) {
    if (typeof p !== "string") {
      nonStrings.push(p);
      continue;
    }
    if (op === "like") tests.push(compileWildcard(p, caseInsensitive));
    else if (regexFlavour === "lucene") tests.push(compileLuceneRegex(p, caseInsensitive));
    else tests.push(compileJavaRegex(p, caseInsensitive));
  }
  const equality = nonStrings.length > 0 ? compileEqualityTest(nonStrings, false) : undefined;
  const test = (v: EqlValue): boolean => {
    const s = typeof v === "string" ? v : toEqlString(v);
    for (const t of tests) if (t(s)) return true;
    return equality !== undefined && equality.test(v);
  };
  return { test, matchesMissing: equality?.matchesMissing ?? false };
}
