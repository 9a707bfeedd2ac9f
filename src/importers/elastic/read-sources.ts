/**
 * Elastic rule sources -> rule objects with where each came from:
 * detection-rules TOML files (the `[rule]` table, plus `[metadata]`) and
 * Kibana rule export NDJSON (one rule per line; list, item and summary lines
 * of the export are not rules). A file that cannot be parsed is a located
 * diagnostic; the other files are still read.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { parse as parseToml, TomlError } from "smol-toml";
import { errorDiagnostic, rangeOf, type Diagnostic } from "../../diagnostics/index.ts";
import { isJsonObject, jsonStrings, type JsonObject } from "../json.ts";

export interface ElasticRuleSource {
  readonly rule: JsonObject;
  /** Display location: `rules/windows/x.toml` or `export.ndjson:12`. */
  readonly origin: string;
  /** Module path (relative to the output folder, without .ts) this source suggests. */
  readonly suggestedPath: string;
  readonly format: "toml" | "ndjson";
  /** detection-rules `[metadata]`, when the source is a TOML file. */
  readonly metadata?: JsonObject;
}

export interface ReadSources {
  readonly sources: ElasticRuleSource[];
  readonly diagnostics: Diagnostic[];
}

/** Files to read under `path`: the repository's `rules/` and `rules_building_block/` when it is one, else every .toml/.ndjson below. */
export function discoverElasticFiles(path: string): { root: string; files: string[] } {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return { root: path, files: [] };
  if (!stat.isDirectory()) return { root: join(path, ".."), files: [path] };
  const trees = ["rules", "rules_building_block"].map((t) => join(path, t)).filter((t) => statSync(t, { throwIfNoEntry: false })?.isDirectory());
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.(toml|ndjson)$/.test(e.name) ? [join(dir, e.name)] : []));
  return { root: path, files: (trees.length > 0 ? trees : [path]).flatMap(walk) };
}

/** `rules/windows/foo_bar.toml` -> `windows/foo-bar`; building blocks keep their own folder. */
function modulePathFor(root: string, file: string): string {
  const rel = relative(root, file).split("\\").join("/").replace(/\.toml$/, "");
  const trimmed = rel.replace(/^rules\//, "").replace(/^rules_building_block\//, "building_block/");
  return trimmed
    .split("/")
    .map((segment) => segment.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, ""))
    .join("/");
}

function readToml(root: string, file: string, text: string, out: ReadSources): void {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      const offset = offsetOf(text, err.line, err.column);
      out.diagnostics.push(errorDiagnostic("import/toml-syntax", err.message.split("\n")[0] ?? err.message, { range: rangeOf(text, offset, offset + 1, file) }));
    } else throw err;
    return;
  }
  // smol-toml gives plain objects, arrays, strings, numbers and booleans for these files (dates are quoted strings in detection-rules).
  const json = JSON.parse(JSON.stringify(doc)) as JsonObject;
  if (!isJsonObject(json.rule)) {
    out.diagnostics.push(errorDiagnostic("import/not-a-rule", "no [rule] table: not a detection-rules rule file", { file }));
    return;
  }
  out.sources.push({ rule: json.rule, origin: relative(root, file) || basename(file), suggestedPath: modulePathFor(root, file), format: "toml", ...(isJsonObject(json.metadata) ? { metadata: json.metadata } : {}) });
}

function readNdjson(root: string, file: string, text: string, out: ReadSources): void {
  const display = relative(root, file) || basename(file);
  let offset = 0;
  text.split("\n").forEach((line, index) => {
    const start = offset;
    offset += line.length + 1;
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      out.diagnostics.push(errorDiagnostic("import/ndjson-syntax", `line ${index + 1} is not JSON: ${(err as Error).message}`, { range: rangeOf(text, start, start + Math.max(line.length, 1), file) }));
      return;
    }
    // Exports also hold exception lists/items, action connectors and a summary line: only rule objects have rule_id and type.
    if (!isJsonObject(value as JsonObject) || typeof (value as JsonObject).rule_id !== "string" || typeof (value as JsonObject).type !== "string") return;
    const rule = value as JsonObject;
    const name = typeof rule.name === "string" ? rule.name : String(rule.rule_id);
    out.sources.push({ rule, origin: `${display}:${index + 1}`, suggestedPath: name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || String(rule.rule_id), format: "ndjson" });
  });
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = text.indexOf("\n", offset) + 1;
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

/** Reads every rule under `paths`, in a stable order. */
export function readElasticSources(paths: readonly string[]): ReadSources {
  const out: ReadSources = { sources: [], diagnostics: [] };
  for (const path of paths) {
    const { root, files } = discoverElasticFiles(path);
    if (files.length === 0) out.diagnostics.push(errorDiagnostic("import/path-not-found", `No .toml or .ndjson rule files at ${path}`, { file: path }));
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      if (file.endsWith(".toml")) readToml(root, file, text, out);
      else readNdjson(root, file, text, out);
    }
  }
  return out;
}

/** detection-rules `[metadata]` that matters on import: maturity and integration packages. */
export function readRuleMetadata(source: ElasticRuleSource): { deprecated: boolean; integrations: string[]; updated?: string } {
  const m = source.metadata ?? {};
  return { deprecated: m.maturity === "deprecated", integrations: jsonStrings(m.integration), ...(typeof m.updated_date === "string" ? { updated: m.updated_date } : {}) };
}
