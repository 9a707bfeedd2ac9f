/**
 * Random regex patterns for the property tests that compare two regex back
 * ends (Lucene: lucene-regex, the OpenSearch fold rewrite; Java: the automaton):
 * atoms combined by quantifiers, concatenation and alternation, small and
 * shrinkable. One generator, so each test states only its atoms and syntax.
 */
import fc from "fast-check";

export interface PatternSyntax {
  /** Quantifiers put after a parenthesised sub-pattern. */
  readonly quantifiers?: readonly string[];
  /** How two sub-patterns are alternated: Lucene has only `(a|b)`, Java also `(?:a|b)`. */
  readonly group?: "capturing" | "non-capturing";
}

export function regexPatterns(atoms: readonly string[], syntax: PatternSyntax = {}): fc.Arbitrary<string> {
  const quantifiers = syntax.quantifiers ?? ["*", "+", "?", "{1,2}"];
  const open = syntax.group === "non-capturing" ? "(?:" : "(";
  return fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom(...atoms),
      fc.tuple(tie("node"), fc.constantFrom(...quantifiers)).map(([p, q]) => `(${p})${q}`),
      fc.tuple(tie("node"), tie("node")).map(([a, b]) => `${a}${b}`),
      fc.tuple(tie("node"), tie("node")).map(([a, b]) => `${open}${a}|${b})`),
    ),
  })).node as fc.Arbitrary<string>;
}
