/**
 * Detection module text for an imported rule. A local stand-in until the
 * shared importers/ module writer lands (issue 10): same layout as
 * hand-written modules, strings as JSON literals, the query as String.raw
 * when that keeps it byte-identical.
 */
import { relative, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const DETECTION_ENTRY = fileURLToPath(new URL("../../detection/index.ts", import.meta.url));

export type ModuleValue = string | number | boolean | null | readonly ModuleValue[] | { readonly [k: string]: ModuleValue };

function importPathFrom(moduleFile: string): string {
  const p = relative(dirname(moduleFile), DETECTION_ENTRY).split("\\").join("/");
  return p.startsWith(".") ? p : `./${p}`;
}

function canRaw(text: string): boolean {
  return !text.includes("`") && !text.includes("${") && !text.includes("\r") && !text.endsWith("\\");
}

function render(value: ModuleValue, key: string, indent: string): string {
  if (typeof value === "string") return (key === "query" || key === "guide") && canRaw(value) ? `String.raw\`${value}\`` : JSON.stringify(value);
  if (Array.isArray(value)) {
    const items = value.map((v) => render(v, "", `${indent}  `));
    const inline = `[${items.join(", ")}]`;
    return inline.length <= 100 && !inline.includes("\n") ? inline : `[\n${items.map((i) => `${indent}  ${i},`).join("\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${render(v as ModuleValue, k, `${indent}  `)}`);
    return `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(value);
}

function toCamel(id: string): string {
  const camel = id.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return /^[A-Za-z_$]/.test(camel) ? camel : `d${camel}`;
}

function header(text: string | undefined): string[] {
  return text ? text.split("\n").map((l) => `// ${l}`) : [];
}

export function renderDetectionModule(detection: Readonly<Record<string, ModuleValue>>, moduleFile: string, headerText?: string): string {
  const lines = [...header(headerText), `import { defineDetection } from ${JSON.stringify(importPathFrom(moduleFile))};`, "", `export const ${toCamel(String(detection.id))} = defineDetection({`];
  for (const [key, value] of Object.entries(detection)) lines.push(`  ${key}: ${render(value, key, "  ")},`);
  lines.push("});", "");
  return lines.join("\n");
}

export function renderPackModule(pack: Readonly<Record<string, ModuleValue>>, moduleFile: string, headerText?: string): string {
  return [...header(headerText), `import { definePack } from ${JSON.stringify(importPathFrom(moduleFile))};`, "", `export const pack = definePack(${render(pack, "", "")});`, ""].join("\n");
}

export function renderExceptionsModule(exceptions: readonly Readonly<Record<string, ModuleValue>>[], moduleFile: string, headerText?: string): string {
  const lines = [...header(headerText), `import { defineException } from ${JSON.stringify(importPathFrom(moduleFile))};`, ""];
  for (const e of exceptions) lines.push(`export const ${toCamel(String(e.name))} = defineException(${render(e, "", "")});`, "");
  return lines.join("\n");
}
