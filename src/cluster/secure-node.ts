import { Client } from "@opensearch-project/opensearch";
import { AbstractStartedContainer, GenericContainer, getContainerRuntimeClient, Wait, type StartedTestContainer } from "testcontainers";
import { Agent, fetch } from "undici";
import { generateNodeCertificates, type NodeCertificates } from "./node-certificates.ts";
import { isUsableHealthBody, OPENSEARCH_HTTP_PORT } from "./opensearch-node.ts";
import { generatePasswords, renderInternalUsers, SECURE_USERS, type SecurePasswords, type SecureUserKey } from "./secure-users.ts";

/** Where the image's entry point picks up certificates and users (docker-entrypoint.sh). */
const STAGING_DIR = "/tmp/dac-secure";
const DEFAULT_JAVA_OPTS = "-Xms1g -Xmx1g";
/**
 * The security plugin adds 10-20 s to a cold start (it creates and loads its
 * index) and much more on a starved machine: a 2-core host shared with other
 * nodes took over 4 minutes to log "started". Generous, since a false
 * failure costs a whole CI run.
 */
const DEFAULT_STARTUP_TIMEOUT_MS = 420_000;

/**
 * A single OpenSearch node of dac/opensearch-secure (scripts/build-opensearch-image.sh
 * --secure): TLS on HTTP and transport with a CA and node certificate made
 * for this start, and the users admin, dac-deployer and dac-reader with
 * random passwords (roles: scripts/opensearch-image/security/). Certificates
 * and users are copied in before the node's first start, which loads them
 * into its security index.
 */
export class SecureOpenSearchNodeContainer extends GenericContainer {
  private javaOpts = process.env["OPENSEARCH_JAVA_OPTS"] || DEFAULT_JAVA_OPTS;
  private hostPort: number | undefined;
  private healthTimeoutMs = DEFAULT_STARTUP_TIMEOUT_MS;

  constructor(image: string) {
    super(image);
  }

  withJavaOpts(opts: string): this {
    this.javaOpts = opts;
    return this;
  }

  withHostPort(port: number): this {
    this.hostPort = port;
    return this;
  }

  /** How long the node may take to answer healthy after its container started. */
  withHealthTimeout(ms: number): this {
    this.healthTimeoutMs = ms;
    return this;
  }

  override async start(): Promise<StartedSecureOpenSearchNode> {
    // The node certificate names the host clients reach it by (DOCKER_HOST may be remote).
    const runtimeHost = (await getContainerRuntimeClient()).info.containerRuntime.host;
    const certificates = generateNodeCertificates({ hosts: [runtimeHost] });
    const passwords = generatePasswords();
    // Copied files belong to root; 0644 lets the entry point (uid 1000)
    // install them into config/ as its own, mode 0600.
    this.withCopyContentToContainer([
      { content: certificates.caPem, target: `${STAGING_DIR}/root-ca.pem`, mode: 0o644 },
      { content: certificates.nodeCertPem, target: `${STAGING_DIR}/node.pem`, mode: 0o644 },
      { content: certificates.nodeKeyPem, target: `${STAGING_DIR}/node-key.pem`, mode: 0o644 },
      { content: renderInternalUsers(passwords), target: `${STAGING_DIR}/internal_users.yml`, mode: 0o644 },
    ])
      .withExposedPorts(this.hostPort === undefined ? OPENSEARCH_HTTP_PORT : { container: OPENSEARCH_HTTP_PORT, host: this.hostPort })
      .withEnvironment({ OPENSEARCH_JAVA_OPTS: this.javaOpts })
      // The node logs "started" before its security index is loaded;
      // readiness proper is checked below, over verified TLS as admin.
      .withWaitStrategy(Wait.forLogMessage(/o\.o\.n\.Node.*\] started/))
      .withStartupTimeout(this.healthTimeoutMs);
    const container = await super.start();
    const node = new StartedSecureOpenSearchNode(container, certificates, passwords);
    try {
      await waitForSecureHealth(node.url, node.connection("admin"), this.healthTimeoutMs);
    } catch (err) {
      const logs = await readLogTail(container);
      await container.stop().catch(() => undefined);
      throw new Error(`${err instanceof Error ? err.message : String(err)}${logs ? `\nlast node log lines:\n${logs}` : ""}`);
    }
    return node;
  }
}

/** What a client needs to reach a secured node as one user (the CA is the node's, verification on). */
export interface SecureConnection {
  readonly url: string;
  readonly caPem: string;
  readonly username: string;
  readonly password: string;
}

/** A running secured node. Dispose (or stop) to remove it. */
export class StartedSecureOpenSearchNode extends AbstractStartedContainer {
  private readonly clients = new Map<SecureUserKey, Client>();

  constructor(
    started: StartedTestContainer,
    readonly certificates: NodeCertificates,
    private readonly passwords: SecurePasswords,
  ) {
    super(started);
  }

  /** `https://<host>:<mapped port>` */
  get url(): string {
    return `https://${this.getHost()}:${this.getMappedPort(OPENSEARCH_HTTP_PORT)}`;
  }

  /** The CA (PEM) that signed the node certificate. */
  get caPem(): string {
    return this.certificates.caPem;
  }

  username(user: SecureUserKey): string {
    return SECURE_USERS[user];
  }

  /** The user's password: for handing to a client or a child's environment, never for output. */
  password(user: SecureUserKey): string {
    return this.passwords[user];
  }

  connection(user: SecureUserKey): SecureConnection {
    return { url: this.url, caPem: this.caPem, username: SECURE_USERS[user], password: this.passwords[user] };
  }

  /** A client for the node as `user` (default admin), verifying TLS against the node's CA. */
  client(user: SecureUserKey = "admin"): Client {
    let client = this.clients.get(user);
    if (!client) {
      client = createSecureClient(this.connection(user));
      this.clients.set(user, client);
    }
    return client;
  }

  protected override async containerStopping(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
    this.clients.clear();
  }
}

export function createSecureClient(connection: SecureConnection): Client {
  return new Client({
    node: connection.url,
    auth: { username: connection.username, password: connection.password },
    ssl: { ca: connection.caPem, rejectUnauthorized: true },
  });
}

/**
 * Polls `_cluster/health` over TLS verified against the node's CA, as a user,
 * until green or yellow. Until the security index is loaded the node answers
 * 503 ("OpenSearch Security not initialized").
 */
export async function waitForSecureHealth(url: string, connection: SecureConnection, timeoutMs: number): Promise<void> {
  const dispatcher = new Agent({ connect: { ca: connection.caPem, rejectUnauthorized: true } });
  const authorization = `Basic ${Buffer.from(`${connection.username}:${connection.password}`).toString("base64")}`;
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  try {
    for (;;) {
      try {
        const res = await fetch(`${url}/_cluster/health`, { dispatcher, headers: { authorization }, signal: AbortSignal.timeout(5_000) });
        const body = await res.text();
        if (res.ok && isUsableHealthBody(body)) return;
        last = `HTTP ${res.status}`;
      } catch (err) {
        last = describeFetchError(err);
      }
      if (Date.now() >= deadline) throw new Error(`the secured node at ${url} did not become healthy within ${timeoutMs / 1000}s (last: ${last})`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await dispatcher.close();
  }
}

function describeFetchError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

async function readLogTail(container: StartedTestContainer): Promise<string> {
  try {
    const stream = await container.logs({ tail: 20 });
    return await new Promise<string>((resolve) => {
      let text = "";
      stream.on("data", (chunk: Buffer | string) => (text += chunk.toString()));
      stream.on("end", () => resolve(text.trimEnd()));
      setTimeout(() => resolve(text.trimEnd()), 2_000);
    });
  } catch {
    return "";
  }
}
