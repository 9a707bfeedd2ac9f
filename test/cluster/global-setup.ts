import type { TestProject } from "vitest/node";
import { startCluster, type StartedOpenSearchNode } from "../../src/cluster/index.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the one OpenSearch node shared by all *.int.test.ts files. */
    opensearchUrl: string;
  }
}

/**
 * Integration global set-up: makes sure Docker and the OpenSearch image
 * exist, starts ONE single-node cluster for the whole run and provides its
 * URL (`inject("opensearchUrl")`). Set DAC_TEST_OPENSEARCH_URL to run the
 * tests against a cluster you started yourself (e.g. `dac cluster start`).
 * Tests share the node, so each should use its own index and monitor names.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env["DAC_TEST_OPENSEARCH_URL"];
  if (external) {
    project.provide("opensearchUrl", external.replace(/\/+$/, ""));
    return async () => {};
  }
  const started = Date.now();
  const node: StartedOpenSearchNode = await startCluster({ engine: "opensearch" });
  process.stderr.write(`integration: OpenSearch ready at ${node.url} after ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  project.provide("opensearchUrl", node.url);
  return async () => {
    await node.stop();
  };
}
