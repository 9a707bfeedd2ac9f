/**
 * `dac test --changed-since REF`, exactly: the pack is loaded a second time
 * as it was at REF's merge base with HEAD (that commit's tree, extracted to a
 * temporary folder, the project's node_modules linked in), and a detection is
 * selected when
 *  - its module file or one of its fixture files changed (changed.ts), or
 *  - it is new, or
 *  - what it replays differs: for each of its tests, the detection resolved
 *    with the exceptions it names and the exception values of the test's
 *    environment (environments.yaml), compared as JSON with file locations
 *    left out. A helper module or environments.yaml edit thus selects only
 *    the detections whose exceptions or values it really changed.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { loadEnvironments } from "../config/index.ts";
import { loadDetections, resolveDetection, type Detection, type ExceptionDefinition, type ExceptionValues } from "../detection/index.ts";

/** A pack and the exception values of every environment, rooted at `root` (a checkout). */
export interface PackSnapshot {
  readonly root: string;
  readonly detections: readonly Detection[];
  readonly exceptions: readonly ExceptionDefinition[];
  readonly environments: Readonly<Record<string, ExceptionValues>>;
}

/** What each test of `detection` replays, as comparable text (paths relative to the snapshot's root, locations dropped). */
export function fingerprintDetection(detection: Detection, snapshot: PackSnapshot): string {
  const replayed = detection.tests.map((test) => {
    const environment = test.environment ?? "test";
    const values = snapshot.environments[environment];
    const resolved = values ? resolveDetection(detection, values, snapshot.exceptions, environment) : undefined;
    return { test, environment, resolved: resolved?.ok ? resolved.value : (resolved?.diagnostics.map((d) => d.message) ?? "no such environment") };
  });
  return JSON.stringify(replayed, (key, value: unknown) => {
    // Locations move with every edit above them and differ between checkouts: they are not what replays.
    if (key === "source" && typeof value === "object" && value !== null && "file" in value) return undefined;
    if (key === "fixture" && typeof value === "string") return relative(snapshot.root, value);
    return value;
  });
}

/**
 * The detections of `current` that REF's merge base (`base`) replays
 * differently; `changedFiles` (absolute) are the files git reports changed.
 */
export function selectExactlyChangedDetections(current: PackSnapshot, base: PackSnapshot, changedFiles: readonly string[]): Detection[] {
  const changed = new Set(changedFiles.map((f) => resolve(current.root, f)));
  const before = new Map(base.detections.map((d) => [d.id, d]));
  return current.detections.filter((d) => {
    if (changed.has(resolve(current.root, d.source.file))) return true;
    if (d.tests.some((t) => changed.has(resolve(current.root, t.fixture)))) return true;
    const old = before.get(d.id);
    return old === undefined || fingerprintDetection(old, base) !== fingerprintDetection(d, current);
  });
}

/**
 * Loads the pack at `paths` (and `environmentsFile`) as they are in commit
 * `commit`; `root` is the repository's top level. The extracted tree is
 * removed before returning.
 */
export async function loadPackAtCommit(root: string, commit: string, paths: readonly string[], environmentsFile: string): Promise<PackSnapshot> {
  const dir = mkdtempSync(join(tmpdir(), "dac-changed-since-"));
  try {
    const tar = execFileSync("git", ["archive", "--format=tar", commit], { cwd: root, maxBuffer: 1 << 30 });
    execFileSync("tar", ["-x", "-C", dir], { input: tar });
    // Modules import dac (and npm packages) relative to the project: the same node_modules serve both trees.
    if (existsSync(join(root, "node_modules")) && !existsSync(join(dir, "node_modules"))) symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
    const moved = (p: string) => join(dir, relative(root, resolve(p)));
    const existing = paths.map(moved).filter((p) => existsSync(p));
    const pack = existing.length > 0 ? await loadDetections(existing) : { detections: [], exceptions: [] };
    const envs = existsSync(moved(environmentsFile)) ? loadEnvironments(moved(environmentsFile)) : undefined;
    const environments = envs?.ok ? Object.fromEntries(Object.entries(envs.value.environments).map(([name, env]) => [name, env.exceptionValues])) : {};
    return { root: dir, detections: pack.detections, exceptions: pack.exceptions, environments };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The merge base of REF and HEAD, and the repository's top level. */
export function resolveMergeBase(ref: string, cwd = process.cwd()): { root: string; base: string } {
  const git = (...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  try {
    return { root: git("rev-parse", "--show-toplevel"), base: git("merge-base", ref, "HEAD") };
  } catch (err) {
    const stderr = (err as { stderr?: Buffer | string }).stderr?.toString().trim();
    throw new Error(`--changed-since ${ref}: git cannot compare with it${stderr ? ` (${stderr})` : ""}`);
  }
}
