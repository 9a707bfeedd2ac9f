import type { Command } from "commander";
import {
  createOpenSearchClient,
  createSecureClient,
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
      const local = await ensureLocalCluster({ version: opts.version, image: opts.image, port: opts.port, secure: opts.secure === true });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(local.secure ? { ...local, caFile: LOCAL_SECURE_CA_FILE, credentialsFile: LOCAL_SECURE_CREDENTIALS_FILE } : local, null, 2)}\n`);
      } else {
        process.stderr.write(local.created ? `dac: started ${local.image}\n` : "dac: local cluster already running\n");
        if (local.secure) {
          process.stderr.write(
            `dac: TLS with a CA made for this node: ${LOCAL_SECURE_CA_FILE} (tls.caFile)\n` +
              `dac: users admin, dac-deployer, dac-reader; their passwords are in ${LOCAL_SECURE_CREDENTIALS_FILE}: \`source ${LOCAL_SECURE_CREDENTIALS_FILE}\`, then \`dac test --env local-secure\`\n`,
          );
        }
        process.stdout.write(`${local.url}\n`);
      }
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

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid port: ${value}`);
  return port;
}
