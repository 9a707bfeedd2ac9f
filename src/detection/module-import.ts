/**
 * Imports one detection module and sorts its exports into detections,
 * exceptions and pack settings. Dynamic `import()` of .ts works because tsx is
 * registered by bin/dac.js (and vitest transforms .ts itself).
 */
import { pathToFileURL } from "node:url";
import { errorDiagnostic, positionAt, type Diagnostic } from "../diagnostics/index.ts";
import { DETECTION_MARK, EXCEPTION_MARK, PACK_MARK, isMarked } from "./define.ts";

export interface ImportedModule {
  readonly detections: Record<string, unknown>[];
  readonly exceptions: Record<string, unknown>[];
  readonly packs: Record<string, unknown>[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The `line:column` of the first stack frame inside `absolute`, if the error came from there. */
function locateThrow(err: unknown, absolute: string): { line: number; column: number } | undefined {
  const stack = err instanceof Error ? (err.stack ?? "") : "";
  const url = pathToFileURL(absolute).href;
  const frame = new RegExp(`(?:${escapeRegExp(url)}|${escapeRegExp(absolute)})(?:\\?[^:]*)?:(\\d+):(\\d+)`).exec(stack);
  if (!frame) return undefined;
  return { line: Number(frame[1]), column: Number(frame[2]) };
}

export async function importDetectionModule(
  absolute: string,
  file: string,
  text: string,
): Promise<{ module?: ImportedModule; diagnostics: Diagnostic[] }> {
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (err) {
    const at = locateThrow(err, absolute);
    const message = err instanceof Error ? err.message : String(err);
    const location = at ? lineColumnRange(text, at.line, at.column, file) : undefined;
    return {
      diagnostics: [
        errorDiagnostic("detection/import-failed", `Loading ${file} failed: ${message.split("\n")[0]}`, location ? { range: location } : { file }),
      ],
    };
  }
  const module: ImportedModule = { detections: [], exceptions: [], packs: [] };
  const seen = new Set<unknown>(); // `export default x` plus `export { x }` is one definition
  for (const value of Object.values(namespace)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (seen.has(item)) continue;
      seen.add(item);
      if (isMarked(item, DETECTION_MARK)) module.detections.push(item);
      else if (isMarked(item, EXCEPTION_MARK)) module.exceptions.push(item);
      else if (isMarked(item, PACK_MARK)) module.packs.push(item);
    }
  }
  return { module, diagnostics: [] };
}

function lineColumnRange(text: string, line: number, column: number, file: string) {
  const lines = text.split("\n");
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += (lines[i]?.length ?? 0) + 1;
  const start = positionAt(text, offset + column - 1);
  return { file, start, end: positionAt(text, start.offset + 1) };
}
