/**
 * What a refused connection or request means for the person running dac:
 * which environments.yaml setting or environment variable to look at, never
 * the secret itself. Shared by the OpenSearch and Kibana transports.
 */
import type { ResolvedAuth } from "../../config/index.ts";

/** Where a transport's settings came from, for error messages (no secret values). */
export interface AccessContext {
  /** The environments.yaml environment, when the transport was made from one. */
  readonly environment?: string;
  readonly auth?: ResolvedAuth;
}

// Node's (OpenSSL's) codes for a certificate the client does not trust.
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
]);
const EXPIRED_CERTIFICATE_CODES = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);
const WRONG_HOST_CODES = new Set(["ERR_TLS_CERT_ALTNAME_INVALID"]);

function environmentName(context: AccessContext): string {
  return context.environment !== undefined ? `environment "${context.environment}"` : "this environment";
}

/** The first TLS certificate error code in the error or its causes. */
export function findTlsErrorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 6; depth++) {
    const code = typeof e === "object" ? (e as { code?: unknown }).code : undefined;
    if (typeof code === "string" && (UNTRUSTED_CERTIFICATE_CODES.has(code) || EXPIRED_CERTIFICATE_CODES.has(code) || WRONG_HOST_CODES.has(code))) return code;
    const message = e instanceof Error ? e.message : "";
    for (const known of [...UNTRUSTED_CERTIFICATE_CODES, ...EXPIRED_CERTIFICATE_CODES, ...WRONG_HOST_CODES]) if (message.includes(known)) return known;
    if (/self[- ]signed certificate|unable to verify the first certificate|unable to get local issuer certificate/i.test(message)) return "SELF_SIGNED_CERT_IN_CHAIN";
    e = typeof e === "object" ? (e as { cause?: unknown }).cause : undefined;
  }
  return undefined;
}

/** A sentence on what to change after a TLS certificate failure, or undefined when `err` is none. */
export function explainTlsFailure(err: unknown, context: AccessContext): string | undefined {
  const code = findTlsErrorCode(err);
  if (code === undefined) return undefined;
  const env = environmentName(context);
  if (WRONG_HOST_CODES.has(code)) {
    return `the server's TLS certificate does not name the host in the url of ${env} (${code}); use a host name the certificate lists`;
  }
  if (EXPIRED_CERTIFICATE_CODES.has(code)) return `the server's TLS certificate is outside its validity period (${code})`;
  return (
    `the server's TLS certificate is not signed by a CA this machine trusts (${code}); ` +
    `set tls.caFile of ${env} in environments.yaml to the PEM file of the CA that signed it`
  );
}

/** What to check after a 401, naming the variables that hold the credentials. */
export function explainUnauthorized(context: AccessContext): string {
  const env = environmentName(context);
  const auth = context.auth;
  if (auth === undefined || auth.kind === "none") return `The cluster wants credentials and ${env} sends none: add auth to it in environments.yaml`;
  if (auth.kind === "api-key") return `The API key of ${env} (from $${auth.apiKey.source}) was refused: check that variable`;
  return `The user "${auth.username}" of ${env} and its password (from $${auth.password.source}) were refused: check them`;
}

/** What to do after a 403: the node names the missing permission; dac names where the roles are. */
export function explainForbidden(context: AccessContext): string {
  const who = context.auth?.kind === "basic" ? `The user "${context.auth.username}"` : "The credentials";
  return `${who} of ${environmentName(context)} lack${context.auth?.kind === "basic" ? "s" : ""} that permission: give it dac's role (README, "Roles and permissions")`;
}
