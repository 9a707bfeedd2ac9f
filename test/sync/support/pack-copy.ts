/**
 * A private copy of the PsExec pack for integration tests on the shared node:
 * every detection id gets a prefix (so tests of other stages, deploying the
 * same pack, never collide with ours) and imports point back into src/.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const REPO = resolve(import.meta.dirname, "../../..");
export const PACK_DIR = join(REPO, "detections/psexec");

export interface PackCopy {
  readonly dir: string;
  readonly ids: readonly string[];
  /** The module file that defines `id` (prefixed). */
  fileOf(id: string): string;
  /** Rewrites one module's text. */
  edit(id: string, change: (text: string) => string): void;
  remove(id: string): void;
  [Symbol.dispose](): void;
}

export function copyPack(prefix: string): PackCopy {
  const dir = mkdtempSync(join(tmpdir(), `dac-sync-${prefix}`));
  const files = new Map<string, string>();
  let version = 0;
  for (const name of readdirSync(PACK_DIR)) {
    if (!name.endsWith(".ts")) continue;
    let text = readFileSync(join(PACK_DIR, name), "utf8").replaceAll('from "../../src/', `from "${REPO}/src/`);
    const id = /^ {2}id: "([^"]+)"/m.exec(text)?.[1];
    if (id !== undefined) {
      text = text.replace(/^ {2}id: "([^"]+)"/m, `  id: "${prefix}$1"`);
      files.set(`${prefix}${id}`, join(dir, name));
    }
    writeFileSync(join(dir, name), text);
  }
  cpSync(join(PACK_DIR, "fixtures"), join(dir, "fixtures"), { recursive: true });
  return {
    dir,
    get ids() {
      return [...files.keys()].sort();
    },
    fileOf: (id) => {
      const file = files.get(id);
      if (!file) throw new Error(`no module for ${id}`);
      return file;
    },
    edit(id, change) {
      const file = this.fileOf(id);
      const before = readFileSync(file, "utf8");
      const after = change(before);
      if (after === before) throw new Error(`edit of ${id} changed nothing`);
      // A new file name: the module loader caches imports by URL for the life of
      // the process, so rewriting the same file would load the old module again.
      const next = file.replace(/(?:\.v\d+)?\.ts$/, `.v${++version}.ts`);
      rmSync(file);
      writeFileSync(next, after);
      files.set(id, next);
    },
    remove(id) {
      rmSync(this.fileOf(id));
      files.delete(id);
    },
    [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }),
  };
}
