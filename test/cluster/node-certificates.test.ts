import { createPrivateKey, X509Certificate } from "node:crypto";
import { describe, expect, test } from "vitest";
import { generateNodeCertificates, subjectAltNames } from "../../src/cluster/node-certificates.ts";

describe("generateNodeCertificates", () => {
  const certs = generateNodeCertificates({ hosts: ["docker-host.example", "10.1.2.3"], now: new Date("2026-01-10T00:00:00Z"), days: 7 });
  const ca = new X509Certificate(certs.caPem);
  const node = new X509Certificate(certs.nodeCertPem);

  test("the CA signs the node certificate, and is a CA", () => {
    expect(node.verify(ca.publicKey)).toBe(true);
    expect(node.checkIssued(ca)).toBe(true);
    expect(ca.ca).toBe(true);
    expect(node.ca).toBe(false);
  });

  test("the node certificate has the subject plugins.security.nodes_dn lists, and serves and authenticates TLS", () => {
    expect(node.subject.split("\n")).toEqual(["O=dac local cluster", "OU=dac", "CN=dac-node"]);
    expect(node.keyUsage).toEqual(expect.arrayContaining(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]));
  });

  test("names localhost, the loopback addresses and the given hosts", () => {
    expect(node.checkHost("localhost")).toBe("localhost");
    expect(node.checkHost("docker-host.example")).toBe("docker-host.example");
    expect(node.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(node.checkIP("10.1.2.3")).toBe("10.1.2.3");
    expect(node.checkHost("elsewhere.example")).toBeUndefined();
  });

  test("is valid from a minute before `now` for `days` days", () => {
    expect(new Date(node.validFrom).toISOString()).toBe("2026-01-09T23:59:00.000Z");
    expect(new Date(node.validTo).toISOString()).toBe("2026-01-17T00:00:00.000Z");
  });

  test("the key is PKCS#8 and belongs to the certificate", () => {
    expect(certs.nodeKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(node.checkPrivateKey(createPrivateKey(certs.nodeKeyPem))).toBe(true);
  });

  test("each call makes a new CA", () => {
    const other = new X509Certificate(generateNodeCertificates().caPem);
    expect(other.fingerprint256).not.toBe(ca.fingerprint256);
    expect(node.verify(other.publicKey)).toBe(false);
  });
});

test("subjectAltNames puts IP literals in IP entries and drops duplicates", () => {
  expect(subjectAltNames(["localhost", "::1", "192.168.1.5", "host.docker.internal"])).toEqual([
    { type: 2, value: "localhost" },
    { type: 7, ip: "127.0.0.1" },
    { type: 7, ip: "::1" },
    { type: 7, ip: "192.168.1.5" },
    { type: 2, value: "host.docker.internal" },
  ]);
});
