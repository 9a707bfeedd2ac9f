/**
 * The dac project name: which repository owns a deployed detection. Two
 * repositories deploying to one cluster must not see each other's objects as
 * orphans, so every object dac writes carries its project, and `--prune` only
 * deletes objects of the current one. The name is `project:` in
 * environments.yaml, or by default derived from the repository: the `name` in
 * the package.json next to environments.yaml, else that directory's name,
 * either one turned into kebab-case.
 */
import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";

/** kebab-case: it ends up in Kibana tags (`dac:project:<name>`) and KQL filters, so no quotes, spaces or colons. */
export const PROJECT_NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Used when neither package.json nor the directory yields a usable name (e.g. the file system root). */
export const FALLBACK_PROJECT_NAME = "dac-project";

/** `@corp/Detections_EU` -> `corp-detections-eu`; undefined when nothing usable is left. */
export function slugifyProjectName(text: string): string | undefined {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? undefined : slug;
}

/** The default project of the repository in `dir`: package.json's name, else the directory name. */
export function deriveDefaultProjectName(dir: string): string {
  const absolute = resolve(dir);
  return slugifyProjectName(readPackageName(absolute) ?? "") ?? slugifyProjectName(basename(absolute)) ?? FALLBACK_PROJECT_NAME;
}

function readPackageName(dir: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(resolve(dir, "package.json"), "utf8"));
    const name = parsed !== null && typeof parsed === "object" ? (parsed as { name?: unknown }).name : undefined;
    return typeof name === "string" ? name : undefined;
  } catch {
    // No (readable, valid) package.json: the directory name is the documented fallback.
    return undefined;
  }
}
