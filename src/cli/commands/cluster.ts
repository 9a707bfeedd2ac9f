import type { Command } from "commander";
import {
  configuredOpenSearchImage,
  createOpenSearchClient,
  createSecureClient,
  defaultOpenSearchVersion,
  ensureLocalCluster,
  LOCAL_SECURE_CA_FILE,
  LOCAL_SECURE_CREDENTIALS_FILE,
  readLocalSecureConnection,
  waitForSecureHealth,
  formatClusterStatus,
  getRunningLocalCluster,
  readClusterStatus,
  stopLocalCluster,
  waitForClusterHealth,
} from "../../cluster/index.ts";

/**
 * Registers `dac cluster start|status|stop`: the local single-node OpenSearch
 * cluster (Docker container labelled dac.cluster=local) that `dac up`,
 * `dac test` and the `local` environment reuse.
 */
export function registerClusterCommand(program: Command): void {
  const cluster = program.command("cluster").description("Run a local OpenSearch cluster (Docker) for dac up/test/local");

  cluster
    .command("start")
    .description("start the local cluster in the background (prints its URL; reuses a running one)")
    .option("--version <version>", "OpenSearch version (default: the local image recipe's)")
    .option("--image <image>", "image to try first (default: $DAC_OPENSEARCH_IMAGE, then opensearchproject/opensearch:<version>)")
    .option("--port <port>", "host port for HTTP (default: 9200 when free, else random)", parsePort)
    .option("--secure", "TLS, users and dac's roles (dac/opensearch-secure); CA and passwords go to .dac/secure/")
    .option("--json", "print the cluster as JSON")
    .action(async (opts: { version?: string; image?: string; port?: number; secure?: boolean; json?: boolean }) => {
      const dockerHost = describeDockerHost(process.env);
      if (dockerHost !== undefined) process.stderr.write(`${dockerHost}\n`);
      const secure = opts.secure === true;
      const local = await ensureLocalCluster({ version: opts.version, image: opts.image, port: opts.port, secure });
      // The secure node has its own image; the plain image's fallback notice does not apply to it.
      const wanted = configuredOpenSearchImage(opts.version ?? defaultOpenSearchVersion(), opts.image, process.env);
      const asked = !secure && (opts.image !== undefined || Boolean(process.env["DAC_OPENSEARCH_IMAGE"]));
      const notice = secure ? undefined : describeImageOutcome(local, wanted, asked);
      if (notice !== undefined) process.stderr.write(`${notice}\n`);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(local.secure ? { ...local, caFile: LOCAL_SECURE_CA_FILE, credentialsFile: LOCAL_SECURE_CREDENTIALS_FILE } : local, null, 2)}\n`);
      } else {
        if (notice === undefined) process.stderr.write(local.created ? `dac: started ${local.image}\n` : `dac: local cluster already running (${local.image})\n`);
        if (local.secure) {
          process.stderr.write(
            `dac: TLS with a CA made for this node: ${LOCAL_SECURE_CA_FILE} (tls.caFile)\n` +
              `dac: users admin, dac-deployer, dac-reader; their passwords are in ${LOCAL_SECURE_CREDENTIALS_FILE}: \`source ${LOCAL_SECURE_CREDENTIALS_FILE}\`, then \`dac test --env local-secure\`\n`,
          );
        }
        process.stdout.write(`${local.url}\n`);
      }
      // Asked for an image and got another one that was already running: the request was not carried out.
      if (!local.created && asked && local.image !== wanted) process.exitCode = 1;
    });

  cluster
    .command("status")
    .description("show URL, health, version and plugins of the local cluster (exit 1 when none runs)")
    .option("--json", "print the status as JSON")
    .action(async (opts: { json?: boolean }) => {
      const local = await getRunningLocalCluster();
      if (!local) {
        process.stdout.write(opts.json ? `${JSON.stringify({ running: false })}\n` : "no local cluster is running (start one with `dac cluster start`)\n");
        process.exitCode = 1;
        return;
      }
      const admin = local.secure ? readLocalSecureConnection(local.url, "admin") : undefined;
      if (local.secure && !admin) throw new Error(`the local cluster at ${local.url} is secured, but ${LOCAL_SECURE_CREDENTIALS_FILE} is gone`);
      await (admin ? waitForSecureHealth(local.url, admin, 60_000) : waitForClusterHealth(local.url, 60_000));
      const client = admin ? createSecureClient(admin) : createOpenSearchClient(local.url);
      try {
        const status = await readClusterStatus(local.url, client);
        process.stdout.write(
          opts.json
            ? `${JSON.stringify({ running: true, ...local, ...status }, null, 2)}\n`
            : `${formatClusterStatus(status)}\nimage:    ${local.image}\ncontainer: ${local.containerId.slice(0, 12)}\n${local.secure ? `security: TLS (CA ${LOCAL_SECURE_CA_FILE}), users in ${LOCAL_SECURE_CREDENTIALS_FILE}\n` : ""}`,
        );
      } finally {
        await client.close();
      }
    });

  cluster
    .command("stop")
    .description("stop and remove the local cluster (its data goes with it)")
    .action(async () => {
      const removed = await stopLocalCluster();
      process.stdout.write(removed > 0 ? "stopped the local cluster\n" : "no local cluster was running\n");
    });
}

const NO_ALERTING = "it has no Alerting plugin: dac plan/deploy cannot work against it; dac test and dac up evaluate the compiled monitors with core APIs";

/**
 * What `cluster start` must say when the node that runs is not the image asked
 * for: an image request while a node already runs is not applied, and an
 * image that cannot be had falls back to dac's own build (which has no
 * Alerting plugin). Undefined when the node runs the image asked for.
 */
export function describeImageOutcome(local: { readonly created: boolean; readonly image: string; readonly url: string }, wanted: string, asked: boolean): string | undefined {
  if (local.image === wanted) return undefined;
  if (!local.created) {
    if (!asked) return undefined;
    return `dac: a local cluster is already running on ${local.image} (${local.url}); ${wanted} was NOT started. Run \`dac cluster stop\` first to switch images.`;
  }
  return `dac: ${wanted} is neither present nor pullable, so dac started its own image ${local.image} instead; ${NO_ALERTING}.`;
}

/** For `dac up` / `dac test`: the image notice for the local node they started or reused, given the environment. */
export function describeLocalNodeImage(local: { readonly created: boolean; readonly image: string; readonly url: string }, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return describeImageOutcome(local, configuredOpenSearchImage(defaultOpenSearchVersion(), undefined, env), Boolean(env["DAC_OPENSEARCH_IMAGE"]));
}

/** testcontainers and the docker CLI both use DOCKER_HOST; say which engine dac talks to. */
export function describeDockerHost(env: NodeJS.ProcessEnv): string | undefined {
  const host = env["DOCKER_HOST"];
  if (!host) return undefined;
  return `dac: using the Docker engine at DOCKER_HOST=${host.replace(/\/\/[^@/]*@/, "//***@")} : the node runs on that engine (testcontainers and the docker CLI both read DOCKER_HOST)`;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid port: ${value}`);
  return port;
}
