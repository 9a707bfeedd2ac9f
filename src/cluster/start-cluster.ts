import { createImageProbe } from "./docker-runtime.ts";
import { chooseOpenSearchImage, type ImageChoice } from "./image-choice.ts";
import { ensureDockerEngine, ensureLocalImage, readLocalImageRecipe } from "./local-image.ts";
import { OpenSearchNodeContainer, type StartedOpenSearchNode } from "./opensearch-node.ts";
import { SecureOpenSearchNodeContainer, type StartedSecureOpenSearchNode } from "./secure-node.ts";
import { CLUSTER_LABEL, configureReaper, EPHEMERAL, OWNER_LABEL, ownerLabelValue, reapOrphanedNodes } from "./reaper.ts";

/** Which cluster to start. Only OpenSearch for now; Elastic joins the union later. */
export interface ClusterOptions {
  readonly engine: "opensearch";
  /** Defaults to the version of the local image recipe. */
  readonly version?: string;
  /** Image to try first; defaults to $DAC_OPENSEARCH_IMAGE, then the official image. */
  readonly image?: string;
  /** Keep script progress (engine install, image build) off stderr. */
  readonly quiet?: boolean;
  /** Container name (default: Docker's random one), so a shared machine can tell whose node it is. */
  readonly name?: string;
}

/** The OpenSearch version dac uses when none is asked for. */
export function defaultOpenSearchVersion(): string {
  return readLocalImageRecipe().opensearchVersion;
}

/**
 * Makes sure Docker runs and an image for `version` exists locally: the
 * configured image when present or pullable, else dac's own image, built by
 * scripts/build-opensearch-image.sh if needed.
 */
export async function resolveOpenSearchImage(options: Omit<ClusterOptions, "engine"> = {}): Promise<ImageChoice> {
  await ensureDockerEngine({ quiet: options.quiet });
  const local = readLocalImageRecipe();
  const choice = await chooseOpenSearchImage(
    { version: options.version ?? local.opensearchVersion, image: options.image },
    local,
    createImageProbe(),
  );
  if (choice.kind === "local-build") await ensureLocalImage({ quiet: options.quiet });
  return choice;
}

/**
 * Starts one single-node cluster owned by this process (random host port).
 * Dispose the handle, or call stop(), to remove it; if the process dies
 * first, Ryuk or the next dac run (reapOrphanedNodes) removes it.
 */
export async function startCluster(options: ClusterOptions): Promise<StartedOpenSearchNode> {
  const { image } = await resolveOpenSearchImage(options);
  await configureReaper(createImageProbe());
  await reapOrphanedNodes();
  const container = new OpenSearchNodeContainer(image).withLabels({ [CLUSTER_LABEL]: EPHEMERAL, [OWNER_LABEL]: ownerLabelValue() });
  return (options.name !== undefined ? container.withName(options.name) : container).start();
}

/**
 * Starts one secured single-node cluster owned by this process (random host
 * port) from dac/opensearch-secure, built by scripts/build-opensearch-image.sh
 * --secure when needed: TLS with a fresh CA, users admin, dac-deployer and
 * dac-reader with fresh passwords. There is no official image with dac's
 * roles, so no other image is tried.
 */
export async function startSecureCluster(options: { readonly quiet?: boolean } = {}): Promise<StartedSecureOpenSearchNode> {
  await ensureDockerEngine({ quiet: options.quiet });
  const image = await ensureLocalImage({ quiet: options.quiet, secure: true });
  await configureReaper(createImageProbe());
  await reapOrphanedNodes();
  return new SecureOpenSearchNodeContainer(image)
    .withLabels({ [CLUSTER_LABEL]: EPHEMERAL, [OWNER_LABEL]: ownerLabelValue() })
    .start();
}
