import { sep } from "node:path";
import type { Diagnostic, SourceRange } from "../diagnostics/index.ts";
import type { ExceptionDefinition } from "./exceptions.ts";
import type { Detection } from "./model.ts";
import type { QuerySourceMap } from "./source-locate.ts";

/** Where a loaded detection or exception came from, so later checks can point into the module. */
export interface DefinitionOrigin {
  /** Range of the node at a zod-style path inside the definition's object literal (the file when unknown). */
  readonly locate: (path: readonly PropertyKey[]) => SourceRange | undefined;
  /** Maps the query string's characters to the file, when it is a plain literal. */
  readonly queryMap?: QuerySourceMap;
}

/** A `definePack` found while loading: its settings and the folder it governs. */
export interface PackSettings {
  readonly name: string;
  /** Absolute folder of the module that defines it: detections below it belong to the pack. */
  readonly dir: string;
  readonly file: string;
  readonly importedFrom?: string;
  readonly customFields: Readonly<Record<string, string>>;
}

/** Everything `loadDetections` found in a set of module files. */
export interface LoadedPack {
  /** The packs defined in the loaded folders, deepest folder first. */
  readonly packs: readonly PackSettings[];
  readonly detections: readonly Detection[];
  readonly exceptions: readonly ExceptionDefinition[];
  /** Custom fields (name -> ES type) declared by `definePack`, for the EQL checker. */
  readonly customFields: Readonly<Record<string, string>>;
  readonly diagnostics: readonly Diagnostic[];
  /** Module texts by display path, for caret excerpts. */
  readonly sources: ReadonlyMap<string, string>;
  readonly origins: ReadonlyMap<Detection | ExceptionDefinition, DefinitionOrigin>;
}

/** The range for a path inside a detection or exception, falling back to its file. */
export function locateInPack(pack: LoadedPack, definition: Detection | ExceptionDefinition, path: readonly PropertyKey[]): { range: SourceRange } | { file: string } {
  const range = pack.origins.get(definition)?.locate(path);
  return range ? { range } : { file: definition.source.file };
}

/**
 * The pack a detection belongs to: the `definePack` in the deepest folder
 * that holds the detection's module. Undefined for a detection outside every pack.
 */
export function findPackOf(pack: Pick<LoadedPack, "packs">, absoluteFile: string): PackSettings | undefined {
  return pack.packs.find((p) => absoluteFile === p.dir || absoluteFile.startsWith(p.dir.endsWith(sep) ? p.dir : p.dir + sep));
}
