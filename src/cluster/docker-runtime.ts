import { getContainerRuntimeClient, ImageName } from "testcontainers";
import type { ContainerInfo } from "dockerode";
import type { ImageProbe } from "./image-choice.ts";

/**
 * Thin access to the Docker engine through testcontainers' runtime client
 * (dockerode underneath), for what GenericContainer does not cover: image
 * presence, pulls that may fail, and containers found by label.
 */
export function createImageProbe(): ImageProbe {
  return {
    async exists(image) {
      const client = await getContainerRuntimeClient();
      return client.image.exists(ImageName.fromString(image));
    },
    async tryPull(image) {
      const client = await getContainerRuntimeClient();
      try {
        await client.image.pull(ImageName.fromString(image));
        return true;
      } catch {
        // No registry reachable (the usual case here) or no such image.
        return false;
      }
    },
  };
}

/** Containers carrying `label=value`, running or not unless `runningOnly`. */
export async function listContainersByLabel(label: string, value: string, opts: { runningOnly?: boolean } = {}): Promise<ContainerInfo[]> {
  const client = await getContainerRuntimeClient();
  return client.container.dockerode.listContainers({
    all: !opts.runningOnly,
    filters: { label: [`${label}=${value}`] },
  });
}

/** Stops and removes a container; a container that is already gone is fine. */
export async function removeContainer(id: string): Promise<void> {
  const client = await getContainerRuntimeClient();
  try {
    await client.container.dockerode.getContainer(id).remove({ force: true, v: true });
  } catch (err) {
    if (!(err instanceof Error && /no such container|is already in progress/i.test(err.message))) throw err;
  }
}
