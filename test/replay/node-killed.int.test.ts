/**
 * A real node killed in the middle of `dac test`: the run must end on its
 * own with exit 1, say the node went away, list the tests that never ran,
 * and print no stack trace.
 *
 * The node is this file's own (killing the shared one would take the rest of
 * the project down with it). dac reaches it through a pass-through HTTP relay
 * whose only job is timing: when the first evaluation request arrives after
 * the fixtures' `_bulk` load, the relay `docker kill`s the container and then
 * stops listening, so dac meets exactly what a dead node looks like from the
 * outside (refused connections) at a point where some tests are still to run.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, type StartedOpenSearchNode } from "../../src/cluster/index.ts";
import { copyPack, type PackCopy } from "../sync/support/pack-copy.ts";

const REPO = resolve(import.meta.dirname, "../..");
const EXCEPTION_VALUES =
  "{ adminSourceHosts: [ADMIN-JUMP01], adminSourceIps: [10.10.5.0/28], adminAccounts: [svc-remediation], rmmParentProcesses: [AgentMon.exe], rmmSigners: [NinjaOne LLC], patchSourceIps: [10.20.0.15] }";

let node: StartedOpenSearchNode;
let relay: Server;
let relayUrl: string;
let dir: string;
let pack: PackCopy;
/** Paths the relay saw, in order, up to the kill. */
const seen: string[] = [];
let killedAt: string | undefined;

function forward(req: IncomingMessage, res: ServerResponse): void {
  const target = new URL(node.url);
  const upstream = request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => res.destroy());
  req.pipe(upstream);
}

function startRelay(): Promise<void> {
  relay = createServer((req, res) => {
    const path = req.url ?? "";
    if (killedAt !== undefined) return void res.destroy();
    seen.push(`${req.method} ${path}`);
    const loaded = seen.some((p) => p.includes("/_bulk"));
    if (loaded && !path.includes("/_bulk") && /_search|_render|_scripts|_execute/.test(path)) {
      killedAt = `${req.method} ${path}`;
      execFileSync("docker", ["kill", node.getId()], { stdio: "ignore" });
      res.destroy();
      relay.close();
      relay.closeAllConnections();
      return;
    }
    forward(req, res);
  });
  return new Promise((done) => relay.listen(0, "127.0.0.1", () => {
    relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
    done();
  }));
}

function runDac(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(join(REPO, "node_modules/.bin/node"), [join(REPO, "bin/dac.js"), ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((done) => child.on("close", (code) => done({ code, stdout, stderr, ms: Date.now() - started })));
}

beforeAll(async () => {
  node = await startCluster({ engine: "opensearch", quiet: true });
  await startRelay();
  dir = mkdtempSync(join(tmpdir(), "dac-node-killed-"));
  // The pack's exceptions name values for a "test" environment too.
  const environment = (name: string) => `  ${name}:\n    engine: opensearch\n    url: ${relayUrl}\n    exceptionValues: ${EXCEPTION_VALUES}\n`;
  writeFileSync(join(dir, "environments.yaml"), `environments:\n${environment("doomed")}${environment("test")}`);
  pack = copyPack("killed-");
  // Three detections are enough to have tests left when the node dies.
  for (const id of pack.ids.slice(3)) pack.remove(id);
});

afterAll(async () => {
  pack?.[Symbol.dispose]();
  if (dir) rmSync(dir, { recursive: true, force: true });
  relay?.close();
  await node?.stop().catch(() => undefined);
});

describe("dac test when the node is killed mid-run", () => {
  it("stops with exit 1, names the lost node and the tests not run, and prints no stack", async () => {
    const r = await runDac("test", pack.dir, "--env", "doomed", "--environments", join(dir, "environments.yaml"));
    const output = r.stdout + r.stderr;
    expect(killedAt, `the relay never saw an evaluation request after _bulk; it saw:\n${seen.join("\n")}\ndac said:\n${output}`).toBeDefined();
    expect(r.code).toBe(1);
    expect(output).toContain(`the node at ${relayUrl} went away during the run`);
    expect(output).toMatch(/\d+ tests? (was|were) not run:/);
    expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    // It gives up on a dead node instead of retrying every remaining case.
    expect(r.ms).toBeLessThan(120_000);
  });
});
