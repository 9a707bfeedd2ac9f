import { Client } from "@opensearch-project/opensearch";
import { AbstractStartedContainer, GenericContainer, Wait, type StartedTestContainer } from "testcontainers";

export const OPENSEARCH_HTTP_PORT = 9200;
const DEFAULT_JAVA_OPTS = "-Xms1g -Xmx1g";
/** Cold JVM start plus plugin loading takes 5-30 s; leave room for a busy 2-core machine. */
const DEFAULT_STARTUP_TIMEOUT_MS = 240_000;

/** True for a `_cluster/health` body whose status is green or yellow. */
export function isUsableHealthBody(body: string): boolean {
  try {
    const status = (JSON.parse(body) as { status?: unknown }).status;
    return status === "green" || status === "yellow";
  } catch {
    return false;
  }
}

/**
 * A single OpenSearch node with the security plugin off (plain HTTP). Works
 * for the official `opensearchproject/opensearch` image and for dac's local
 * image alike: settings travel as dotted environment variables, which both
 * entry points turn into `-E` flags, and DISABLE_SECURITY_PLUGIN is honoured
 * by the official image and ignored by ours (it has no security plugin).
 */
export class OpenSearchNodeContainer extends GenericContainer {
  private javaOpts = process.env["OPENSEARCH_JAVA_OPTS"] || DEFAULT_JAVA_OPTS;
  private hostPort: number | undefined;
  private readonly settings: Record<string, string> = { "discovery.type": "single-node" };

  constructor(image: string) {
    super(image);
    this.withWaitStrategy(
      Wait.forHttp("/_cluster/health", OPENSEARCH_HTTP_PORT).forStatusCode(200).forResponsePredicate(isUsableHealthBody),
    ).withStartupTimeout(DEFAULT_STARTUP_TIMEOUT_MS);
  }

  /** JVM options, e.g. `-Xms512m -Xmx512m` (default `-Xms1g -Xmx1g` or $OPENSEARCH_JAVA_OPTS). */
  withJavaOpts(opts: string): this {
    this.javaOpts = opts;
    return this;
  }

  /** Binds HTTP to this host port instead of a random one. */
  withHostPort(port: number): this {
    this.hostPort = port;
    return this;
  }

  /**
   * Makes this node one of `peers` (their network aliases, this node's among
   * them) forming one cluster instead of a single-node one. Multi-node
   * discovery turns on the production bootstrap checks; the one a laptop or CI
   * host usually fails, vm.max_map_count, only applies when Lucene may mmap
   * its files, so mmap is turned off (NIO file access: slower, same results).
   */
  asClusterMember(nodeName: string, peers: readonly string[]): this {
    this.settings["discovery.type"] = "zen";
    this.settings["node.name"] = nodeName;
    this.settings["discovery.seed_hosts"] = peers.join(",");
    this.settings["cluster.initial_cluster_manager_nodes"] = peers.join(",");
    this.settings["node.store.allow_mmap"] = "false";
    return this;
  }

  /** An OpenSearch setting (`opensearch.yml` key), passed as `-E name=value`. */
  withSetting(name: string, value: string): this {
    if (!name.includes(".")) throw new Error(`not a dotted OpenSearch setting name: ${name}`);
    this.settings[name] = value;
    return this;
  }

  override async start(): Promise<StartedOpenSearchNode> {
    this.withExposedPorts(
      this.hostPort === undefined ? OPENSEARCH_HTTP_PORT : { container: OPENSEARCH_HTTP_PORT, host: this.hostPort },
    ).withEnvironment({
      ...this.settings,
      OPENSEARCH_JAVA_OPTS: this.javaOpts,
      DISABLE_SECURITY_PLUGIN: "true",
      DISABLE_INSTALL_DEMO_CONFIG: "true",
    });
    return new StartedOpenSearchNode(await super.start());
  }
}

/** A running node: its URL and a client for it. Dispose (or stop) to remove it. */
export class StartedOpenSearchNode extends AbstractStartedContainer {
  private clientInstance: Client | undefined;

  constructor(started: StartedTestContainer) {
    super(started);
  }

  /** `http://<host>:<mapped port>` */
  get url(): string {
    return `http://${this.getHost()}:${this.getMappedPort(OPENSEARCH_HTTP_PORT)}`;
  }

  /** A client for this node, created on first use and closed when the node stops. */
  get client(): Client {
    this.clientInstance ??= new Client({ node: this.url });
    return this.clientInstance;
  }

  protected override async containerStopping(): Promise<void> {
    await this.clientInstance?.close();
    this.clientInstance = undefined;
  }
}
