/**
 * A JS RegExp source that means what a java.util.regex pattern means, for
 * `regex` over computed values. Elasticsearch compiles those patterns with
 * `Pattern.compile(p)` (no DOTALL, no UNICODE_CHARACTER_CLASS; QL's
 * RegexProcessor) and tests `matcher(s).matches()`. JS agrees on the syntax
 * but not on two classes, which are rewritten here:
 *  - `.` stops at Java's line terminators (\n, \r, \u0085, \u2028, \u2029);
 *    JS without the `s` flag forgets \u0085, with it stops at nothing;
 *  - `\s` is ASCII in Java ([ \t\n\x0B\f\r]); JS adds the Unicode spaces.
 * On a plain field the pattern is a Lucene RegexpQuery instead, where `.`
 * matches anything (lucene-regex.ts). java-regex-nfa.ts builds the same
 * classes into the automaton the OpenSearch target walks.
 */
import { RegExpParser, visitRegExpAST } from "@eslint-community/regexpp";

/** Java's line terminators, which `.` does not match without DOTALL. */
export const JAVA_LINE_TERMINATORS: readonly number[] = [0x0a, 0x0d, 0x85, 0x2028, 0x2029];

/** Java's `\s` without UNICODE_CHARACTER_CLASS: tab, \n, \x0B, \f, \r and space. */
export const JAVA_SPACE_RANGES: readonly (readonly [number, number])[] = [[9, 13], [32, 32]];

const DOT = "[^\\n\\r\\u0085\\u2028\\u2029]";
const SPACE_IN_CLASS = "\\t-\\r ";
// `\S` inside a class: every code unit but Java's spaces, as class ranges.
const NON_SPACE_IN_CLASS = "\\0-\\x08\\x0e-\\x1f!-\\uffff";

/**
 * The JS source of `pattern` with Java's `.` and `\s`/`\S`; the pattern
 * unchanged when regexpp cannot parse it (the caller's RegExp then reports it).
 */
export function javaRegexJsSource(pattern: string): string {
  let ast;
  try {
    ast = new RegExpParser({ ecmaVersion: 2024, strict: false }).parsePattern(pattern, 0, pattern.length, { unicode: false, unicodeSets: false });
  } catch {
    return pattern;
  }
  const edits: { start: number; end: number; text: string }[] = [];
  visitRegExpAST(ast, {
    onCharacterSetEnter(node) {
      const inClass = node.parent.type === "CharacterClass";
      if (node.kind === "any") edits.push({ start: node.start, end: node.end, text: DOT });
      else if (node.kind === "space") {
        const text = inClass ? (node.negate ? NON_SPACE_IN_CLASS : SPACE_IN_CLASS) : node.negate ? `[^${SPACE_IN_CLASS}]` : `[${SPACE_IN_CLASS}]`;
        edits.push({ start: node.start, end: node.end, text });
      }
    },
  });
  let out = "";
  let at = 0;
  for (const e of edits.sort((a, b) => a.start - b.start)) {
    out += pattern.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + pattern.slice(at);
}
