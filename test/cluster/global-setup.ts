import type { TestProject } from "vitest/node";
import { startCluster, type StartedOpenSearchNode } from "../../src/cluster/index.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the one OpenSearch node shared by all test files of a cluster project. */
    opensearchUrl: string;
  }
}

/**
 * Global set-up of the cluster projects (`integration`, `alerting`): makes
 * sure Docker and the OpenSearch image exist, starts ONE single-node cluster
 * for the whole run and provides its URL (`inject("opensearchUrl")`). Set
 * DAC_TEST_OPENSEARCH_URL to run the tests against a cluster you started
 * yourself (e.g. `dac cluster start`). Tests share the node, so each should
 * use its own index and monitor names.
 * The `alerting` project refuses a node without the Alerting plugin at once
 * (rather than failing every test with "no handler found"); `integration`
 * runs on either kind.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env["DAC_TEST_OPENSEARCH_URL"];
  let url: string;
  let stop = async (): Promise<void> => {};
  if (external) {
    url = external.replace(/\/+$/, "");
  } else {
    const started = Date.now();
    const node: StartedOpenSearchNode = await startCluster({ engine: "opensearch" });
    process.stderr.write(`${project.name}: OpenSearch ready at ${node.url} after ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    url = node.url;
    stop = () => node.stop().then(() => undefined);
  }
  try {
    await raiseTemplateCompileLimits(url);
    if (project.name === "alerting" && !(await hasAlertingPlugin(url))) {
      throw new Error(
        `the alerting test project needs a node with the Alerting plugin, and ${url} has none. ` +
          "Run it with DAC_OPENSEARCH_IMAGE=opensearchproject/opensearch:2.19.4 (needs a registry), " +
          "an image built with DAC_ALERTING_PLUGIN_ZIP (docs/opensearch-image.md), or DAC_TEST_OPENSEARCH_URL.",
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }
  project.provide("opensearchUrl", url);
  return stop;
}

async function hasAlertingPlugin(url: string): Promise<boolean> {
  const res = await fetch(`${url}/_cat/plugins?format=json`);
  const plugins = (await res.json()) as { component?: string }[];
  return plugins.some((p) => p.component === "opensearch-alerting");
}

/**
 * dac's image sets these in opensearch.yml; the official image does not.
 * Every monitor run compiles its search body as a Mustache template, and the
 * differential suites run hundreds of distinct bodies within a minute.
 */
async function raiseTemplateCompileLimits(url: string): Promise<void> {
  const res = await fetch(`${url}/_cluster/settings`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ persistent: { "script.context.template.max_compilations_rate": "10000/1m", "script.context.template.cache_max_size": 2000 } }),
  });
  if (!res.ok) throw new Error(`raising the template compile limits on ${url}: HTTP ${res.status} ${await res.text()}`);
}
