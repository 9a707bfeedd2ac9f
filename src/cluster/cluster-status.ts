import { Client } from "@opensearch-project/opensearch";

export interface ClusterStatus {
  readonly url: string;
  readonly health: string;
  readonly clusterName: string;
  readonly version: string;
  readonly distribution: string;
  /** Installed plugins as `_cat/plugins` lists them. */
  readonly plugins: ReadonlyArray<{ readonly name: string; readonly version: string }>;
  /** Built-in modules (lang-painless, lang-mustache, transport-netty4, ...). */
  readonly modules: readonly string[];
}

/** A client for a plain-HTTP cluster URL (no auth: local clusters run without security). */
export function createOpenSearchClient(url: string): Client {
  return new Client({ node: url });
}

/** Reads health, version, plugins and modules of the cluster at `url`. */
export async function readClusterStatus(url: string, client: Client = createOpenSearchClient(url)): Promise<ClusterStatus> {
  const [health, info, plugins, nodes] = await Promise.all([
    client.cluster.health(),
    client.info(),
    client.cat.plugins({ format: "json" }),
    client.nodes.info({ metric: ["plugins"] }),
  ]);
  const uniquePlugins = new Map<string, string>();
  for (const p of plugins.body as Array<{ component: string; version: string }>) uniquePlugins.set(p.component, p.version);
  const modules = new Set<string>();
  for (const node of Object.values(nodes.body.nodes ?? {}) as Array<{ modules?: Array<{ name: string }> }>) {
    for (const m of node.modules ?? []) modules.add(m.name);
  }
  return {
    url,
    health: String(health.body.status),
    clusterName: String(health.body.cluster_name),
    version: String(info.body.version.number),
    distribution: String(info.body.version.distribution ?? "opensearch"),
    plugins: [...uniquePlugins].map(([name, version]) => ({ name, version })).sort((a, b) => a.name.localeCompare(b.name)),
    modules: [...modules].sort(),
  };
}

/** Human lines for `dac cluster status`. */
export function formatClusterStatus(status: ClusterStatus): string {
  const plugins = status.plugins.map((p) => `${p.name} ${p.version}`).join(", ") || "(none)";
  return [
    `url:      ${status.url}`,
    `health:   ${status.health}`,
    `version:  ${status.distribution} ${status.version} (cluster ${status.clusterName})`,
    `plugins:  ${plugins}`,
    `modules:  ${status.modules.join(", ") || "(none)"}`,
  ].join("\n");
}
