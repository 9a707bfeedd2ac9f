import { foldClassOf, parseLuceneRegex, type LuceneRegex } from "../../eql/index.ts";

/**
 * `field regex~ "…"` on OpenSearch. Elasticsearch folds each literal
 * character of the pattern to all its case alternates (Lucene 10's
 * CaseFolding) and leaves classes as written; the engine does the same with
 * its per-code-point fold (src/eql/engine/lucene-regex.ts). OpenSearch 2.x's
 * `case_insensitive` regexp is Lucene 9's ASCII-only folding, exact only when
 * every literal's fold class is its ASCII pair. Otherwise the pattern is
 * written back with each cased literal as the class of its fold (`k` ->
 * `[kK\u212a]`), case-sensitive: the same language, still an automaton over
 * the terms dictionary. Returns null when the pattern does not parse (the
 * EQL checks report it).
 */
export function foldedLuceneRegexp(pattern: string): { readonly value: string; readonly caseInsensitive: boolean } | null {
  let ast: LuceneRegex;
  try {
    ast = parseLuceneRegex(pattern);
  } catch {
    return null;
  }
  if (literalsFoldAsAscii(ast)) return { value: pattern, caseInsensitive: true };
  return { value: write(ast), caseInsensitive: false };
}

function asciiPair(ch: string): boolean {
  return foldClassOf(ch).every((c) => c.charCodeAt(0) < 128);
}

function literalsFoldAsAscii(node: LuceneRegex): boolean {
  switch (node.kind) {
    case "char":
      return asciiPair(String.fromCodePoint(node.cp));
    case "string":
      return [...node.text].every(asciiPair);
    case "concat":
      return node.parts.every(literalsFoldAsAscii);
    case "union":
    case "intersection":
      return node.options.every(literalsFoldAsAscii);
    case "complement":
    case "repeat":
      return literalsFoldAsAscii(node.operand);
    default:
      return true;
  }
}

/** Lucene reads `\x` as the literal x for any x, so escaping every non-alphanumeric is safe. */
function escape(cp: number): string {
  const ch = String.fromCodePoint(cp);
  return /^[A-Za-z0-9]$/.test(ch) || cp > 127 ? ch : `\\${ch}`;
}

function literal(cp: number): string {
  const members = foldClassOf(String.fromCodePoint(cp));
  return members.length === 1 ? escape(cp) : `[${members.map((m) => escape(m.codePointAt(0)!)).join("")}]`;
}

function write(node: LuceneRegex): string {
  switch (node.kind) {
    case "char":
      return literal(node.cp);
    case "string":
      return [...node.text].map((c) => literal(c.codePointAt(0)!)).join("");
    case "any-char":
      return ".";
    case "any-string":
      return "@";
    case "empty-language":
      return "#";
    case "class":
      return `[${node.negated ? "^" : ""}${node.ranges.map(([a, b]) => (a === b ? escape(a) : `${escape(a)}-${escape(b)}`)).join("")}]`;
    case "interval": {
      if (node.digits > 0) return `<${String(node.min).padStart(node.digits, "0")}-${String(node.max).padStart(node.digits, "0")}>`;
      // Unequal written widths allow leading zeros; keep the widths unequal.
      const [lo, hi] = [String(node.min), String(node.max)];
      return `<${lo.length === hi.length ? `0${lo}` : lo}-${hi}>`;
    }
    case "concat":
      return node.parts.map((p) => (p.kind === "union" || p.kind === "intersection" ? `(${write(p)})` : write(p))).join("");
    case "union":
      return node.options.map(write).join("|");
    case "intersection":
      return node.options.map((o) => (o.kind === "union" ? `(${write(o)})` : write(o))).join("&");
    case "complement":
      return `~${group(node.operand)}`;
    case "repeat":
      return `${group(node.operand)}{${node.min},${node.max === Infinity ? "" : node.max}}`;
  }
}

/** `node` as the operand of a postfix or prefix operator: parenthesised unless it is one atom. */
function group(node: LuceneRegex): string {
  const atomic = ["char", "any-char", "any-string", "empty-language", "class", "interval"].includes(node.kind) || (node.kind === "string" && [...node.text].length === 1);
  return atomic ? write(node) : `(${write(node)})`;
}
