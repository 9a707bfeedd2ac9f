import { relative, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Json, JsonObject } from "./target.ts";

/** Where defineDetection lives, so exported modules can import it relative to wherever they are written. */
export const DETECTION_ENTRY = fileURLToPath(new URL("../detection/index.ts", import.meta.url));

// The order fields appear in hand-written modules of the pack.
const FIELD_ORDER = [
  "id", "name", "description", "severity", "riskScore", "mitre", "tags", "dataSources", "indices", "query",
  "timestampField", "timestampOverride", "tiebreakerField", "eventCategoryField", "schedule", "enabled", "entityField", "maxSignals",
  "falsePositives", "references", "guide", "author", "license", "version", "exceptions",
];

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
  if (typeof value === "string") return (key === "query" || key === "guide") && canRaw(value) ? `String.raw\`${value}\`` : JSON.stringify(value);
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

function toCamel(id: string): string {
  const camel = id.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return /^[A-Za-z_$]/.test(camel) ? camel : `d${camel}`;
}
