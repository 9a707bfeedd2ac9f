/**
 * `dac test --changed-since REF`: which detections a change touches. A
 * detection is selected when its module changed, when a fixture one of its
 * tests reads changed, or when a module it may import changed: any other
 * TypeScript file in its folder (shared helpers such as exceptions.ts or
 * real-traces.ts, which every module of a pack imports). environments.yaml
 * holds the exception values every test resolves, so a change there selects
 * everything.
 */
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import type { Detection } from "../detection/index.ts";

/** Files (absolute paths) that differ between REF's merge base with HEAD and the working tree, plus untracked ones. */
export function listChangedFiles(ref: string, cwd = process.cwd()): string[] {
  const git = (...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  let root: string;
  let base: string;
  try {
    root = git("rev-parse", "--show-toplevel").trim();
    // The merge base, as a pull request diff has it: changes on REF's side since the branch point are not ours.
    base = git("merge-base", ref, "HEAD").trim();
  } catch (err) {
    const stderr = (err as { stderr?: Buffer | string }).stderr?.toString().trim();
    throw new Error(`--changed-since ${ref}: git cannot compare with it${stderr ? ` (${stderr})` : ""}`);
  }
  const changed = git("diff", "--name-only", base).split("\n");
  const untracked = git("ls-files", "--others", "--exclude-standard").split("\n");
  // `git ls-files` answers relative to cwd, `git diff` relative to the top level.
  return [...new Set([...changed.filter(Boolean).map((f) => join(root, f)), ...untracked.filter(Boolean).map((f) => resolve(cwd, f))])].sort();
}

/** Files whose change means every detection must be replayed. */
export const GLOBAL_INPUTS = ["environments.yaml"] as const;

/** The detections `changedFiles` (absolute paths) affect, in their original order. */
export function selectChangedDetections(detections: readonly Detection[], changedFiles: readonly string[], root = process.cwd()): Detection[] {
  const changed = new Set(changedFiles.map((f) => resolve(root, f)));
  if (GLOBAL_INPUTS.some((f) => changed.has(resolve(root, f)))) return [...detections];
  const modules = new Set(detections.map((d) => resolve(root, d.source.file)));
  const helperFolders = new Set([...changed].filter((f) => /\.(m|c)?tsx?$/.test(f) && !modules.has(f)).map((f) => dirname(f)));
  return detections.filter((d) => {
    const module = resolve(root, d.source.file);
    if (changed.has(module) || helperFolders.has(dirname(module))) return true;
    return d.tests.some((t) => changed.has(resolve(root, t.fixture)));
  });
}
