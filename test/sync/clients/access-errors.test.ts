import { describe, expect, test } from "vitest";
import { Secret } from "../../../src/config/index.ts";
import { explainForbidden, explainTlsFailure, explainUnauthorized, findTlsErrorCode } from "../../../src/sync/clients/access-errors.ts";
import { warnInsecureTls } from "../../../src/sync/clients/insecure-tls.ts";

const basic = { kind: "basic" as const, username: "dac-deployer", password: new Secret("s3cr3t-value", "DAC_PROD_PASSWORD") };

describe("explainTlsFailure", () => {
  test("an untrusted certificate names tls.caFile and the environment", () => {
    const err = Object.assign(new Error("self-signed certificate in certificate chain"), { code: "SELF_SIGNED_CERT_IN_CHAIN" });
    expect(explainTlsFailure(err, { environment: "prod" })).toBe(
      'the server\'s TLS certificate is not signed by a CA this machine trusts (SELF_SIGNED_CERT_IN_CHAIN); set tls.caFile of environment "prod" in environments.yaml to the PEM file of the CA that signed it',
    );
  });

  test("finds the code in a cause chain (fetch wraps the socket error)", () => {
    const err = new TypeError("fetch failed", { cause: Object.assign(new Error("unable to verify the first certificate"), { code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" }) });
    expect(findTlsErrorCode(err)).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
  });

  test("a wrong host name and an expired certificate say so", () => {
    expect(explainTlsFailure(Object.assign(new Error("x"), { code: "ERR_TLS_CERT_ALTNAME_INVALID" }), {})).toMatch(/does not name the host/);
    expect(explainTlsFailure(Object.assign(new Error("x"), { code: "CERT_HAS_EXPIRED" }), {})).toMatch(/validity period/);
  });

  test("other network errors are not TLS problems", () => {
    expect(explainTlsFailure(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), {})).toBeUndefined();
  });
});

describe("explainUnauthorized / explainForbidden", () => {
  test("a 401 names the user, the environment and the variable, never the value", () => {
    const text = explainUnauthorized({ environment: "prod", auth: basic });
    expect(text).toBe('The user "dac-deployer" of environment "prod" and its password (from $DAC_PROD_PASSWORD) were refused: check them');
    expect(text).not.toContain("s3cr3t-value");
    expect(explainUnauthorized({ environment: "prod", auth: { kind: "api-key", apiKey: new Secret("k3y", "DAC_KEY") } })).toBe(
      'The API key of environment "prod" (from $DAC_KEY) was refused: check that variable',
    );
    expect(explainUnauthorized({ environment: "prod" })).toMatch(/sends none: add auth/);
  });

  test("a 403 points at dac's roles", () => {
    expect(explainForbidden({ environment: "prod", auth: basic })).toBe(
      'The user "dac-deployer" of environment "prod" lacks that permission: give it dac\'s role (README, "Roles and permissions")',
    );
  });
});

test("warnInsecureTls warns once per location and names the setting", () => {
  const lines: string[] = [];
  warnInsecureTls("https://a.example:9200", "staging", (t) => lines.push(t));
  warnInsecureTls("https://a.example:9200", "staging", (t) => lines.push(t));
  warnInsecureTls("https://b.example:9200", undefined, (t) => lines.push(t));
  expect(lines).toHaveLength(2);
  expect(lines[0]).toContain('TLS certificate verification is off for https://a.example:9200 (environment "staging", tls.insecure: true)');
  expect(lines[1]).toContain("https://b.example:9200 (tls.insecure: true)");
});
