/**
 * The cursor the recursive-descent parser walks: tokens, ranges computed from
 * offsets, and the one way parsing stops (a thrown `EqlSyntaxError` carrying a
 * located Diagnostic, caught in `parseEql`). Constructs that parse but are
 * refused (other pipes, `join`) are `reject`ed instead, so parsing continues
 * and the user sees every refusal at once.
 */
import { errorDiagnostic, type Diagnostic, type Position, type SourceRange } from "../diagnostics/index.ts";
import { KEYWORDS, tokenizeEql, type Token } from "./lexer.ts";

export class EqlSyntaxError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** Nesting limit: deeper input is refused instead of overflowing the JS stack. */
export const MAX_DEPTH = 200;

export class TokenStream {
  private readonly tokens: Token[];
  private readonly lineStarts: number[];
  private index = 0;
  depth = 0;
  readonly rejections: Diagnostic[] = [];

  constructor(readonly text: string) {
    this.tokens = tokenizeEql(text);
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
  }

  /** Index of the next token, to pass to `rangeFrom` once a node is complete. */
  mark(): number {
    return this.index;
  }

  next(): Token {
    const tok = this.peek();
    if (tok.kind === "invalid") this.fail(tok, tok.message ?? "Invalid token", tok.code);
    if (this.index < this.tokens.length - 1) this.index++;
    return tok;
  }

  /** The next token is punct/keyword `text` (does not consume). */
  at(text: string): boolean {
    const tok = this.peek();
    return (tok.kind === "punct" || tok.kind === "keyword") && tok.text === text;
  }

  /** Consumes the punct/keyword `text` if it is next. */
  eat(text: string): Token | undefined {
    return this.at(text) ? this.next() : undefined;
  }

  /** Consumes the punct/keyword `text` or fails with "expected [text]". */
  expect(text: string, what = `[${text}]`): Token {
    const tok = this.eat(text);
    if (!tok) this.failExpected(what);
    return tok!;
  }

  position(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1, offset };
  }

  range(start: number, end: number): SourceRange {
    return { start: this.position(start), end: this.position(end) };
  }

  tokenRange(tok: Token): SourceRange {
    return this.range(tok.start, tok.end);
  }

  /** Range from the token at `mark` to the last consumed token. */
  rangeFrom(mark: number): SourceRange {
    const first = this.tokens[mark]!;
    const last = this.tokens[Math.max(mark, this.index - 1)]!;
    return this.range(first.start, Math.max(first.end, last.end));
  }

  /** How the next token reads in a message: `[foo]`, `end of input`. */
  describe(tok: Token = this.peek()): string {
    if (tok.kind === "eof") return "end of input";
    return `[${tok.text}]`;
  }

  fail(tok: Token, message: string, code = "eql/syntax", notes?: string[]): never {
    const range = this.range(tok.start, Math.max(tok.end, tok.start));
    throw new EqlSyntaxError(errorDiagnostic(code, message, notes ? { range, notes } : { range }));
  }

  failExpected(what: string): never {
    const tok = this.peek();
    if (tok.kind === "invalid") this.next(); // reports the lexing error instead
    let hint = "";
    if (tok.kind === "ident" && KEYWORDS.has(tok.text.toLowerCase())) {
      hint = `; keywords are lowercase, did you mean [${tok.text.toLowerCase()}]?`;
    } else if (tok.kind === "punct" && tok.text === "=") {
      hint = "; use [==] to compare ([=] is only for maxspan= and runs=)";
    }
    this.fail(tok, `Expected ${what} but found ${this.describe(tok)}${hint}`);
  }

  reject(range: SourceRange, code: string, message: string): void {
    this.rejections.push(errorDiagnostic(code, message, { range }));
  }

  enter(tok: Token): void {
    if (++this.depth > MAX_DEPTH) this.fail(tok, `Expression nested too deeply (more than ${MAX_DEPTH} levels)`);
  }

  leave(): void {
    this.depth--;
  }
}
