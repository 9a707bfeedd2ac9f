/** EQL literal text: strings with only the escapes EQL's lexer accepts. */

export function quoteEqlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16).padStart(2, "0")}}`;
    else out += ch;
  }
  return `${out}"`;
}

const KEYWORDS = new Set(["and", "any", "by", "false", "in", "join", "like", "maxspan", "not", "null", "of", "or", "regex", "sample", "sequence", "true", "until", "where", "with", "runs"]);

/** A field reference, backquoted when a segment is not a plain identifier or is a keyword. */
export function formatEqlField(name: string): string {
  const plain = name.split(".").every((seg) => /^[A-Za-z_@][A-Za-z0-9_@]*$/.test(seg) && !KEYWORDS.has(seg));
  return plain ? name : `\`${name.replace(/`/g, "``")}\``;
}
