import { readFileSync } from "node:fs";
import { loadEnvironments, resolveEnvironment, type ResolvedEnvironment } from "../config/index.ts";
import { hasErrors, type Diagnostic } from "../diagnostics/index.ts";
import { loadDetections, packValidators, type LoadedPack } from "../detection/index.ts";
import { createTargetAdapters, selectDesiredCompiler } from "./clients/index.ts";
import { buildDesiredResources } from "./desired.ts";
import { readLiveState } from "./live.ts";
import { planChanges } from "./plan.ts";
import type { Plan } from "./plan-model.ts";
import type { DesiredResource, JsonObject, LiveState, TargetAdapter } from "./target.ts";

export interface SyncSessionOptions {
  readonly environmentsFile: string;
  readonly environment: string;
  /** Detection module files or folders. */
  readonly detections: readonly string[];
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  /** Test seam: build adapters some other way (defaults to clients/createTargetAdapters). */
  readonly createAdapters?: (env: ResolvedEnvironment) => TargetAdapter[];
}

/** Everything a plan or deploy needs, loaded and checked; nothing read from the target yet. */
export interface SyncSession {
  readonly env: ResolvedEnvironment;
  readonly adapters: readonly TargetAdapter[];
  readonly desired: readonly DesiredResource[];
}

export type SessionResult =
  | { readonly ok: true; readonly session: SyncSession; readonly diagnostics: readonly Diagnostic[]; readonly sources: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly sources: ReadonlyMap<string, string> };

/**
 * Loads the environment and the detection modules, validates them and compiles
 * the desired bodies for the environment's target. Any error stops here, before
 * a single call to the target: deploying half a pack because one module is
 * broken would prune or skip rules the user still wants.
 */
export async function prepareSyncSession(options: SyncSessionOptions): Promise<SessionResult> {
  const sources = new Map<string, string>();
  const envs = loadEnvironments(options.environmentsFile);
  if (!envs.ok) {
    addSource(sources, options.environmentsFile);
    return { ok: false, diagnostics: envs.diagnostics, sources };
  }
  const env = resolveEnvironment(envs.value, options.environment, options.processEnv ?? process.env);
  if (!env.ok) return { ok: false, diagnostics: env.diagnostics, sources };
  const pack = await loadDetections(options.detections);
  for (const [file, text] of pack.sources) sources.set(file, text);
  const diagnostics: Diagnostic[] = [...pack.diagnostics, ...validateForDeploy(pack)];
  if (hasErrors(diagnostics)) return { ok: false, diagnostics, sources };
  const build = buildDesiredResources(pack, env.value, selectDesiredCompiler(env.value));
  diagnostics.push(...build.diagnostics);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics, sources };
  const adapters = (options.createAdapters ?? createTargetAdapters)(env.value);
  return { ok: true, session: { env: env.value, adapters, desired: build.desired }, diagnostics, sources };
}

// Replay tests and their fixtures matter to `dac test`, not to what gets
// deployed: an exported pack (which has no tests) must still plan and deploy.
const TEST_ONLY_CODES = new Set(["detection/missing-test", "detection/fixture-missing"]);

function validateForDeploy(pack: LoadedPack): Diagnostic[] {
  return packValidators
    .filter((v) => !v.codes.every((code) => TEST_ONLY_CODES.has(code)))
    .flatMap((v) => v.run(pack, {}))
    .filter((d) => d.severity === "error");
}

function addSource(sources: Map<string, string>, file: string): void {
  try {
    sources.set(file, readFileSync(file, "utf8"));
  } catch {
    // A missing file is itself the diagnostic; no excerpt to show.
  }
}

/** One target's plan together with the live state it was computed from (for a same-run apply). */
export interface PlannedTarget {
  readonly adapter: TargetAdapter;
  readonly live: LiveState;
  readonly plan: Plan;
}

/** Reads every target (in parallel: one call each for OpenSearch) and plans each. */
export async function planSession(session: SyncSession, options: { readonly prune: boolean }): Promise<PlannedTarget[]> {
  return Promise.all(
    session.adapters.map(async (adapter) => {
      const live = await readLiveState(adapter);
      const plan = planChanges(session.desired, live, {
        prune: options.prune,
        target: { kind: adapter.kind, location: adapter.location },
        ...(adapter.hashContent ? { hashContent: (body: JsonObject) => adapter.hashContent?.(body) ?? "" } : {}),
      });
      return { adapter, live, plan };
    }),
  );
}
