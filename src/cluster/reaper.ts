import { hostname } from "node:os";
import { getReaperImage } from "testcontainers/build/reaper/reaper.js";
import type { ImageProbe } from "./image-choice.ts";
import { listContainersByLabel, removeContainer } from "./docker-runtime.ts";

/** Label on every container dac starts; the value says whose it is. */
export const CLUSTER_LABEL = "dac.cluster";
/** Value of CLUSTER_LABEL for nodes owned by one process (tests, startCluster). */
export const EPHEMERAL = "ephemeral";
/** `<hostname>:<pid>` of the process that owns an ephemeral node. */
export const OWNER_LABEL = "dac.owner";

export function ownerLabelValue(host = hostname(), pid = process.pid): string {
  return `${host}:${pid}`;
}

/**
 * Ryuk (testcontainers' reaper) removes containers when the process that
 * started them dies, but its image must be present or pullable; no registry
 * is reachable here. So it is disabled only when its image is absent, and dac
 * then reaps its own orphans (`reapOrphanedNodes`). An explicit setting wins.
 */
export async function configureReaper(probe: Pick<ImageProbe, "exists">, env: NodeJS.ProcessEnv = process.env): Promise<"ryuk" | "dac"> {
  if (env["TESTCONTAINERS_RYUK_DISABLED"] !== undefined) {
    return env["TESTCONTAINERS_RYUK_DISABLED"] === "true" ? "dac" : "ryuk";
  }
  if (await probe.exists(getReaperImage())) return "ryuk";
  env["TESTCONTAINERS_RYUK_DISABLED"] = "true";
  return "dac";
}

/** Owners on this host whose process is gone; their nodes are orphans. */
export function isOrphanOwner(owner: string | undefined, host: string, isAlive: (pid: number) => boolean): boolean {
  if (!owner) return false;
  const sep = owner.lastIndexOf(":");
  const pid = Number(owner.slice(sep + 1));
  return owner.slice(0, sep) === host && Number.isInteger(pid) && !isAlive(pid);
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes ephemeral nodes left behind by dac processes that died. Returns how many. */
export async function reapOrphanedNodes(host = hostname(), isAlive = isProcessAlive): Promise<number> {
  const containers = await listContainersByLabel(CLUSTER_LABEL, EPHEMERAL);
  const orphans = containers.filter((c) => isOrphanOwner(c.Labels[OWNER_LABEL], host, isAlive));
  await Promise.all(orphans.map((c) => removeContainer(c.Id)));
  return orphans.length;
}
