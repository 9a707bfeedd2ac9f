/**
 * The one module writer every source shares (`dac export`, `dac import
 * elastic`, `dac import sigma`): detection fields as JSON -> the text of a
 * `defineDetection` module a person could have written, plus the provenance
 * header and content hash that let a re-import tell its own output from a
 * person's edits (see write-plan.ts).
 */
import { createHash } from "node:crypto";
import { relative, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Json, JsonObject } from "./json.ts";

/** Where defineDetection lives, so exported modules can import it relative to wherever they are written. */
export const DETECTION_ENTRY = fileURLToPath(new URL("../detection/index.ts", import.meta.url));

// The order fields appear in hand-written modules of the pack.
const FIELD_ORDER = [
  "id", "name", "description", "severity", "riskScore", "mitre", "tags", "dataSources", "indices", "query",
  "timestampField", "tiebreakerField", "eventCategoryField", "schedule", "enabled", "entityField", "maxSignals",
  "timestampOverride", "falsePositives", "references", "guide", "setup", "buildingBlock", "relatedIntegrations",
  "requiredFields", "investigationFields", "author", "license", "version", "exceptions", "tests",
];

/** Multi-line prose and queries: written as String.raw template literals when that keeps them exact. */
const RAW_KEYS = new Set(["query", "guide", "setup"]);

/** Notes rendered as `// TODO` comments above a field (e.g. what export could not recover). */
export type FieldNotes = Readonly<Record<string, string>>;

/**
 * A detection module's text: `export const <camelId> = defineDetection({...})`.
 * Strings are JSON string literals (exact, whatever they contain) except the
 * query and guide, which use String.raw template literals when that keeps them
 * byte-identical, because multi-line EQL is unreadable with `\n` escapes.
 */
export function renderDetectionModule(detection: JsonObject, moduleFile: string, notes: FieldNotes = {}, header?: string): string {
  let importPath = relative(dirname(moduleFile), DETECTION_ENTRY).split("\\").join("/");
  if (!importPath.startsWith(".")) importPath = `./${importPath}`;
  const keys = [...FIELD_ORDER.filter((k) => k in detection), ...Object.keys(detection).filter((k) => !FIELD_ORDER.includes(k)).sort()];
  const lines = [
    ...(header ? header.split("\n").map((l) => `// ${l}`) : []),
    `import { defineDetection } from ${JSON.stringify(importPath)};`,
    "",
    `export const ${toCamel(String(detection.id))} = defineDetection({`,
  ];
  for (const key of keys) {
    const note = notes[key];
    if (note) lines.push(`  // TODO: ${note}`);
    lines.push(`  ${key}: ${renderValue(detection[key] as Json, key, "  ")},`);
  }
  lines.push("});", "");
  return lines.join("\n");
}

function renderValue(value: Json, key: string, indent: string): string {
  if (typeof value === "string") return RAW_KEYS.has(key) && canRaw(value) ? `String.raw\`${value}\`` : JSON.stringify(value);
  if (Array.isArray(value)) {
    const items = value.map((v) => renderValue(v, "", `${indent}  `));
    const inline = `[${items.join(", ")}]`;
    return inline.length <= 100 && !inline.includes("\n") ? inline : `[\n${items.map((i) => `${indent}  ${i},`).join("\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${renderValue(v, k, `${indent}  `)}`);
    return `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(value);
}

// String.raw keeps backslashes as written; it cannot hold a backtick or `${`,
// and a trailing backslash would escape the closing backtick.
function canRaw(text: string): boolean {
  return !text.includes("`") && !text.includes("${") && !text.includes("\r") && !text.endsWith("\\");
}

/** The module's export name: the id in camelCase (a leading digit gets a `d`, as a UUID rule_id would). */
export function toCamel(id: string): string {
  const camel = id.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return /^[A-Za-z_$]/.test(camel) ? camel : `d${camel}`;
}

/** Where an imported module came from, written into its header. */
export interface ModuleProvenance {
  /** The importer, e.g. "dac import elastic". */
  readonly importer: string;
  /** Where the rule was read: a repository path, a file, an export. */
  readonly origin: string;
  /** The licence the source rule is under, stated as the source states it. */
  readonly license: string;
  /** More header lines: what was dropped or changed on the way, each a short sentence. */
  readonly notes?: readonly string[];
}

/** The marker line of a generated module; the hash covers every other line of the file. */
export const IMPORT_HASH_MARKER = "// dac-import-hash: ";

/** sha256 of a module's text without its hash line: equal means nobody edited the file since it was written. */
export function hashModuleText(text: string): string {
  const body = text
    .split("\n")
    .filter((line) => !line.startsWith(IMPORT_HASH_MARKER))
    .join("\n");
  return createHash("sha256").update(body).digest("hex");
}

/** The hash a generated module recorded, or undefined for a file no importer wrote (or whose marker was removed). */
export function readRecordedHash(text: string): string | undefined {
  const line = text.split("\n").find((l) => l.startsWith(IMPORT_HASH_MARKER));
  return line?.slice(IMPORT_HASH_MARKER.length).trim().split(/\s/)[0];
}

/**
 * An imported module: provenance and licence header, the module itself, and
 * the content hash as the header's last line. Edit the file and the hash no
 * longer matches, so a re-import leaves it alone and reports a conflict.
 */
export function renderImportedModule(detection: JsonObject, moduleFile: string, provenance: ModuleProvenance, notes: FieldNotes = {}): string {
  const header = [
    `Imported by \`${provenance.importer}\` from ${provenance.origin}.`,
    `Licence of the source rule: ${provenance.license}.`,
    ...(provenance.notes ?? []),
    "Re-running the import updates this file while it is unchanged; once edited, it is left alone (reported as a conflict).",
  ].join("\n");
  return stampModuleHash(renderDetectionModule(detection, moduleFile, notes, header));
}

/** Adds the content-hash line after the leading comment block. */
export function stampModuleHash(text: string): string {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => !l.startsWith("//"));
  const hash = hashModuleText(text);
  lines.splice(at < 0 ? lines.length : at, 0, `${IMPORT_HASH_MARKER}${hash} (generated; any edit changes it)`);
  return lines.join("\n");
}

/** A pack module (`definePack`) for an imported folder: its name, origin and the extra fields its rules read. */
export function renderPackModule(pack: { readonly name: string; readonly importedFrom?: string; readonly customFields: Readonly<Record<string, string>> }, moduleFile: string, provenance?: ModuleProvenance): string {
  let importPath = relative(dirname(moduleFile), DETECTION_ENTRY).split("\\").join("/");
  if (!importPath.startsWith(".")) importPath = `./${importPath}`;
  const fields = Object.entries(pack.customFields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const lines = [
    ...(provenance ? [`// Written by \`${provenance.importer}\`: the pack of the modules imported from ${provenance.origin}.`, "// Field types not in ECS were inferred from the source's schemas or from how the queries use them."] : []),
    `import { definePack } from ${JSON.stringify(importPath)};`,
    "",
    "export const pack = definePack({",
    `  name: ${JSON.stringify(pack.name)},`,
    ...(pack.importedFrom !== undefined ? [`  importedFrom: ${JSON.stringify(pack.importedFrom)},`] : []),
    ...(fields.length > 0 ? ["  customFields: {", ...fields.map(([name, type]) => `    ${JSON.stringify(name)}: ${JSON.stringify(type)},`), "  },"] : ["  customFields: {},"]),
    "});",
    "",
  ];
  const text = lines.join("\n");
  return provenance ? stampModuleHash(text) : text;
}
