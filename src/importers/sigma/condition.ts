/**
 * Sigma's condition grammar: `and`, `or`, `not` (not > and > or), parentheses,
 * detection names, and the quantifiers `1 of x*`, `all of x*`, `1 of them`,
 * `all of them` (`any of` is read as `1 of`). Names in a quantifier may end in
 * `*`; `them` skips detections whose name starts with `_`, as the
 * specification says. Errors give the column inside the condition.
 */
export type ConditionNode =
  | { readonly kind: "and" | "or"; readonly args: readonly ConditionNode[] }
  | { readonly kind: "not"; readonly arg: ConditionNode }
  | { readonly kind: "ref"; readonly name: string; readonly offset: number }
  | { readonly kind: "of"; readonly quantifier: "one" | "all"; readonly pattern: string; readonly offset: number };

export type ConditionResult = { readonly ok: true; readonly value: ConditionNode } | { readonly ok: false; readonly message: string; readonly offset: number };

interface Token {
  readonly text: string;
  readonly offset: number;
}

function tokenize(text: string): Token[] | { message: string; offset: number } {
  const tokens: Token[] = [];
  const re = /\s+|\(|\)|[A-Za-z0-9_*.\-]+|./gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (/^\s+$/.test(m[0])) continue;
    if (!/^[()]$|^[A-Za-z0-9_*.\-]+$/.test(m[0])) return { message: `Unexpected character "${m[0]}" in the condition`, offset: m.index };
    tokens.push({ text: m[0], offset: m.index });
  }
  return tokens;
}

export function parseCondition(text: string): ConditionResult {
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) return { ok: false, ...tokens };
  let pos = 0;
  const peek = () => tokens[pos];
  const lower = (t: Token | undefined) => t?.text.toLowerCase();
  class ParseError extends Error {
    constructor(message: string, readonly offset: number) {
      super(message);
    }
  }
  const fail = (message: string, t: Token | undefined): never => {
    throw new ParseError(message, t?.offset ?? text.length);
  };
  const parseOr = (): ConditionNode => {
    const args = [parseAnd()];
    while (lower(peek()) === "or") {
      pos++;
      args.push(parseAnd());
    }
    return args.length === 1 ? args[0]! : { kind: "or", args };
  };
  const parseAnd = (): ConditionNode => {
    const args = [parseNot()];
    while (lower(peek()) === "and") {
      pos++;
      args.push(parseNot());
    }
    return args.length === 1 ? args[0]! : { kind: "and", args };
  };
  const parseNot = (): ConditionNode => {
    if (lower(peek()) === "not") {
      pos++;
      return { kind: "not", arg: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): ConditionNode => {
    const t = peek();
    if (t === undefined) return fail("The condition ends where a detection name or `(` was expected", t);
    if (t.text === "(") {
      pos++;
      const inner = parseOr();
      if (peek()?.text !== ")") fail("Expected `)`", peek());
      pos++;
      return inner;
    }
    const word = t.text.toLowerCase();
    if (word === "1" || word === "all" || word === "any") {
      const ofToken = tokens[pos + 1];
      if (lower(ofToken) === "of") {
        const target = tokens[pos + 2];
        if (target === undefined || target.text === "(" || target.text === ")") return fail("Expected a detection name, a name with `*`, or `them` after `of`", target);
        pos += 3;
        return { kind: "of", quantifier: word === "all" ? "all" : "one", pattern: target.text, offset: t.offset };
      }
    }
    if (/^[0-9]+$/.test(word) && lower(tokens[pos + 1]) === "of") return fail(`Only "1 of" and "all of" are Sigma quantifiers, not "${t.text} of"`, t);
    if (["and", "or", "not", "of", ")", "|"].includes(word)) return fail(`Unexpected \`${t.text}\``, t);
    pos++;
    return { kind: "ref", name: t.text, offset: t.offset };
  };
  try {
    if (tokens.length === 0) return { ok: false, message: "The condition is empty", offset: 0 };
    const node = parseOr();
    if (pos < tokens.length) fail(`Unexpected \`${tokens[pos]!.text}\` after a complete condition`, tokens[pos]);
    return { ok: true, value: node };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, message: e.message, offset: e.offset };
    throw e;
  }
}

/** The detection names a quantifier pattern selects, in rule order. */
export function selectDetections(pattern: string, names: readonly string[]): string[] {
  if (pattern === "them") return names.filter((n) => !n.startsWith("_"));
  if (!pattern.includes("*")) return names.filter((n) => n === pattern);
  const re = new RegExp(`^${pattern.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\-]/g, "\\$&")).join(".*")}$`);
  return names.filter((n) => re.test(n));
}
