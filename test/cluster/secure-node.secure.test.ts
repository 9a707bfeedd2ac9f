/**
 * The `secure` project's node itself: HTTPS only, with a certificate from the
 * CA made for this run (HTTP and transport), no anonymous access, and the
 * users mapped to dac's roles.
 */
import { connect, type PeerCertificate } from "node:tls";
import { getContainerRuntimeClient } from "testcontainers";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createSecureClient } from "../../src/cluster/index.ts";

const node = inject("secureNode");
const { hostname, port } = new URL(node.url);
const clients = {
  admin: createSecureClient({ url: node.url, caPem: node.caPem, username: "admin", password: node.passwords.admin }),
  deployer: createSecureClient({ url: node.url, caPem: node.caPem, username: "dac-deployer", password: node.passwords.deployer }),
  reader: createSecureClient({ url: node.url, caPem: node.caPem, username: "dac-reader", password: node.passwords.reader }),
};
afterAll(() => Promise.all(Object.values(clients).map((c) => c.close())));

function peerCertificate(): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ca: node.caPem, servername: hostname === "localhost" ? hostname : undefined }, () => {
      resolve(socket.getPeerCertificate());
      socket.end();
    });
    socket.on("error", reject);
  });
}

describe("the secured node", () => {
  it("serves HTTPS with a node certificate the run's CA verifies", async () => {
    const cert = await peerCertificate();
    expect(cert.subject.CN).toBe("dac-node");
    expect(cert.issuer.CN).toBe("dac local CA");
  });

  it("does not answer plain HTTP", async () => {
    const plain = node.url.replace(/^https:/, "http:");
    const answered = await fetch(`${plain}/_cluster/health`, { signal: AbortSignal.timeout(10_000) }).then(
      (r) => r.ok,
      () => false,
    );
    expect(answered).toBe(false);
  });

  it("refuses anonymous requests (401)", async () => {
    const anonymous = createSecureClient({ url: node.url, caPem: node.caPem, username: "", password: "" });
    const status = await anonymous.cluster.health().then(
      (r) => r.statusCode,
      (e: { statusCode?: number }) => e.statusCode,
    );
    await anonymous.close();
    expect(status).toBe(401);
  });

  it("uses TLS on transport too, with a certificate of the same CA", async () => {
    // Port 9300 is not published; keytool (the image's JDK) fetches its certificate from inside.
    const client = await getContainerRuntimeClient();
    const container = client.container.getById(node.containerId);
    const { output, exitCode } = await client.container.exec(container, ["bash", "-c", '"$JAVA_HOME/bin/keytool" -printcert -sslserver 127.0.0.1:9300']);
    expect(exitCode, output).toBe(0);
    expect(output).toContain("Owner: CN=dac-node, OU=dac, O=dac local cluster");
    expect(output).toContain("Issuer: CN=dac local CA, OU=dac, O=dac local cluster");
  });

  it("maps each user to its role and nothing else", async () => {
    const roles = async (client: (typeof clients)["admin"]) =>
      ((await client.transport.request({ method: "GET", path: "/_plugins/_security/authinfo" })).body as { roles: string[] }).roles;
    expect(await roles(clients.deployer)).toEqual(["dac-deployer"]);
    expect(await roles(clients.reader)).toEqual(["dac-reader"]);
    expect(await roles(clients.admin)).toEqual(["all_access"]);
  });

  it("the deployer may not touch indices outside its patterns", async () => {
    const status = await clients.deployer.indices.create({ index: "not-dac-secure-test" }).then(
      (r) => r.statusCode,
      (e: { statusCode?: number }) => e.statusCode,
    );
    expect(status).toBe(403);
  });
});
