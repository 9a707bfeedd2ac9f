/**
 * A throwaway OpenSearch node whose data lives in a named Docker volume, so a
 * benchmark that builds a large index (bench/monitors.ts: 10M events, most of
 * an hour on a busy 2-core machine) builds it once: the next run starts a
 * fresh node on the same volume and finds the index there. The container is
 * removed on stop (as every dac node is); the volume stays until removed by
 * hand (`docker volume rm <name>`).
 */
import { GenericContainer, Wait } from "testcontainers";
import { createImageProbe } from "../../src/cluster/docker-runtime.ts";
import { CLUSTER_LABEL, configureReaper, EPHEMERAL, OpenSearchNodeContainer, OWNER_LABEL, ownerLabelValue, resolveOpenSearchImage, type StartedOpenSearchNode } from "../../src/cluster/index.ts";

const DATA_DIR = "/usr/share/opensearch/data";

export async function startBenchNode(volume: string, javaOpts: string): Promise<StartedOpenSearchNode> {
  const { image } = await resolveOpenSearchImage({});
  await configureReaper(createImageProbe());
  // A new named volume is owned by root; the node runs as uid 1000 and refuses root. One chown, as root, first.
  await new GenericContainer(image)
    .withUser("0:0")
    .withEntrypoint(["chown", "1000:1000", DATA_DIR])
    .withBindMounts([{ source: volume, target: DATA_DIR }])
    .withWaitStrategy(Wait.forOneShotStartup())
    .start()
    .then((c) => c.stop());
  return new OpenSearchNodeContainer(image)
    .withJavaOpts(javaOpts)
    .withBindMounts([{ source: volume, target: DATA_DIR }])
    .withLabels({ [CLUSTER_LABEL]: EPHEMERAL, [OWNER_LABEL]: ownerLabelValue() })
    .start();
}
