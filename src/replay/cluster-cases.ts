/**
 * Replay cases: one per (detection, test). Each case gets its own index and
 * its own monitor, so cases can run side by side and a failure points at one
 * fixture. The monitor is the detection as `dac deploy` would compile it for
 * the target environment, with one pipeline step added: `indices` rewritten
 * to the case's index (and the id made unique, and the schedule disabled, so
 * the cluster's own scheduler never runs it: replay triggers it by hand).
 */
import type { ResolvedEnvironment } from "../config/index.ts";
import { resolveDetection, type Detection, type DetectionTest, type ExceptionDefinition, type ExceptionValues, type ResolvedDetection } from "../detection/index.ts";
import { applyEnvironmentToDetection, type DesiredCompiler, type DesiredResource } from "../sync/index.ts";
import { REPLAY_INDEX_PREFIX } from "./ecs-template.ts";

export interface ReplayCase {
  readonly detection: Detection;
  readonly testIndex: number;
  readonly test: DetectionTest;
  /** Replay index the fixture goes into: `dac-replay-<detection>-<n>-<run>`. */
  readonly index: string;
  /** Sync id of the case's monitor: `<detection>--replay-<n>-<run>`. */
  readonly replayId: string;
  /** The detection exactly as replayed (exceptions resolved, environment applied, pointed at `index`). */
  readonly replayed?: ResolvedDetection;
  readonly desired?: DesiredResource;
  /** Why the case cannot run (unknown environment, exception values missing, compile refused). */
  readonly problem?: string;
}

export interface PlanReplayCasesOptions {
  /** The environment whose cluster runs the replay: its rule defaults apply as on deploy. */
  readonly target: ResolvedEnvironment;
  /** Exception values per environment name; a test's `environment` picks one (default `defaultEnvironment`). */
  readonly environments: Readonly<Record<string, ExceptionValues>>;
  readonly defaultEnvironment?: string;
  readonly compiler: DesiredCompiler;
  /** Short token that keeps concurrent runs on one cluster apart. */
  readonly runId: string;
}

/** A random lowercase run token (index names must be lowercase). */
export function createRunId(random: () => number = Math.random): string {
  return Math.floor(random() * 36 ** 6).toString(36).padStart(6, "0");
}

/** The pipeline step replay adds: the detection reads `index` only, under its replay id, never scheduled. */
export function pointDetectionAtIndex(detection: ResolvedDetection, index: string, replayId: string): ResolvedDetection {
  return { ...detection, id: replayId, indices: [index], enabled: false };
}

/** One case per test of every detection, in detection then test order. */
export function planReplayCases(detections: readonly Detection[], exceptions: readonly ExceptionDefinition[], options: PlanReplayCasesOptions): ReplayCase[] {
  const cases: ReplayCase[] = [];
  for (const detection of detections) {
    detection.tests.forEach((test, testIndex) => {
      const index = `${REPLAY_INDEX_PREFIX}${detection.id}-${testIndex}-${options.runId}`;
      const replayId = `${detection.id}--replay-${testIndex}-${options.runId}`;
      const base = { detection, testIndex, test, index, replayId };
      const environment = test.environment ?? options.defaultEnvironment ?? "test";
      const values = options.environments[environment];
      if (!values) {
        cases.push({ ...base, problem: `environment "${environment}" is not defined in environments.yaml` });
        return;
      }
      const resolved = resolveDetection(detection, values, exceptions, environment);
      if (!resolved.ok) {
        cases.push({ ...base, problem: resolved.diagnostics.map((d) => d.message).join("; ") });
        return;
      }
      const replayed = pointDetectionAtIndex(applyEnvironmentToDetection(resolved.value, options.target), index, replayId);
      const refused = (options.compiler.check?.(replayed) ?? []).filter((d) => d.severity === "error");
      if (refused.length > 0) {
        cases.push({ ...base, replayed, problem: `the ${options.target.engine} target cannot run it: ${refused.map((d) => d.message).join("; ")}` });
        return;
      }
      try {
        cases.push({ ...base, replayed, desired: options.compiler.compile(replayed) });
      } catch (err) {
        cases.push({ ...base, replayed, problem: `does not compile: ${err instanceof Error ? err.message : String(err)}` });
      }
    });
  }
  return cases;
}
