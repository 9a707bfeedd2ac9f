/**
 * Re-import safety: which generated files may be written. A file the importer
 * wrote earlier and nobody touched since (its content hash still matches) is
 * updated in place; a file a person edited, or wrote, is left alone and
 * reported as a conflict. Planning reads files; only applyModuleWrites writes.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { hashModuleText, readRecordedHash } from "./module-writer.ts";

/** One generated file: its path relative to the output folder and its text. */
export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
}

export type ModuleWriteAction = "create" | "update" | "unchanged" | "conflict";

export interface ModuleWrite {
  readonly kind: ModuleWriteAction;
  /** Path relative to the output folder. */
  readonly path: string;
  /** Absolute or cwd-relative path the file is written to. */
  readonly file: string;
  readonly text: string;
  /** Why a conflict is one (for display). */
  readonly reason?: string;
}

/** What would happen to each file; pure apart from reading the existing files. */
export function planModuleWrites(outDir: string, files: readonly GeneratedFile[]): ModuleWrite[] {
  return files.map((generated) => {
    const file = join(outDir, generated.path);
    if (!existsSync(file)) return { kind: "create", path: generated.path, file, text: generated.text };
    const current = readFileSync(file, "utf8");
    if (current === generated.text) return { kind: "unchanged", path: generated.path, file, text: generated.text };
    const recorded = readRecordedHash(current);
    if (recorded === undefined) return { kind: "conflict", path: generated.path, file, text: generated.text, reason: "the file exists and was not written by an import (no dac-import-hash line): left alone" };
    if (recorded !== hashModuleText(current)) return { kind: "conflict", path: generated.path, file, text: generated.text, reason: "edited since it was imported (its content no longer matches its dac-import-hash): left alone" };
    return { kind: "update", path: generated.path, file, text: generated.text };
  });
}

/** Writes the creates and updates of a plan; conflicts and unchanged files are not touched. */
export function applyModuleWrites(writes: readonly ModuleWrite[]): void {
  for (const write of writes) {
    if (write.kind !== "create" && write.kind !== "update") continue;
    mkdirSync(dirname(write.file), { recursive: true });
    writeFileSync(write.file, write.text);
  }
}
