import type { ResolvedEnvironment } from "../config/index.ts";
import { errorDiagnostic, type Diagnostic } from "../diagnostics/index.ts";
import { parseDurationMillis, resolveDetection, selectIndexPatterns, type LoadedPack } from "../detection/index.ts";
import type { Detection, ResolvedDetection } from "../detection/index.ts";
import type { CompileDesired, DesiredResource } from "./target.ts";

/** How one target turns detections into desired bodies, and what it cannot express. */
export interface DesiredCompiler {
  readonly compile: CompileDesired;
  /** Located problems that would make `compile` fail (e.g. EQL OpenSearch cannot evaluate). */
  readonly check?: (detection: ResolvedDetection) => readonly Diagnostic[];
}

export interface DesiredBuild {
  readonly desired: readonly DesiredResource[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The detection as it should run in `env`:
 *  - `indices`: when the module kept the default patterns of its data sources,
 *    the environment's `indices` overrides for those sources replace them (a
 *    pack written for Elastic Agent streams can run on a Winlogbeat cluster);
 *    explicit patterns in the module always win.
 *  - `ruleDefaults.enabled: false` deploys every rule disabled (a staging
 *    cluster); it never enables a rule the module disables.
 *  - `ruleDefaults.interval` sets the schedule interval; the lookback stays the
 *    module's, widened to the interval if shorter so no events fall between runs.
 */
export function applyEnvironmentToDetection(detection: ResolvedDetection, env: ResolvedEnvironment): ResolvedDetection {
  let out = detection;
  const overrides = env.indices ?? {};
  const usesDefaults = sameList(detection.indices, selectIndexPatterns(detection.dataSources));
  if (usesDefaults && detection.dataSources.some((s) => overrides[s] !== undefined)) {
    const patterns = new Set<string>();
    for (const source of detection.dataSources) for (const p of overrides[source] ?? selectIndexPatterns([source])) patterns.add(p);
    out = { ...out, indices: [...patterns] };
  }
  if (env.ruleDefaults?.enabled === false && out.enabled) out = { ...out, enabled: false };
  const interval = env.ruleDefaults?.interval;
  if (interval !== undefined && interval !== out.schedule.interval) {
    const lookback = durationMs(out.schedule.lookback) < durationMs(interval) ? interval : out.schedule.lookback;
    out = { ...out, schedule: { interval, lookback } };
  }
  return out;
}

/**
 * Every detection of the pack, resolved against the environment's exception
 * values and compiled for its target. Problems are collected per detection, so
 * the user sees all of them; a detection with a problem is left out.
 */
export function buildDesiredResources(pack: LoadedPack, env: ResolvedEnvironment, compiler: DesiredCompiler): DesiredBuild {
  const desired: DesiredResource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const detection of pack.detections) {
    const resolved = resolveDetection(detection, env.exceptionValues ?? {}, pack.exceptions, env.name);
    if (!resolved.ok) {
      diagnostics.push(...resolved.diagnostics);
      continue;
    }
    const effective = applyEnvironmentToDetection(resolved.value, env);
    const problems = compiler.check?.(effective) ?? [];
    if (problems.some((d) => d.severity === "error")) {
      diagnostics.push(...problems);
      continue;
    }
    try {
      desired.push(compiler.compile(effective));
    } catch (err) {
      diagnostics.push(compileFailure(detection, err));
    }
  }
  return { desired, diagnostics };
}

function compileFailure(detection: Detection, err: unknown): Diagnostic {
  const message = err instanceof Error ? err.message : String(err);
  return errorDiagnostic("sync/compile-failed", `cannot compile detection "${detection.id}": ${message}`, {
    file: detection.source.file,
    ruleId: detection.id,
  });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function durationMs(text: string): number {
  return parseDurationMillis(text) ?? 0;
}
