/**
 * The one convention for where detections are read from, on every command
 * that reads them: `--detections <path...>` (module files or folders, default
 * detections/). validate, list and test also take the same paths as positional
 * arguments, as they did before the flag existed.
 */
import { Option, type Command } from "commander";
import { readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export const DEFAULT_DETECTIONS_PATH = "detections/";

export function addDetectionsOption(command: Command): Command {
  return command.addOption(new Option("--detections <path...>", `detection module files or folders (default: ${DEFAULT_DETECTIONS_PATH})`));
}

/** The paths a command reads: positional ones and --detections together, else the default. */
export function selectDetectionPaths(positional: readonly string[] | undefined, flag: readonly string[] | string | undefined): string[] {
  const flagged = flag === undefined ? [] : typeof flag === "string" ? [flag] : [...flag];
  const all = [...(positional ?? []), ...flagged];
  return all.length > 0 ? all : [DEFAULT_DETECTIONS_PATH];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * A module file given alone still belongs to a pack: its exceptions and
 * `definePack` custom fields usually live in sibling files. Loading reads the
 * file's whole folder; `selected` are the files whose detections the user
 * asked for (undefined when only folders were given: everything is selected).
 */
export function expandToPacks(paths: readonly string[]): { load: string[]; selected?: ReadonlySet<string> } {
  const files = paths.filter(isFile).map((p) => resolve(p));
  if (files.length === 0) return { load: [...paths] };
  const folders = new Set(files.map((f) => dirname(f)));
  const siblings = [...folders].flatMap((dir) => readdirSync(dir).filter((n) => n.endsWith(".ts") && !n.endsWith(".d.ts") && !n.endsWith(".test.ts")).map((n) => join(dir, n)));
  const folderPaths = paths.filter((p) => !isFile(p));
  return { load: [...new Set([...folderPaths, ...files, ...siblings])], selected: folderPaths.length > 0 ? undefined : new Set(files) };
}
