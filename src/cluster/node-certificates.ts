import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

/**
 * A throw-away PKI for one secured node: a CA and a node certificate it
 * signs, used by the security plugin for both HTTP and transport TLS. Keys
 * come from Node's native RSA generator; certificates are built and signed
 * with node-forge (no hand-written ASN.1). Nothing is kept: each node start
 * gets a new CA, so a CA file left from an earlier node never validates a
 * new one.
 */
export interface NodeCertificates {
  /** The CA certificate (PEM): what a client's `tls.caFile` holds. */
  readonly caPem: string;
  /** The node certificate (PEM), signed by the CA, for server and client auth. */
  readonly nodeCertPem: string;
  /** The node's private key, PKCS#8 PEM (the security plugin refuses PKCS#1). */
  readonly nodeKeyPem: string;
}

/** The node certificate's subject, as opensearch-security.yml lists it in plugins.security.nodes_dn. */
export const NODE_SUBJECT = [
  { shortName: "O", value: "dac local cluster" },
  { shortName: "OU", value: "dac" },
  { shortName: "CN", value: "dac-node" },
];
const CA_SUBJECT = [
  { shortName: "O", value: "dac local cluster" },
  { shortName: "OU", value: "dac" },
  { shortName: "CN", value: "dac local CA" },
];
const DAY_MS = 86_400_000;

export interface CertificateOptions {
  /** Host names or IPs the node is reached by; localhost and the loopback addresses are always in. */
  readonly hosts?: readonly string[];
  /** Validity in days (default 30: the node lives for a test run or a working session). */
  readonly days?: number;
  readonly now?: Date;
}

export function generateNodeCertificates(options: CertificateOptions = {}): NodeCertificates {
  const now = options.now ?? new Date();
  // A minute back: the container's clock may trail the host's a little.
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + (options.days ?? 30) * DAY_MS);
  const caKeys = rsaKeyPair();
  const nodeKeys = rsaKeyPair();

  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = randomSerial();
  ca.validity.notBefore = notBefore;
  ca.validity.notAfter = notAfter;
  ca.setSubject(CA_SUBJECT);
  ca.setIssuer(CA_SUBJECT);
  ca.setExtensions([
    { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const node = forge.pki.createCertificate();
  node.publicKey = nodeKeys.publicKey;
  node.serialNumber = randomSerial();
  node.validity.notBefore = notBefore;
  node.validity.notAfter = notAfter;
  node.setSubject(NODE_SUBJECT);
  node.setIssuer(CA_SUBJECT);
  node.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    // Transport TLS: each node is the other's client too.
    { name: "extKeyUsage", serverAuth: true, clientAuth: true },
    { name: "subjectAltName", altNames: subjectAltNames(options.hosts ?? []) },
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  node.sign(caKeys.privateKey, forge.md.sha256.create());

  return { caPem: forge.pki.certificateToPem(ca), nodeCertPem: forge.pki.certificateToPem(node), nodeKeyPem: nodeKeys.pkcs8Pem };
}

/** SAN entries: localhost and the loopback addresses, then `hosts` (IP literals as IP entries). */
export function subjectAltNames(hosts: readonly string[]): Array<{ type: 2; value: string } | { type: 7; ip: string }> {
  const all = new Set(["localhost", "127.0.0.1", "::1", ...hosts]);
  return [...all].map((h) => (isIpLiteral(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h }));
}

function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(":");
}

function rsaKeyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey; pkcs8Pem: string } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pkcs8Pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString()),
    privateKey: forge.pki.privateKeyFromPem(pkcs8Pem) as forge.pki.rsa.PrivateKey,
    pkcs8Pem,
  };
}

/** 16 random bytes as hex, high bit clear so the DER integer stays positive. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString("hex");
}
