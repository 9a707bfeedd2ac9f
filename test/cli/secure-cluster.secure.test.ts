/**
 * dac against a secured OpenSearch node (dac/opensearch-secure: TLS, users,
 * dac's roles), run as a user runs it: a child process, no TTY, credentials
 * in environment variables. The node has no Alerting plugin (Maven Central
 * does not publish it), so plan/deploy/export stop at the monitor API with
 * the "no Alerting plugin" message, and replay goes through the core-API
 * evaluator; every other path (TLS, 401, 403, replay writes) is the real one.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createSecureClient, generateNodeCertificates } from "../../src/cluster/index.ts";
import { copyPack, type PackCopy } from "../sync/support/pack-copy.ts";

const node = inject("secureNode");
const REPO = resolve(import.meta.dirname, "../..");
const DETECTION = "secure-psexesvc-child-shell";
const WRONG_PASSWORD = `wrong-${Math.random().toString(36).slice(2)}-pw`;
const VARS = {
  DAC_SEC_DEPLOYER_USER: "dac-deployer",
  DAC_SEC_DEPLOYER_PASSWORD: node.passwords.deployer,
  DAC_SEC_READER_USER: "dac-reader",
  DAC_SEC_READER_PASSWORD: node.passwords.reader,
  DAC_SEC_WRONG_PASSWORD: WRONG_PASSWORD,
};
const SECRETS = [node.passwords.admin, node.passwords.deployer, node.passwords.reader, WRONG_PASSWORD];
const admin = createSecureClient({ url: node.url, caPem: node.caPem, username: "admin", password: node.passwords.admin });

/** Everything dac printed in this file, checked for secrets at the end. */
const outputs: string[] = [];
let dir: string;
let pack: PackCopy;

const EXCEPTION_VALUES =
  "{ adminSourceHosts: [ADMIN-JUMP01], adminSourceIps: [10.10.5.0/28], adminAccounts: [svc-remediation], rmmParentProcesses: [AgentMon.exe], rmmSigners: [NinjaOne LLC], patchSourceIps: [10.20.0.15] }";

function environment(name: string, extra: string): string {
  return `  ${name}:\n    engine: opensearch\n    url: ${node.url}\n${extra}    exceptionValues: ${EXCEPTION_VALUES}\n`;
}

function basic(user: string, password: string): string {
  return `    auth: { basic: { usernameEnv: ${user}, passwordEnv: ${password} } }\n`;
}

function dac(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(join(REPO, "node_modules/.bin/node"), [join(REPO, "bin/dac.js"), ...args, "--environments", join(dir, "environments.yaml")], {
    cwd: REPO,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...VARS },
    timeout: 240_000,
  });
  outputs.push(result.stdout, result.stderr);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Indices (with document counts) and index templates, as the admin sees them. */
async function snapshotCluster(): Promise<{ indices: string[]; templates: string[] }> {
  const indices = (await admin.cat.indices({ format: "json", expand_wildcards: "all" } as never)).body as { index: string; "docs.count": string }[];
  const templates = (await admin.indices.getIndexTemplate()).body.index_templates.map((t: { name: string }) => t.name);
  return { indices: indices.map((i) => `${i.index}:${i["docs.count"]}`).sort(), templates: [...templates].sort() };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dac-secure-cli-"));
  writeFileSync(join(dir, "ca.pem"), node.caPem);
  // A CA the node's certificate was not signed by.
  writeFileSync(join(dir, "other-ca.pem"), generateNodeCertificates().caPem);
  const caFile = `    tls: { caFile: ${join(dir, "ca.pem")} }\n`;
  writeFileSync(
    join(dir, "environments.yaml"),
    "environments:\n" +
      environment("deployer", basic("DAC_SEC_DEPLOYER_USER", "DAC_SEC_DEPLOYER_PASSWORD") + caFile) +
      environment("reader", basic("DAC_SEC_READER_USER", "DAC_SEC_READER_PASSWORD") + caFile) +
      environment("no-ca", basic("DAC_SEC_DEPLOYER_USER", "DAC_SEC_DEPLOYER_PASSWORD")) +
      environment("other-ca", basic("DAC_SEC_DEPLOYER_USER", "DAC_SEC_DEPLOYER_PASSWORD") + `    tls: { caFile: ${join(dir, "other-ca.pem")} }\n`) +
      environment("insecure", basic("DAC_SEC_DEPLOYER_USER", "DAC_SEC_DEPLOYER_PASSWORD") + "    tls: { insecure: true }\n") +
      environment("wrong-password", basic("DAC_SEC_DEPLOYER_USER", "DAC_SEC_WRONG_PASSWORD") + caFile) +
      environment("test", ""),
  );
  pack = copyPack("secure-");
  for (const id of pack.ids) if (id !== DETECTION) pack.remove(id);
});

afterAll(async () => {
  pack?.[Symbol.dispose]();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await admin.close();
});

describe("TLS verification is on by default", () => {
  it.each(["no-ca", "other-ca"])("a node certificate from an unknown CA (%s) is refused, naming tls.caFile", (env) => {
    const replay = dac("test", pack.dir, "--env", env);
    expect(replay.status).toBe(1);
    expect(replay.stderr).toMatch(/not signed by a CA this machine trusts \([A-Z_]+\)/);
    expect(replay.stderr).toContain(`set tls.caFile of environment "${env}" in environments.yaml`);
    const plan = dac("plan", "--env", env, "--detections", pack.dir);
    expect(plan.status).not.toBe(0);
    expect(plan.stderr).toContain(`set tls.caFile of environment "${env}"`);
  });

  it("tls.caFile with the node's CA makes the same connection work", () => {
    const plan = dac("plan", "--env", "deployer", "--detections", pack.dir);
    // Past TLS and authentication: the node answers that it has no Alerting.
    expect(plan.stderr).not.toMatch(/certificate|tls\.caFile|\b40[13]\b/);
    expect(plan.stderr).toMatch(/no Alerting plugin/);
  });

  it("tls.insecure connects without verification and warns on every run", () => {
    for (let run = 0; run < 2; run++) {
      const plan = dac("plan", "--env", "insecure", "--detections", pack.dir);
      expect(plan.stderr).toContain(`TLS certificate verification is off for ${node.url} (environment "insecure", tls.insecure: true)`);
      expect(plan.stderr).toMatch(/no Alerting plugin/);
    }
  });
});

describe("authentication and roles", () => {
  it("a wrong password gets a 401 naming the environment and the variable, never the value", () => {
    const replay = dac("test", pack.dir, "--env", "wrong-password");
    expect(replay.status).toBe(1);
    expect(replay.stderr).toContain("OpenSearch answered 401");
    expect(replay.stderr).toContain('The user "dac-deployer" of environment "wrong-password" and its password (from $DAC_SEC_WRONG_PASSWORD) were refused');
    expect(replay.stderr).not.toContain(WRONG_PASSWORD);
  });

  it("the read-only user's replay is refused with a 403 naming the missing permission, and nothing changes", async () => {
    const before = await snapshotCluster();
    const replay = dac("test", pack.dir, "--env", "reader", "--json");
    expect(replay.status).toBe(1);
    expect(replay.stderr).toMatch(/no permissions for \[indices:admin\/index_template\/put\] and User \[name=dac-reader/);
    expect(await snapshotCluster()).toEqual(before);
  });

  it("the read-only user's deploy applies nothing", async () => {
    const before = await snapshotCluster();
    const deploy = dac("deploy", "--env", "reader", "--detections", pack.dir, "--yes");
    expect(deploy.status).not.toBe(0);
    // On a node with Alerting this is the 403 on cluster:admin/opendistro/alerting/monitor/write;
    // here the monitor API itself is missing, and dac says so before writing anything.
    expect(deploy.stderr).toMatch(/no Alerting plugin|no permissions for \[cluster:admin\/opendistro\/alerting/);
    expect(await snapshotCluster()).toEqual(before);
  });

  it("the deployer's plan and export reach the monitor API and say that this node has no Alerting", () => {
    for (const args of [["plan", "--json"], ["export", "--out", join(dir, "exported")]]) {
      const run = dac(args[0]!, "--env", "deployer", ...(args[0] === "plan" ? ["--detections", pack.dir] : []), ...args.slice(1));
      expect(run.status, `${args.join(" ")}: ${run.stderr}`).not.toBe(0);
      expect(run.stderr).toMatch(/no Alerting plugin/);
      expect(run.stderr).not.toMatch(/\b40[13]\b/);
    }
  });

  it("the deployer replays end to end (core-API evaluator) and leaves no replay index behind", async () => {
    const replay = dac("test", pack.dir, "--env", "deployer", "--json");
    expect(replay.stderr).not.toMatch(/no permissions/);
    expect(replay.status, replay.stderr).toBe(0);
    const report = JSON.parse(replay.stdout) as { results: { detectionId: string; passed: boolean }[] };
    expect(report.results.length).toBeGreaterThanOrEqual(3);
    expect(report.results.every((r) => r.detectionId === DETECTION && r.passed)).toBe(true);
    expect((await snapshotCluster()).indices.filter((i) => i.startsWith("dac-replay-"))).toEqual([]);
  });
});

describe("secrets", () => {
  it("no password (nor its basic-auth header) appears in any output of this file, --json, progress and errors included", () => {
    expect(outputs.length).toBeGreaterThan(20);
    const headers = [
      ["dac-deployer", node.passwords.deployer],
      ["dac-reader", node.passwords.reader],
      ["dac-deployer", WRONG_PASSWORD],
    ].map(([u, p]) => Buffer.from(`${u}:${p}`).toString("base64"));
    const text = outputs.join("\n");
    for (const secret of [...SECRETS, ...headers]) expect(text.includes(secret), `an output contains a secret (${secret.length} chars)`).toBe(false);
  });
});
