import { Client } from "@opensearch-project/opensearch";
import { AbstractStartedContainer, GenericContainer, Wait, type StartedTestContainer } from "testcontainers";

export const OPENSEARCH_HTTP_PORT = 9200;
export const OPENSEARCH_TRANSPORT_PORT = 9300;
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
  private namespaceOf: string | undefined;
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
   * Makes this node number `index` of a `size`-node cluster whose nodes share
   * ONE network namespace (the first node's; see multi-node-cluster.ts) and
   * talk over loopback: node i has transport port 9300+i and HTTP port 9200+i.
   * Transport on loopback keeps OpenSearch in development mode: with a
   * non-loopback transport address it enforces the production bootstrap
   * checks, and a usual Docker host fails two that a container cannot fix
   * (vm.max_map_count, a host sysctl; open files, which rootless Docker may
   * not raise). HTTP listens on every interface, so the first node's port
   * can be mapped to the host. Cold starts of several JVMs on a busy host are
   * slow: the start-up timeout doubles.
   */
  asClusterMember(index: number, size: number, namespaceOf?: string): this {
    const peers = Array.from({ length: size }, (_, i) => `127.0.0.1:${OPENSEARCH_TRANSPORT_PORT + i}`);
    this.settings["discovery.type"] = "zen";
    this.settings["node.name"] = `os${index}`;
    this.settings["discovery.seed_hosts"] = peers.join(",");
    this.settings["cluster.initial_cluster_manager_nodes"] = Array.from({ length: size }, (_, i) => `os${i}`).join(",");
    this.settings["transport.host"] = "127.0.0.1";
    this.settings["transport.port"] = String(OPENSEARCH_TRANSPORT_PORT + index);
    this.settings["http.host"] = "0.0.0.0";
    this.settings["http.port"] = String(OPENSEARCH_HTTP_PORT + index);
    this.withStartupTimeout(2 * DEFAULT_STARTUP_TIMEOUT_MS);
    // A node's health is the cluster's, which needs a quorum of peers: each
    // waits for its own "started" line instead (the cluster start then waits for all).
    this.withWaitStrategy(Wait.forLogMessage(/\] \[os\d+\] started/));
    // Node 0 logs "started" after giving up on forming a cluster alone; keep that short.
    if (index === 0) this.settings["discovery.initial_state_timeout"] = "1s";
    if (namespaceOf !== undefined) {
      // No ports of its own: it lives in the first node's network namespace.
      this.namespaceOf = namespaceOf;
      this.withNetworkMode(`container:${namespaceOf}`);
    }
    return this;
  }

  /** An OpenSearch setting (`opensearch.yml` key), passed as `-E name=value`. */
  withSetting(name: string, value: string): this {
    if (!name.includes(".")) throw new Error(`not a dotted OpenSearch setting name: ${name}`);
    this.settings[name] = value;
    return this;
  }

  override async start(): Promise<StartedOpenSearchNode> {
    if (this.namespaceOf === undefined) {
      this.withExposedPorts(this.hostPort === undefined ? OPENSEARCH_HTTP_PORT : { container: OPENSEARCH_HTTP_PORT, host: this.hostPort });
    }
    this.withEnvironment({
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
