import type { TestProject } from "vitest/node";
import { startSecureCluster } from "../../src/cluster/index.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The `secure` project's node: URL, CA and its users' passwords (never to be printed). */
    secureNode: {
      readonly url: string;
      readonly containerId: string;
      readonly caPem: string;
      readonly passwords: { readonly admin: string; readonly deployer: string; readonly reader: string };
    };
  }
}

/**
 * Global set-up of the `secure` project: ONE node of dac/opensearch-secure
 * (built by scripts/build-opensearch-image.sh --secure when missing) on a
 * random host port, TLS with a CA made for this run, users admin,
 * dac-deployer and dac-reader with random passwords.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const node = await startSecureCluster();
  process.stderr.write(`${project.name}: secured OpenSearch ready at ${node.url} after ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  project.provide("secureNode", {
    url: node.url,
    containerId: node.getId(),
    caPem: node.caPem,
    passwords: { admin: node.password("admin"), deployer: node.password("deployer"), reader: node.password("reader") },
  });
  return () => node.stop().then(() => undefined);
}
