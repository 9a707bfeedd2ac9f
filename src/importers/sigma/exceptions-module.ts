/**
 * exceptions.ts for the exceptions Sigma filters become. Detection and pack
 * modules go through the shared module writer (importers/module-writer.ts);
 * it has no exceptions module, so this renders one in the same style.
 */
import { relative, dirname } from "node:path";
import { DETECTION_ENTRY, toCamel } from "../module-writer.ts";

export type ModuleValue = string | number | boolean | null | readonly ModuleValue[] | { readonly [k: string]: ModuleValue };

function render(value: ModuleValue, indent: string): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) {
    const items = value.map((v) => render(v, `${indent}  `));
    const inline = `[${items.join(", ")}]`;
    return inline.length <= 100 && !inline.includes("\n") ? inline : `[\n${items.map((i) => `${indent}  ${i},`).join("\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${render(v as ModuleValue, `${indent}  `)}`);
    return `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(value);
}

export function renderExceptionsModule(exceptions: readonly Readonly<Record<string, ModuleValue>>[], moduleFile: string, headerText: string): string {
  let importPath = relative(dirname(moduleFile), DETECTION_ENTRY).split("\\").join("/");
  if (!importPath.startsWith(".")) importPath = `./${importPath}`;
  const lines = [...headerText.split("\n").map((l) => `// ${l}`), `import { defineException } from ${JSON.stringify(importPath)};`, ""];
  for (const e of exceptions) lines.push(`export const ${toCamel(String(e.name))} = defineException(${render(e, "")});`, "");
  return lines.join("\n");
}
