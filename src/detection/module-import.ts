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

/** How long a module may take to load (top-level await included) before dac gives up on it. */
export const MODULE_LOAD_TIMEOUT_MS = 30_000;

class ModuleLoadStalled extends Error {}

/**
 * `import()` that fails instead of hanging: a top-level await that can never
 * settle (nothing left to wait on) is caught the moment the event loop runs
 * dry, which is when Node would otherwise exit with code 13 and no message; one
 * that keeps waiting on something (a request that never answers) is cut off
 * after `timeoutMs`.
 */
async function importWithTimeout(url: string, file: string, timeoutMs: number): Promise<Record<string, unknown>> {
  let onIdle: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    onIdle = () => reject(new ModuleLoadStalled(`${file} never finished loading: a top-level await in it waits on a promise that can never settle`));
    process.once("beforeExit", onIdle);
    timer = setTimeout(() => reject(new ModuleLoadStalled(`${file} did not finish loading within ${timeoutMs / 1000} s (a top-level await still waiting?)`)), timeoutMs);
    timer.unref();
  });
  try {
    return (await Promise.race([import(url), stalled])) as Record<string, unknown>;
  } finally {
    if (onIdle) process.removeListener("beforeExit", onIdle);
    clearTimeout(timer);
  }
}

/**
 * esbuild (through tsx) reports syntax errors as "Transform failed with N
 * errors:" followed by `file:line:column: ERROR: text` lines, with a 0-based
 * column counted in UTF-8 bytes. Each becomes a diagnostic at the 1-based
 * character column, with esbuild's own text.
 */
function readTransformErrors(err: unknown, absolute: string, file: string, text: string): Diagnostic[] {
  const message = err instanceof Error ? err.message : "";
  if (!/^Transform failed with \d+ errors?:/.test(message)) return [];
  const lines = text.split("\n");
  const out: Diagnostic[] = [];
  for (const m of message.matchAll(/^(.*):(\d+):(\d+): ERROR: (.*)$/gm)) {
    if (m[1] !== absolute && !absolute.endsWith(m[1]!)) continue;
    const line = Number(m[2]);
    const byteColumn = Number(m[3]);
    const lineText = (lines[line - 1] ?? "").replace(/^\uFEFF/, line === 1 ? "" : "\uFEFF");
    const column = Buffer.from(lineText, "utf8").subarray(0, byteColumn).toString("utf8").length + 1 + (line === 1 && text.startsWith("\uFEFF") ? 1 : 0);
    out.push(errorDiagnostic("detection/syntax", `${m[4]}`, { range: lineColumnRange(text, line, column, file), notes: [`${file} is not valid TypeScript, so it was not loaded`] }));
  }
  return out;
}

export async function importDetectionModule(
  absolute: string,
  file: string,
  text: string,
  timeoutMs = Number(process.env.DAC_MODULE_LOAD_TIMEOUT_MS ?? MODULE_LOAD_TIMEOUT_MS),
): Promise<{ module?: ImportedModule; diagnostics: Diagnostic[] }> {
  let namespace: Record<string, unknown>;
  try {
    namespace = await importWithTimeout(pathToFileURL(absolute).href, file, timeoutMs);
  } catch (err) {
    if (err instanceof ModuleLoadStalled) return { diagnostics: [errorDiagnostic("detection/import-timeout", err.message, { file })] };
    const syntax = readTransformErrors(err, absolute, file, text);
    if (syntax.length > 0) return { diagnostics: syntax };
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
