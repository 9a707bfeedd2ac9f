import { Network, type StartedNetwork } from "testcontainers";
import { createImageProbe } from "./docker-runtime.ts";
import { OpenSearchNodeContainer, type StartedOpenSearchNode } from "./opensearch-node.ts";
import { CLUSTER_LABEL, configureReaper, EPHEMERAL, OWNER_LABEL, ownerLabelValue, reapOrphanedNodes } from "./reaper.ts";
import { resolveOpenSearchImage, type ClusterOptions } from "./start-cluster.ts";

export interface MultiNodeClusterOptions extends ClusterOptions {
  /** Number of nodes, all cluster-manager-eligible data nodes (default 3). */
  readonly nodes?: number;
  /** JVM options per node (default `-Xms512m -Xmx512m`: three nodes fit a CI runner). */
  readonly javaOpts?: string;
}

/** A running multi-node cluster: the URL of its first node, every node, and stop(). */
export interface StartedMultiNodeCluster extends AsyncDisposable {
  readonly url: string;
  readonly nodes: readonly StartedOpenSearchNode[];
  stop(): Promise<void>;
}

const DEFAULT_NODES = 3;
const DEFAULT_JAVA_OPTS = "-Xms512m -Xmx512m";

/**
 * Starts an N-node OpenSearch cluster owned by this process, on its own
 * Docker network (nodes find each other by network alias `os0`…). For tests
 * that must see what one node hides: documents spread over shards on several
 * nodes, so per-shard orders (`_seq_no`, `_doc`) no longer add up to one input
 * order, and aggregations reduce across nodes. The nodes start together (a
 * lone node waits for a quorum of cluster managers before it answers), each
 * waiting for a usable `_cluster/health`.
 */
export async function startMultiNodeCluster(options: MultiNodeClusterOptions): Promise<StartedMultiNodeCluster> {
  const { image } = await resolveOpenSearchImage(options);
  await configureReaper(createImageProbe());
  await reapOrphanedNodes();
  const count = options.nodes ?? DEFAULT_NODES;
  const names = Array.from({ length: count }, (_, i) => `os${i}`);
  const network: StartedNetwork = await new Network().start();
  const settled = await Promise.allSettled(
    names.map((name) =>
      new OpenSearchNodeContainer(image)
        .withLabels({ [CLUSTER_LABEL]: EPHEMERAL, [OWNER_LABEL]: ownerLabelValue() })
        .withJavaOpts(options.javaOpts ?? DEFAULT_JAVA_OPTS)
        .asClusterMember(name, names)
        .withNetwork(network)
        .withNetworkAliases(name)
        .start(),
    ),
  );
  const nodes = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const stop = async (): Promise<void> => {
    await Promise.allSettled(nodes.map((n) => n.stop()));
    await network.stop();
  };
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { url: nodes[0]!.url, nodes, stop, [Symbol.asyncDispose]: stop };
}
