import { createImageProbe } from "./docker-runtime.ts";
import { OpenSearchNodeContainer, type StartedOpenSearchNode } from "./opensearch-node.ts";
import { CLUSTER_LABEL, configureReaper, EPHEMERAL, OWNER_LABEL, ownerLabelValue, reapOrphanedNodes } from "./reaper.ts";
import { resolveOpenSearchImage, type ClusterOptions } from "./start-cluster.ts";

export interface MultiNodeClusterOptions extends ClusterOptions {
  /** Number of nodes, all cluster-manager-eligible data nodes (default 3). */
  readonly nodes?: number;
  /** JVM options per node (default `-Xms1g -Xmx1g`: a 1,000-key composite page of sequence buckets reserves ~55 MB in the reduce phase, which trips the parent circuit breaker of a 512 MB node). */
  readonly javaOpts?: string;
}

/** A running multi-node cluster: the URL of its first node, every node, and stop(). */
export interface StartedMultiNodeCluster extends AsyncDisposable {
  readonly url: string;
  readonly nodes: readonly StartedOpenSearchNode[];
  stop(): Promise<void>;
}

const DEFAULT_NODES = 3;
const DEFAULT_JAVA_OPTS = "-Xms1g -Xmx1g";

/**
 * Starts an N-node OpenSearch cluster owned by this process: N containers,
 * one JVM each, sharing the first container's network namespace and talking
 * over loopback (OpenSearchNodeContainer.asClusterMember says why); the first
 * node's HTTP port is mapped to the host. For tests that must see what one
 * node hides: documents spread over shards on several nodes, so per-shard
 * orders (`_seq_no`) no longer add up to one input order, and aggregations
 * reduce across nodes. The other nodes start once the first container runs;
 * the first waits for green-or-yellow health, which it reaches only when a
 * quorum of cluster managers (2 of 3) has formed the cluster, and then for
 * every node to have joined.
 */
export async function startMultiNodeCluster(options: MultiNodeClusterOptions): Promise<StartedMultiNodeCluster> {
  const { image } = await resolveOpenSearchImage(options);
  await configureReaper(createImageProbe());
  await reapOrphanedNodes();
  const count = options.nodes ?? DEFAULT_NODES;
  const member = (index: number, namespaceOf?: string) =>
    new OpenSearchNodeContainer(image)
      .withLabels({ [CLUSTER_LABEL]: EPHEMERAL, [OWNER_LABEL]: ownerLabelValue() })
      .withJavaOpts(options.javaOpts ?? DEFAULT_JAVA_OPTS)
      .asClusterMember(index, count, namespaceOf);
  const nodes: StartedOpenSearchNode[] = [];
  const stop = async (): Promise<void> => {
    // The namespace owner goes last: the others live in its network.
    for (const node of [...nodes].reverse()) await node.stop().catch(() => undefined);
  };
  try {
    // The first node cannot report healthy alone: it waits for its "started" line
    // (logged once it gives up waiting for a cluster), then the others join it.
    nodes.push(await member(0).start());
    const firstId = nodes[0]!.getId();
    const started = await Promise.allSettled(Array.from({ length: count - 1 }, (_, i) => member(i + 1, firstId).start()));
    for (const r of started) if (r.status === "fulfilled") nodes.push(r.value);
    const failed = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    await waitForNodes(nodes[0]!.url, count);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: nodes[0]!.url, nodes, stop, [Symbol.asyncDispose]: stop };
}

/** Polls `_cluster/health` until `count` nodes have joined and the cluster is usable. */
async function waitForNodes(url: string, count: number, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/_cluster/health?wait_for_nodes=${count}&timeout=10s`);
      last = await res.text();
      const body = JSON.parse(last) as { number_of_nodes?: number; status?: string; timed_out?: boolean };
      if (body.number_of_nodes === count && body.timed_out !== true && (body.status === "green" || body.status === "yellow")) return;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
  throw new Error(`the ${count}-node cluster at ${url} did not form within ${timeoutMs / 1000}s (last health: ${last.slice(0, 300)})`);
}
