import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { getContainerRuntimeClient } from "testcontainers";
import type { ContainerInfo } from "dockerode";
import { listContainersByLabel, removeContainer } from "./docker-runtime.ts";
import { ensureDockerEngine, ensureLocalImage } from "./local-image.ts";
import { LOCAL_SECURE_CREDENTIALS_FILE, readLocalSecureConnection, removeLocalSecureFiles, writeLocalSecureFiles } from "./local-secure-files.ts";
import { OPENSEARCH_HTTP_PORT, OpenSearchNodeContainer, isUsableHealthBody } from "./opensearch-node.ts";
import { CLUSTER_LABEL } from "./reaper.ts";
import { SecureOpenSearchNodeContainer, StartedSecureOpenSearchNode, waitForSecureHealth } from "./secure-node.ts";
import { resolveOpenSearchImage, type ClusterOptions } from "./start-cluster.ts";

/**
 * The long-lived local cluster behind `dac cluster start`, `dac up`, `dac test`
 * and the `local` environment. Docker is the source of truth: the one running
 * container labelled `dac.cluster=local`. A state file (.dac/cluster.json)
 * records what was started, for people and scripts to read.
 */
export const LOCAL = "local";
export const LOCAL_CONTAINER_NAME = "dac-local-opensearch";
export const PREFERRED_HOST_PORT = 9200;
const VERSION_LABEL = "dac.opensearch.version";
const IMAGE_LABEL = "dac.image";
/** "true" on a node of dac/opensearch-secure (`dac cluster start --secure`). */
const SECURE_LABEL = "dac.secure";

export interface LocalCluster {
  readonly engine: "opensearch";
  readonly url: string;
  readonly port: number;
  readonly containerId: string;
  readonly image: string;
  readonly version: string;
  /** TLS and users (`dac cluster start --secure`): the URL is https, credentials are in .dac/secure/. */
  readonly secure: boolean;
}

export function localClusterStatePath(cwd = process.cwd()): string {
  return join(cwd, ".dac", "cluster.json");
}

export function readLocalClusterState(path = localClusterStatePath()): LocalCluster | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as LocalCluster;
  } catch {
    return undefined;
  }
}

function writeLocalClusterState(cluster: LocalCluster, path = localClusterStatePath()): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ ...cluster, startedAt: new Date().toISOString() }, null, 2)}\n`);
}

/** The cluster a `dac.cluster=local` container describes, if it publishes 9200. */
export function describeLocalContainer(info: ContainerInfo): LocalCluster | undefined {
  const binding = info.Ports.find((p) => p.PrivatePort === OPENSEARCH_HTTP_PORT && p.PublicPort);
  if (!binding) return undefined;
  const secure = info.Labels[SECURE_LABEL] === "true";
  return {
    engine: "opensearch",
    url: `${secure ? "https" : "http"}://localhost:${binding.PublicPort}`,
    port: binding.PublicPort,
    containerId: info.Id,
    image: info.Labels[IMAGE_LABEL] ?? info.Image,
    version: info.Labels[VERSION_LABEL] ?? "unknown",
    secure,
  };
}

async function dockerAnswers(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/**
 * The running local cluster, or undefined. Never starts Docker or a node; the
 * node may still be booting, so pair it with waitForClusterHealth when it
 * must answer.
 */
export async function getRunningLocalCluster(): Promise<LocalCluster | undefined> {
  if (!(await dockerAnswers())) return undefined;
  const running = await listContainersByLabel(CLUSTER_LABEL, LOCAL, { runningOnly: true });
  for (const info of running) {
    const cluster = describeLocalContainer(info);
    if (cluster) return cluster;
  }
  return undefined;
}

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** Polls `_cluster/health` until green or yellow, or throws after `timeoutMs`. */
export async function waitForClusterHealth(
  url: string,
  timeoutMs = 240_000,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  now = () => Date.now(),
): Promise<void> {
  const deadline = now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok && isUsableHealthBody(await res.text())) return;
    } catch {
      // Not listening yet.
    }
    if (now() >= deadline) throw new Error(`cluster at ${url} did not become healthy within ${timeoutMs / 1000}s`);
    await sleep(500);
  }
}

export interface EnsureLocalClusterOptions extends Omit<ClusterOptions, "engine"> {
  /** Host port for HTTP; default 9200 when free, else a random one. */
  readonly port?: number;
  /** Start dac/opensearch-secure: TLS, users and dac's roles (credentials in .dac/secure/). */
  readonly secure?: boolean;
}

/** Waits for the running local cluster, over TLS with the saved admin credentials when it is secured. */
async function waitForLocalCluster(cluster: LocalCluster): Promise<void> {
  if (!cluster.secure) return waitForClusterHealth(cluster.url);
  const admin = readLocalSecureConnection(cluster.url, "admin");
  if (!admin) {
    throw new Error(`the local cluster at ${cluster.url} is secured, but ${LOCAL_SECURE_CREDENTIALS_FILE} is gone; \`dac cluster stop\` and start it again`);
  }
  return waitForSecureHealth(cluster.url, admin, 240_000);
}

/** A running cluster of the other kind is never reused nor replaced silently. */
function describeMismatch(existing: LocalCluster): string {
  return existing.secure
    ? `the local cluster at ${existing.url} is secured (dac cluster start --secure): use it through an environment with its credentials (README, "A secured local cluster"), or \`dac cluster stop\` it first`
    : `a local cluster without security runs at ${existing.url}; \`dac cluster stop\` it before \`dac cluster start --secure\``;
}

/**
 * Returns the running local cluster, starting one (detached: it outlives this
 * process) when there is none. `created` says which happened.
 */
export async function ensureLocalCluster(options: EnsureLocalClusterOptions = {}): Promise<LocalCluster & { created: boolean }> {
  const existing = await getRunningLocalCluster();
  if (existing) {
    if (existing.secure !== (options.secure === true)) throw new Error(describeMismatch(existing));
    await waitForLocalCluster(existing);
    return { ...existing, created: false };
  }
  if (options.secure && options.image !== undefined) throw new Error("--secure runs dac's own image (dac/opensearch-secure); --image cannot be combined with it");
  // There is no official image with dac's roles: the secured node is always dac's image.
  const image = options.secure
    ? await ensureDockerEngine({ quiet: options.quiet }).then(() => ensureLocalImage({ quiet: options.quiet, secure: true }))
    : (await resolveOpenSearchImage(options)).image;
  // A stopped container of ours would block the name; it holds nothing we keep.
  for (const stale of await listContainersByLabel(CLUSTER_LABEL, LOCAL)) await removeContainer(stale.Id);
  const port = options.port ?? ((await isPortFree(PREFERRED_HOST_PORT)) ? PREFERRED_HOST_PORT : undefined);
  const version = options.version ?? image.slice(image.lastIndexOf(":") + 1);
  const container = (options.secure ? new SecureOpenSearchNodeContainer(image) : new OpenSearchNodeContainer(image))
    .withName(LOCAL_CONTAINER_NAME)
    .withLabels({ [CLUSTER_LABEL]: LOCAL, [VERSION_LABEL]: version, [IMAGE_LABEL]: image, [SECURE_LABEL]: String(options.secure === true) })
    // Detached: no reaper session, and the container stays when stopped by hand.
    .withAutoCleanup(false)
    .withAutoRemove(false);
  if (port !== undefined) container.withHostPort(port);
  try {
    const node = await container.start();
    if (node instanceof StartedSecureOpenSearchNode) writeLocalSecureFiles(node);
  } catch (err) {
    // Another dac process may have won the race for the name: use its node.
    const winner = /already in use|Conflict/i.test(String(err)) ? await getRunningLocalCluster() : undefined;
    if (!winner) throw new Error(`while starting the local cluster (${image}): ${err instanceof Error ? err.message : String(err)}`);
    if (winner.secure !== (options.secure === true)) throw new Error(describeMismatch(winner));
    await waitForLocalCluster(winner);
    return { ...winner, created: false };
  }
  const started = await getRunningLocalCluster();
  if (!started) throw new Error("the local cluster started but its container is not listed as running");
  writeLocalClusterState(started);
  return { ...started, created: true };
}

/** Removes the local cluster's container(s) and the state file. Returns how many were removed. */
export async function stopLocalCluster(): Promise<number> {
  rmSync(localClusterStatePath(), { force: true });
  removeLocalSecureFiles();
  if (!(await dockerAnswers())) return 0;
  const containers = await listContainersByLabel(CLUSTER_LABEL, LOCAL);
  await Promise.all(containers.map((c) => removeContainer(c.Id)));
  return containers.length;
}
