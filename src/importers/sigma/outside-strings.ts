/**
 * Walks `text` over the characters outside double-quoted strings (backslash
 * escapes inside them), as EQL and JSON both write strings, so a bracket in a
 * string value never counts. `visit` returns true to stop; the result is that
 * index, or -1 when the walk reached the end.
 */
export function findOutsideStrings(text: string, visit: (c: string, i: number) => boolean): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (visit(c, i)) return i;
  }
  return -1;
}
