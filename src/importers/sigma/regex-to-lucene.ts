/**
 * Sigma `re` values (PCRE / Python syntax, unanchored search) -> Lucene
 * RegExp (anchored whole-value match), the syntax EQL's `regex` runs on a
 * field. Translates what has an exact Lucene form (`\d`, `\w`, `\s`, lazy
 * quantifiers, non-capturing groups, `^`/`$` at the ends) and refuses the
 * rest (look-around, back-references, word boundaries, inner anchors) with
 * the construct named, rather than emitting a regex that means something else.
 */
export type LuceneRegexResult = { readonly ok: true; readonly regex: string; readonly caseInsensitive: boolean } | { readonly ok: false; readonly reason: string };

const SPACE = " \t\n\r\f\v";
const CLASS_ESCAPES: Record<string, string> = { d: "0-9", w: "a-zA-Z0-9_", s: SPACE.split("").map(escapeLiteral).join("") };
// Lucene RegExp operators that are plain characters in PCRE.
const LUCENE_ONLY = new Set(["@", "#", "&", "~", "<", ">", '"']);

function escapeLiteral(c: string): string {
  return /[A-Za-z0-9_ ]/.test(c) || c.charCodeAt(0) > 127 ? c : `\\${c}`;
}

export function translateRegex(pattern: string, flags: readonly string[]): LuceneRegexResult {
  let caseInsensitive = flags.includes("i");
  let p = pattern;
  const inline = /^\(\?([imsx]+)\)/.exec(p);
  if (inline) {
    if (inline[1]!.includes("x")) return { ok: false, reason: "the verbose regex flag (?x) has no Lucene form" };
    if (inline[1]!.includes("i")) caseInsensitive = true;
    if (inline[1]!.includes("m")) flags = [...flags, "m"];
    p = p.slice(inline[0].length);
  }
  let anchoredStart = false;
  let anchoredEnd = false;
  if (p.startsWith("^")) {
    anchoredStart = true;
    p = p.slice(1);
  }
  if (p.endsWith("$") && !p.endsWith("\\$")) {
    anchoredEnd = true;
    p = p.slice(0, -1);
  }
  if ((anchoredStart || anchoredEnd) && flags.includes("m")) return { ok: false, reason: "`^`/`$` with the multi-line flag match at line breaks, which Lucene cannot express" };
  const out: string[] = [];
  let depth = 0;
  let topLevelAlternation = false;
  // Lucene reads `(a|)` as `(a|\))...` and fails with "expected ')'": an
  // empty alternative must be written as the empty group `()`.
  let branchEmpty = true;
  const closeBranch = (): void => {
    if (branchEmpty) out.push("()");
  };
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "|") {
      closeBranch();
      if (depth === 0) topLevelAlternation = true;
      out.push("|");
      branchEmpty = true;
      continue;
    }
    if (c === ")") {
      closeBranch();
      if (--depth < 0) return { ok: false, reason: "unbalanced parentheses in the regex" };
      out.push(")");
      branchEmpty = false;
      continue;
    }
    branchEmpty = c === "(";
    if (c === "\\") {
      const next = p[i + 1];
      if (next === undefined) return { ok: false, reason: "the regex ends with a lone backslash" };
      i++;
      if (next in CLASS_ESCAPES) out.push(`[${CLASS_ESCAPES[next]}]`);
      else if (next === "D" || next === "W" || next === "S") out.push(`[^${CLASS_ESCAPES[next.toLowerCase()]}]`);
      else if (next === "b" || next === "B") return { ok: false, reason: "word boundaries (\\b) have no Lucene form" };
      else if (/[1-9]/.test(next)) return { ok: false, reason: "back-references have no Lucene form" };
      else if (next === "A" || next === "Z" || next === "z" || next === "G") return { ok: false, reason: `the anchor \\${next} has no Lucene form inside a pattern` };
      else if (next === "n" || next === "t" || next === "r" || next === "f" || next === "v") out.push(escapeLiteral(({ n: "\n", t: "\t", r: "\r", f: "\f", v: "\v" } as Record<string, string>)[next]!));
      else if (next === "x" && /^[0-9a-fA-F]{2}$/.test(p.slice(i + 1, i + 3))) {
        out.push(escapeLiteral(String.fromCharCode(parseInt(p.slice(i + 1, i + 3), 16))));
        i += 2;
      } else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(p.slice(i + 1, i + 5))) {
        out.push(escapeLiteral(String.fromCharCode(parseInt(p.slice(i + 1, i + 5), 16))));
        i += 4;
      } else if (/[A-Za-z]/.test(next)) return { ok: false, reason: `the regex escape \\${next} has no Lucene form` };
      else out.push(`\\${next}`);
      continue;
    }
    if (c === "[") {
      const cls = translateClass(p, i);
      if (!cls.ok) return cls;
      out.push(cls.text);
      i = cls.end;
      continue;
    }
    if (c === "(") {
      if (p[i + 1] === "?") {
        const rest = p.slice(i + 2);
        if (rest.startsWith(":")) i += 2;
        else if (rest.startsWith("P<") || (rest.startsWith("<") && !rest.startsWith("<=") && !rest.startsWith("<!"))) i = p.indexOf(">", i);
        else return { ok: false, reason: "look-around and inline-flag groups have no Lucene form" };
      }
      depth++;
      out.push("(");
      continue;
    }
    if (c === "^" || c === "$") return { ok: false, reason: `an anchor (${c}) inside the pattern has no Lucene form` };
    if ((c === "*" || c === "+" || c === "?" || c === "}") && p[i + 1] === "?") {
      // A lazy quantifier changes which match is found, not whether one exists.
      out.push(c);
      i++;
      continue;
    }
    if ((c === "*" || c === "+" || c === "?" || c === "}") && p[i + 1] === "+") return { ok: false, reason: "possessive quantifiers have no Lucene form" };
    if (LUCENE_ONLY.has(c)) out.push(`\\${c}`);
    else out.push(c);
  }
  if (depth !== 0) return { ok: false, reason: "unbalanced parentheses in the regex" };
  if (topLevelAlternation) closeBranch();
  let body = out.join("");
  if (topLevelAlternation && (anchoredStart || anchoredEnd)) return { ok: false, reason: "an anchor next to a top-level alternation binds to one branch only; rewrite it as ^(a|b)$" };
  if (topLevelAlternation) body = `(${body})`;
  return { ok: true, regex: `${anchoredStart ? "" : ".*"}${body}${anchoredEnd ? "" : ".*"}`, caseInsensitive };
}

function translateClass(p: string, start: number): { ok: true; text: string; end: number } | { ok: false; reason: string } {
  let i = start + 1;
  let text = "[";
  if (p[i] === "^") {
    text += "^";
    i++;
  }
  if (p[i] === "]") {
    text += "\\]";
    i++;
  }
  for (; i < p.length; i++) {
    const c = p[i]!;
    if (c === "]") return { ok: true, text: `${text}]`, end: i };
    if (c === "[") {
      if (p[i + 1] === ":") return { ok: false, reason: "POSIX classes ([:alpha:]) have no Lucene form" };
      text += "\\[";
      continue;
    }
    if (c === "\\") {
      const next = p[++i];
      if (next === undefined) break;
      if (next in CLASS_ESCAPES) text += CLASS_ESCAPES[next];
      else if (next === "D" || next === "W" || next === "S") return { ok: false, reason: `a negated class escape (\\${next}) inside [...] has no Lucene form` };
      else if (next === "n" || next === "t" || next === "r") text += ({ n: "\n", t: "\t", r: "\r" } as Record<string, string>)[next];
      else if (next === "x" && /^[0-9a-fA-F]{2}$/.test(p.slice(i + 1, i + 3))) {
        text += escapeLiteral(String.fromCharCode(parseInt(p.slice(i + 1, i + 3), 16)));
        i += 2;
      } else if (/[A-Za-z]/.test(next)) return { ok: false, reason: `the regex escape \\${next} has no Lucene form` };
      else text += `\\${next}`;
      continue;
    }
    text += LUCENE_ONLY.has(c) ? `\\${c}` : c;
  }
  return { ok: false, reason: "an unterminated [...] class in the regex" };
}
