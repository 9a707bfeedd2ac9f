/**
 * Which cluster a replay (or `dac up`) runs on: the environment named with
 * `--env`, or the local cluster, started (or reused) the way
 * `dac cluster start` does it, Docker engine and image included.
 */
import type { LocalCluster } from "../cluster/index.ts";
import { resolveEnvironment, type Environments, type ResolvedEnvironment } from "../config/index.ts";
import { formatDiagnostics } from "../diagnostics/index.ts";
import type { StepRunner } from "./cluster-replay.ts";

export const LOCAL_ENVIRONMENT = "local";

/**
 * The `local` environment of environments.yaml pointed at `url` (the local
 * cluster may not sit on 9200), or a bare one when the file has none.
 */
export function deriveLocalEnvironment(envs: Environments | undefined, url: string): ResolvedEnvironment {
  const configured = envs?.environments[LOCAL_ENVIRONMENT];
  if (envs && configured?.engine === "opensearch") {
    const resolved = resolveEnvironment(envs, LOCAL_ENVIRONMENT, {});
    if (resolved.ok) return { ...resolved.value, url };
  }
  return { name: LOCAL_ENVIRONMENT, engine: "opensearch", url, auth: { kind: "none" }, spaces: [], tls: { insecure: false }, indices: {}, ruleDefaults: {}, exceptionValues: {} };
}

/** Starts or reuses the local cluster as one progress step; `quiet` keeps script output off a live display. */
export async function startLocalReplayCluster(step: StepRunner, quiet: boolean): Promise<LocalCluster & { created: boolean }> {
  return step("Start the local OpenSearch cluster (Docker engine, image, node)", async (update) => {
    // Loaded here, not at the top: testcontainers costs ~0.5 s of start-up that a replay on a named environment never uses.
    const { ensureLocalCluster } = await import("../cluster/index.ts");
    const cluster = await ensureLocalCluster({ quiet });
    update(`${cluster.created ? "started" : "reusing"} ${cluster.image} at ${cluster.url}`);
    return cluster;
  });
}

/** The named environment with its secrets resolved, or the diagnostics as text. */
export function resolveNamedEnvironment(envs: Environments, name: string): { ok: true; env: ResolvedEnvironment } | { ok: false; message: string } {
  const resolved = resolveEnvironment(envs, name);
  return resolved.ok ? { ok: true, env: resolved.value } : { ok: false, message: formatDiagnostics(resolved.diagnostics, new Map()) };
}
