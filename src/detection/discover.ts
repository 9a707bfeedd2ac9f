import { readdirSync, statSync } from "node:fs";
import { join, relative, isAbsolute, resolve } from "node:path";

// Fixture folders hold NDJSON, and tests sit beside modules in some packs.
const SKIPPED_DIRS = new Set(["node_modules", "fixtures", ".git"]);

function isModuleFile(name: string): boolean {
  return name.endsWith(".ts") && !name.endsWith(".d.ts") && !name.endsWith(".test.ts");
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(path, out);
    } else if (entry.isFile() && isModuleFile(entry.name)) {
      out.push(path);
    }
  }
}

/**
 * The detection module files under `paths` (files or folders), absolute and
 * sorted so load order, and therefore diagnostics order, is stable.
 * A path that does not exist is returned as-is so the loader reports it.
 */
export function discoverModuleFiles(paths: readonly string[], cwd = process.cwd()): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    const absolute = isAbsolute(path) ? path : resolve(cwd, path);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      missing.push(path);
      continue;
    }
    if (stats.isDirectory()) walk(absolute, files);
    else files.push(absolute);
  }
  return { files: [...new Set(files)].sort(), missing };
}

/** How a file is named in diagnostics: relative to the working directory when inside it. */
export function displayPath(absolute: string, cwd = process.cwd()): string {
  const rel = relative(cwd, absolute);
  return rel.startsWith("..") || isAbsolute(rel) ? absolute : rel.split("\\").join("/");
}
