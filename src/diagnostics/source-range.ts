/**
 * A position in a source text. `line` and `column` count from 1 (as editors
 * show them); `offset` counts UTF-16 code units from 0 (as peggy and JS strings do).
 */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** A span in one file (or in one query string when `file` is undefined). `end` is exclusive. */
export interface SourceRange {
  readonly file?: string;
  readonly start: Position;
  readonly end: Position;
}

/** Returns the position of `offset` in `text` (1-based line/column). */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1, offset: end };
}

/** Returns a range for [startOffset, endOffset) in `text`. */
export function rangeOf(text: string, startOffset: number, endOffset: number, file?: string): SourceRange {
  return { file, start: positionAt(text, startOffset), end: positionAt(text, endOffset) };
}

/**
 * Re-bases a range that is relative to an embedded text (an EQL query inside a
 * string literal of a .ts module) onto the enclosing file. `origin` is where the
 * embedded text's first character sits in the file.
 */
export function shiftRange(range: SourceRange, origin: Position, file: string): SourceRange {
  const shift = (p: Position): Position =>
    p.line === 1
      ? { line: origin.line, column: origin.column + p.column - 1, offset: origin.offset + p.offset }
      : { line: origin.line + p.line - 1, column: p.column, offset: origin.offset + p.offset };
  return { file, start: shift(range.start), end: shift(range.end) };
}
