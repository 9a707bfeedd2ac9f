import type { Diagnostic } from "./diagnostic.ts";
import type { SourceRange } from "./source-range.ts";

/** Source texts by file name, so a caret excerpt can be shown. */
export type SourceTexts = ReadonlyMap<string, string> | ((file: string) => string | undefined);

function lookup(sources: SourceTexts | undefined, file: string | undefined): string | undefined {
  if (!sources || file === undefined) return undefined;
  return typeof sources === "function" ? sources(file) : sources.get(file);
}

/** `file:line:column` or `file` or `rule <id>`: where a diagnostic points. */
export function formatLocation(d: Diagnostic): string {
  const file = d.range?.file ?? d.file;
  const parts: string[] = [];
  if (file !== undefined) {
    parts.push(d.range ? `${file}:${d.range.start.line}:${d.range.start.column}` : file);
  } else if (d.range) {
    parts.push(`${d.range.start.line}:${d.range.start.column}`);
  }
  if (d.ruleId !== undefined) parts.push(`rule ${d.ruleId}`);
  if (d.path && d.path.length > 0) parts.push(`at ${d.path.join(".")}`);
  return parts.join(" ");
}

// Keys that hold a credential when written inline (YAML `password: x`, flow `{ apiKey: x }`, `token=x`).
const SECRET_ASSIGNMENT = /(^|[\s{,])(["']?)(password|passwd|pwd|api[_-]?key|token|secret|bearer|authorization|credentials?)\2(\s*[:=]\s*)(?!\*\*\*)("[^"]*"|'[^']*'|[^\s,}#]+)/gi;
const URL_USERINFO = /(\/\/[^/\s:@]+:)[^/\s@]+@/g;

/**
 * A source line as an excerpt may show it: the value of any inline credential
 * (`password: hunter2`, `apiKey=…`, `https://user:pass@host`) replaced by ***.
 * An error about an inline secret points at it, and printing it would leak it
 * into CI logs.
 */
export function maskSecretsInLine(line: string): string {
  return line.replace(SECRET_ASSIGNMENT, (_m, lead: string, quote: string, key: string, sep: string) => `${lead}${quote}${key}${quote}${sep}***`).replace(URL_USERINFO, "$1***@");
}

/** The offending line with a caret line under the range; inline credentials masked. */
export function formatExcerpt(text: string, range: SourceRange): string {
  const lines = text.split("\n");
  const raw = lines[range.start.line - 1];
  const line = raw === undefined ? undefined : maskSecretsInLine(raw);
  if (line === undefined) return "";
  const width =
    range.end.line === range.start.line ? Math.max(1, range.end.column - range.start.column) : Math.max(1, line.length - range.start.column + 1);
  const gutter = String(range.start.line);
  return `${gutter} | ${line}\n${" ".repeat(gutter.length)} | ${" ".repeat(range.start.column - 1)}${"^".repeat(width)}`;
}

/**
 * The one place a diagnostic becomes text:
 * `detections/psexec/x.ts:12:18 error eql/unknown-field Unknown field [proces.name]`
 * followed by a caret excerpt when the source is known, and notes.
 */
export function formatDiagnostic(d: Diagnostic, sources?: SourceTexts): string {
  const where = formatLocation(d);
  const head = `${where ? where + " " : ""}${d.severity} ${d.code} ${d.message}`;
  const out = [head];
  const text = d.range ? lookup(sources, d.range.file) : undefined;
  if (d.range && text !== undefined) out.push(formatExcerpt(text, d.range));
  for (const note of d.notes ?? []) out.push(`  note: ${note}`);
  return out.join("\n");
}

export function formatDiagnostics(ds: readonly Diagnostic[], sources?: SourceTexts): string {
  return ds.map((d) => formatDiagnostic(d, sources)).join("\n");
}
