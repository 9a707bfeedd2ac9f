/**
 * EQL lexer: query text -> tokens with offsets. Hand-written (not chevrotain)
 * because several Elastic rules are contextual at the character level: `~`
 * counts only when glued to the name before it, `"""raw"""` strings take up to
 * two extra closing quotes, block comments nest, and single-quoted / `?"…"`
 * strings must be lexed in full so the error can point at them with a hint.
 * Lexing problems do not throw: they become `invalid` tokens that the parser
 * reports when it reaches them, so errors stay in left-to-right order.
 */

export type TokenKind =
  | "ident" // identifier or function name (a glued `~` sets `tilde`)
  | "keyword" // lowercase reserved word, including `in~`, `like~`, `regex~`
  | "quoted-ident" // `back ticked`, value has doubled backticks collapsed
  | "string" // "…" or """…""", value is the decoded text
  | "long"
  | "double"
  | "punct"
  | "invalid" // a lexing error; `message` and `code` say what
  | "eof";

export interface Token {
  readonly kind: TokenKind;
  /** Source slice (for punct and keywords, the operator itself). */
  readonly text: string;
  /** Decoded value: identifier name, string contents or number. */
  readonly value: string | number;
  readonly start: number;
  readonly end: number;
  /** Identifier written with a directly attached `~` (`startsWith~`). */
  readonly tilde?: boolean;
  /** Integer literal that does not fit a signed 64-bit long (becomes a double). */
  readonly overflow?: boolean;
  readonly message?: string;
  readonly code?: string;
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  "and", "any", "by", "false", "in", "join", "like", "maxspan", "not", "null", "of", "or",
  "regex", "sample", "sequence", "true", "until", "where", "with",
]);

/** Keywords that take a glued `~` to become their case-insensitive variant. */
const TILDE_KEYWORDS: ReadonlySet<string> = new Set(["in", "like", "regex"]);

const TWO_CHAR_PUNCT: ReadonlySet<string> = new Set(["==", "!=", "<=", ">=", "!["]);
const ONE_CHAR_PUNCT = "()[],.|:<>=+-*/%?~";

const LONG_MAX = 9223372036854775807n;

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 64;
}
function isIdentPart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "'": "'", "\\": "\\",
};

/** Splits `text` into tokens; the last token is always `eof`. */
export function tokenizeEql(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  const invalid = (start: number, end: number, message: string, code = "eql/syntax"): Token => ({
    kind: "invalid", text: text.slice(start, end), value: "", start, end, message, code,
  });

  while (i < n) {
    const c = text.charCodeAt(i);
    // whitespace: space, tab, CR, LF
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const start = i;
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      // ES defines block comments recursively, so they nest.
      let depth = 0;
      while (i < n) {
        if (text.startsWith("/*", i)) {
          depth++;
          i += 2;
        } else if (text.startsWith("*/", i)) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      if (depth !== 0) {
        tokens.push(invalid(start, start + 2, "Unterminated block comment [/*]"));
        break;
      }
      continue;
    }
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      const word = text.slice(start, i);
      const glued = text.charCodeAt(i) === 126; // '~'
      if (KEYWORDS.has(word)) {
        if (glued && TILDE_KEYWORDS.has(word)) {
          i++;
          tokens.push({ kind: "keyword", text: word + "~", value: word + "~", start, end: i });
        } else tokens.push({ kind: "keyword", text: word, value: word, start, end: i });
      } else if (glued) {
        i++;
        tokens.push({ kind: "ident", text: word + "~", value: word, start, end: i, tilde: true });
      } else tokens.push({ kind: "ident", text: word, value: word, start, end: i });
      continue;
    }
    if (c === 96) {
      tokens.push(lexQuotedIdent(text, start));
      i = tokens[tokens.length - 1]!.end;
      continue;
    }
    if (c === 34) {
      const tok = text.startsWith('"""', start) ? lexRawString(text, start) : lexString(text, start);
      tokens.push(tok);
      i = tok.end;
      continue;
    }
    if (c === 39 || (c === 63 && (text.charCodeAt(i + 1) === 34 || text.charCodeAt(i + 1) === 39))) {
      const tok = lexForeignString(text, start);
      tokens.push(tok);
      i = tok.end;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const tok = lexNumber(text, start);
      tokens.push(tok);
      i = tok.end;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_PUNCT.has(two)) {
      tokens.push({ kind: "punct", text: two, value: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if (ONE_CHAR_PUNCT.includes(text[i]!)) {
      tokens.push({ kind: "punct", text: text[i]!, value: text[i]!, start, end: i + 1 });
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const shown = String.fromCodePoint(cp);
    const hint = shown === "!" ? "; use [not] or [!=]" : shown === "&" || shown === "&&" ? "; use [and]" : "";
    tokens.push(invalid(start, i + width, `Unexpected character [${shown}]${hint}`));
    i += width;
  }
  tokens.push({ kind: "eof", text: "", value: "", start: n, end: n });
  return tokens;
}

function lexQuotedIdent(text: string, start: number): Token {
  let i = start + 1;
  let value = "";
  for (;;) {
    const close = text.indexOf("`", i);
    if (close < 0) {
      return { kind: "invalid", text: text.slice(start), value: "", start, end: text.length, message: "Unterminated quoted identifier", code: "eql/syntax" };
    }
    value += text.slice(i, close);
    if (text.charCodeAt(close + 1) === 96) {
      value += "`";
      i = close + 2;
      continue;
    }
    const end = close + 1;
    if (value === "") {
      return { kind: "invalid", text: "``", value: "", start, end, message: "Empty quoted identifier [``]", code: "eql/syntax" };
    }
    return { kind: "quoted-ident", text: text.slice(start, end), value, start, end };
  }
}

function lexString(text: string, start: number): Token {
  let i = start + 1;
  let value = "";
  const bad = (end: number, message: string, from = start): Token => ({
    kind: "invalid", text: text.slice(from, end), value: "", start: from, end, message, code: "eql/string-escape",
  });
  for (;;) {
    if (i >= text.length) return { ...bad(text.length, "Unterminated string"), code: "eql/syntax" };
    const ch = text[i]!;
    if (ch === '"') return { kind: "string", text: text.slice(start, i + 1), value, start, end: i + 1 };
    if (ch === "\n" || ch === "\r") {
      return { ...bad(i, 'Unterminated string: strings cannot span lines (use "\\n")'), code: "eql/syntax" };
    }
    if (ch !== "\\") {
      value += ch;
      i++;
      continue;
    }
    const esc = text[i + 1];
    if (esc !== undefined && SIMPLE_ESCAPES[esc] !== undefined) {
      value += SIMPLE_ESCAPES[esc];
      i += 2;
      continue;
    }
    if (esc === "u") {
      const m = /^\\u\{([0-9A-Fa-f]*)\}/.exec(text.slice(i, i + 13));
      const hex = m?.[1];
      if (hex === undefined || hex.length < 2 || hex.length > 8 || !Array.from(hex).every((h) => isHex(h.charCodeAt(0)))) {
        return bad(i + 2, "Invalid unicode escape: use \\u{H…} with 2 to 8 hex digits", i);
      }
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) return bad(i + m![0].length, `Invalid unicode code point [${hex}]`, i);
      value += String.fromCodePoint(cp);
      i += m![0].length;
      continue;
    }
    const shown = esc === undefined ? "\\" : `\\${esc}`;
    return bad(
      Math.min(i + 2, text.length),
      `Illegal escape sequence [${shown}]: only \\b \\t \\n \\f \\r \\" \\' \\\\ and \\u{…} are allowed; write a literal backslash as [\\\\] or use a """raw""" string`,
      i,
    );
  }
}

/** `"""…"""`: no escapes, one line, up to two extra `"` belong to the content. */
function lexRawString(text: string, start: number): Token {
  const from = start + 3;
  const close = text.indexOf('"""', from);
  const eol = text.slice(from).search(/[\r\n]/);
  if (close < 0 || (eol >= 0 && from + eol < close)) {
    return { kind: "invalid", text: '"""', value: "", start, end: start + 3, message: 'Unterminated raw string: """…""" must close on the same line', code: "eql/syntax" };
  }
  let end = close + 3;
  let extra = 0;
  while (extra < 2 && text.charCodeAt(end) === 34) {
    end++;
    extra++;
  }
  const value = text.slice(from, close) + '"'.repeat(extra);
  return { kind: "string", text: text.slice(start, end), value, start, end };
}

/** Single-quoted and Endgame `?"…"` strings: lexed whole so the error covers them. */
function lexForeignString(text: string, start: number): Token {
  const endgame = text[start] === "?";
  const quote = text[endgame ? start + 1 : start]!;
  let i = endgame ? start + 2 : start + 1;
  while (i < text.length && text[i] !== quote && text[i] !== "\n") i += text[i] === "\\" && !endgame ? 2 : 1;
  const end = Math.min(text.length, i + 1);
  const message = endgame
    ? `Use triple double quotes ["""] to define unescaped string literals, not [?${quote}]`
    : `Use double quotes ["] to define string literals, not single quotes [']`;
  return { kind: "invalid", text: text.slice(start, end), value: "", start, end, message, code: "eql/string-quotes" };
}

function lexNumber(text: string, start: number): Token {
  let i = start;
  while (isDigit(text.charCodeAt(i))) i++;
  let decimal = false;
  if (text.charCodeAt(i) === 46) {
    // `1.`, `1.5` and `1.e3` are all decimals, as in the Elasticsearch grammar.
    decimal = true;
    i++;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 69 || e === 101) {
    let j = i + 1;
    if (text[j] === "+" || text[j] === "-") j++;
    if (isDigit(text.charCodeAt(j))) {
      while (isDigit(text.charCodeAt(j))) j++;
      decimal = true;
      i = j;
    }
  }
  const slice = text.slice(start, i);
  if (decimal) {
    const value = Number(slice);
    if (!Number.isFinite(value)) {
      return { kind: "invalid", text: slice, value: "", start, end: i, message: `Number [${slice}] is too large`, code: "eql/syntax" };
    }
    return { kind: "double", text: slice, value, start, end: i };
  }
  // Beyond a signed long, Elasticsearch falls back to a double.
  const overflow = slice.length > 18 && BigInt(slice) > LONG_MAX;
  return { kind: overflow ? "double" : "long", text: slice, value: Number(slice), start, end: i, overflow };
}
