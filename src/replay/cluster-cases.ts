/**
 * Replay cases: one per (detection, test), each with its own monitor, so a
 * failure points at one fixture. On OpenSearch (`scopeOf` given) the monitor
 * is the detection exactly as `dac deploy` compiles it for the target
 * environment (`deployed`), pointed at the shared index holding the test's
 * fixture and scoped to its marker (replay-scope.ts): nothing else changes.
 * Where it is deployed (Alerting), it also gets a replay id and is disabled,
 * so it never collides with the real one and the cluster's own scheduler
 * never runs it (replay triggers it by hand). Kibana replay (no `scopeOf`)
 * keeps one index per case: the detection's `indices` rewritten to it.
 */
import type { ResolvedEnvironment } from "../config/index.ts";
import { resolveDetection, type Detection, type DetectionTest, type ExceptionDefinition, type ExceptionValues, type ResolvedDetection } from "../detection/index.ts";
import { applyEnvironmentToDetection, type DesiredCompiler, type DesiredResource } from "../sync/index.ts";
import { REPLAY_INDEX_PREFIX } from "./ecs-template.ts";
import { scopeMonitorToReplay, type ReplayScope } from "./replay-scope.ts";

export interface ReplayCase {
  readonly detection: Detection;
  readonly testIndex: number;
  readonly test: DetectionTest;
  /** Replay index the fixture goes into: the shared one with `scopeOf`, else `dac-replay-<detection>-<n>-<run>`. */
  readonly index: string;
  /** Shared index and fixture marker (OpenSearch replay). */
  readonly scope?: ReplayScope;
  /** Sync id of the case's monitor: `<detection>--replay-<n>-<run>`. */
  readonly replayId: string;
  /** The detection exactly as replayed (exceptions resolved, environment applied; pointed at `index` without `scopeOf`). */
  readonly replayed?: ResolvedDetection;
  /** With `scopeOf`: the detection as `dac deploy` compiles it for the target. */
  readonly deployed?: DesiredResource;
  /** What runs: under the replay id, its body the deployed one scoped (scopeMonitorToReplay). */
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
  /** The shared index and marker of a test's fixture; without it each case gets its own index. */
  readonly scopeOf?: (test: DetectionTest, detection: Detection) => ReplayScope;
  /** With `scopeOf`: the monitors will be deployed (replay id, disabled), not evaluated from their bodies. */
  readonly deploys?: boolean;
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
      const scope = options.scopeOf?.(test, detection);
      const index = scope?.index ?? `${REPLAY_INDEX_PREFIX}${detection.id}-${testIndex}-${options.runId}`;
      const replayId = `${detection.id}--replay-${testIndex}-${options.runId}`;
      const base = { detection, testIndex, test, index, replayId, ...(scope ? { scope } : {}) };
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
      const targeted = applyEnvironmentToDetection(resolved.value, options.target);
      const replayed = scope ? targeted : pointDetectionAtIndex(targeted, index, replayId);
      const refused = (options.compiler.check?.(replayed) ?? []).filter((d) => d.severity === "error");
      if (refused.length > 0) {
        cases.push({ ...base, replayed, problem: `the ${options.target.engine} target cannot run it: ${refused.map((d) => d.message).join("; ")}` });
        return;
      }
      try {
        cases.push({ ...base, replayed, ...compileCase(replayed, options, scope, index, replayId) });
      } catch (err) {
        cases.push({ ...base, replayed, problem: `does not compile: ${err instanceof Error ? err.message : String(err)}` });
      }
    });
  }
  return cases;
}

/** The case's deployed and desired resources (see the file comment). */
function compileCase(replayed: ResolvedDetection, options: PlanReplayCasesOptions, scope: ReplayScope | undefined, index: string, replayId: string): Pick<ReplayCase, "deployed" | "desired"> {
  if (!scope) return { desired: options.compiler.compile(replayed) };
  const deployed = options.compiler.compile(replayed);
  if (!options.deploys) return { deployed, desired: { id: replayId, name: deployed.name, body: scopeMonitorToReplay(deployed.body, scope) } };
  const identified = options.compiler.compile(pointDetectionAtIndex(replayed, index, replayId));
  return { deployed, desired: { ...identified, body: scopeMonitorToReplay(identified.body, scope) } };
}
