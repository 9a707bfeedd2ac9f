/**
 * GitHub Actions workflow commands for failed replay tests: an `::error`
 * line per failure, pointing at the failing test's entry in the detection
 * module, so the pull request shows the failure on that line.
 * Format: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import { relative, isAbsolute } from "node:path";
import type { TestReport, TestResult } from "./report.ts";

export interface AnnotationLocation {
  /** Repository-relative path (GitHub resolves it against the checkout). */
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/** Data escaping for the message: `%`, CR and LF would end or corrupt the command. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Property values additionally escape `:` and `,`, which separate properties. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** One workflow command line, e.g. `::error file=a.ts,line=3,title=x::message`. */
export function renderGithubAnnotation(level: "error" | "warning" | "notice", location: AnnotationLocation, title: string, message: string): string {
  const props = [`file=${escapeProperty(location.file)}`];
  if (location.line !== undefined) props.push(`line=${location.line}`);
  if (location.column !== undefined) props.push(`col=${location.column}`);
  props.push(`title=${escapeProperty(title)}`);
  return `::${level} ${props.join(",")}::${escapeData(message)}`;
}

/** Annotate on GitHub Actions, or whenever asked to. */
export function shouldAnnotate(env: Readonly<Record<string, string | undefined>>, requested = false): boolean {
  return requested || env["GITHUB_ACTIONS"] === "true";
}

/** A path as GitHub wants it: relative to the workspace, forward slashes. */
export function toRepositoryPath(file: string, root: string): string {
  const rel = isAbsolute(file) ? relative(root, file) : file;
  return rel.split("\\").join("/");
}

/**
 * One `::error` line per failed test. `locate` finds the test's line in its
 * module (the module's first line when it cannot).
 */
export function renderFailureAnnotations(report: TestReport, locate: (result: TestResult) => AnnotationLocation | undefined, root = process.cwd()): string[] {
  return report.results
    .filter((r) => !r.passed)
    .map((r) => {
      const at = locate(r) ?? { file: r.file };
      const message = `${r.test}: ${r.reason ?? "failed"}${r.fixture ? ` (fixture ${toRepositoryPath(r.fixture, root)})` : ""}`;
      return renderGithubAnnotation("error", { ...at, file: toRepositoryPath(at.file, root) }, `dac test: ${r.detectionId}`, message);
    });
}
