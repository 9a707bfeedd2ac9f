import type { LocalImageRecipe } from "./local-image.ts";

/** Looks at the Docker engine; injected so that the choice is testable. */
export interface ImageProbe {
  exists(image: string): Promise<boolean>;
  /** Tries to pull; resolves false (does not throw) when the registry is unreachable. */
  tryPull(image: string): Promise<boolean>;
}

export type ImageChoice =
  /** The configured image is there (present or pulled): use it as is. */
  | { readonly kind: "configured"; readonly image: string }
  /** Fall back to building/using dac's local image (scripts/build-opensearch-image.sh). */
  | { readonly kind: "local-build"; readonly image: string; readonly unavailable: string };

export const DEFAULT_OPENSEARCH_REPOSITORY = "opensearchproject/opensearch";

/** The image to try first: an explicit option, then $DAC_OPENSEARCH_IMAGE, then the official image. */
export function configuredOpenSearchImage(version: string, image: string | undefined, env: NodeJS.ProcessEnv): string {
  return image ?? (env["DAC_OPENSEARCH_IMAGE"] || `${DEFAULT_OPENSEARCH_REPOSITORY}:${version}`);
}

/**
 * Picks the image for an OpenSearch node. The configured image wins when it
 * is present or can be pulled; otherwise the local recipe is used, which only
 * exists for one version, so another version is an error rather than a
 * silent substitution.
 */
export async function chooseOpenSearchImage(
  request: { readonly version: string; readonly image?: string },
  local: LocalImageRecipe,
  probe: ImageProbe,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ImageChoice> {
  const configured = configuredOpenSearchImage(request.version, request.image, env);
  if (configured === local.image) return { kind: "local-build", image: local.image, unavailable: configured };
  if ((await probe.exists(configured)) || (await probe.tryPull(configured))) {
    return { kind: "configured", image: configured };
  }
  if (request.version !== local.opensearchVersion) {
    throw new Error(
      `image ${configured} is neither present nor pullable, and the local image recipe ` +
        `(scripts/opensearch-image/versions.env) builds OpenSearch ${local.opensearchVersion}, not ${request.version}`,
    );
  }
  return { kind: "local-build", image: local.image, unavailable: configured };
}
