/**
 * `dac plan` / `dac deploy` / `dac export` as a user runs them (a child
 * process, no TTY) against the shared node: exit codes, --json, saved plans,
 * stale-plan refusal and the no-TTY confirmation rule. Never passes --prune:
 * the CLI sees every dac monitor on the shared node, including other files'.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withMonitorBookkeeping } from "../../src/sync/clients/monitor-bookkeeping.ts";
import { createOpenSearchAdapter } from "../../src/sync/clients/opensearch-adapter.ts";
import { applyPlan, planChanges, readLiveState } from "../../src/sync/index.ts";
import { copyPack, type PackCopy } from "./support/pack-copy.ts";
import { scopeAdapter } from "./support/scoped-adapter.ts";

const url = inject("opensearchUrl");
const REPO = resolve(import.meta.dirname, "../..");
const PREFIX = "syncit-cli-";
let pack: PackCopy;
let dir: string;

function dac(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(join(REPO, "node_modules/.bin/node"), [join(REPO, "bin/dac.js"), ...args, "--environments", join(dir, "environments.yaml")], {
    cwd: REPO,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function pruneMine(): Promise<void> {
  const adapter = scopeAdapter(withMonitorBookkeeping(createOpenSearchAdapter({ url })), PREFIX);
  const live = await readLiveState(adapter);
  await applyPlan(planChanges([], live, { prune: true, target: { kind: adapter.kind, location: adapter.location } }), adapter, { plannedLive: live });
}

beforeAll(async () => {
  await pruneMine();
  pack = copyPack(PREFIX);
  dir = mkdtempSync(join(tmpdir(), "dac-cli-sync-"));
  writeFileSync(
    join(dir, "environments.yaml"),
    `environments:\n  it:\n    engine: opensearch\n    url: ${url}\n    exceptionValues: { adminSourceHosts: [a], adminSourceIps: [10.0.0.0/8], adminAccounts: [b], rmmParentProcesses: [c], rmmSigners: [d], patchSourceIps: [10.0.0.1] }\n`,
  );
});

afterAll(async () => {
  await pruneMine();
  pack[Symbol.dispose]();
});

describe("dac plan / deploy / export", () => {
  it("plans, refuses to deploy without a TTY or --yes, deploys, then plans nothing", () => {
    const plan = dac("plan", "--env", "it", "--detections", pack.dir, "--detailed-exitcode");
    expect(plan.stderr).toBe("");
    expect(plan.status).toBe(2);
    expect(plan.stdout).toContain(`+ create ${PREFIX}psexesvc-child-shell`);
    expect(plan.stdout).toMatch(/Plan: 10 to add, 0 to change, 0 to delete\./);
    expect(plan.stdout).not.toMatch(/\u001b\[/); // no colour into a pipe

    const refused = dac("deploy", "--env", "it", "--detections", pack.dir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("pass --yes");

    const deployed = dac("deploy", "--env", "it", "--detections", pack.dir, "--yes");
    expect(deployed.status).toBe(0);
    expect(deployed.stdout).toContain("10 added, 0 changed, 0 deleted, 0 failed");

    const again = dac("plan", "--env", "it", "--detections", pack.dir, "--detailed-exitcode", "--json");
    expect(again.status).toBe(0);
    const file = JSON.parse(again.stdout) as { formatVersion: number; plans: { summary: { noop: number; create: number } }[] };
    expect(file.formatVersion).toBe(1);
    expect(file.plans[0]?.summary).toMatchObject({ create: 0, noop: 10 });
  });

  it("applies a saved plan, and refuses it once the target has changed", () => {
    pack.edit(`${PREFIX}renamed-psexesvc`, (t) => t.replace(/riskScore: \d+/, "riskScore: 12"));
    const out = join(dir, "plan.json");
    expect(dac("plan", "--env", "it", "--detections", pack.dir, "--out", out).status).toBe(0);
    const saved = JSON.parse(readFileSync(out, "utf8")) as { plans: { summary: { update: number } }[] };
    expect(saved.plans[0]?.summary.update).toBe(1);

    const applied = dac("deploy", "--env", "it", "--plan", out, "--yes", "--json");
    expect(applied.status).toBe(0);
    const report = JSON.parse(applied.stdout) as { reports: { results: { id: string; kind: string; ok: boolean }[] }[] };
    expect(report.reports[0]?.results).toEqual([expect.objectContaining({ id: `${PREFIX}renamed-psexesvc`, kind: "update", ok: true })]);

    // The same saved plan again: the live state it was made from is gone.
    const stale = dac("deploy", "--env", "it", "--plan", out, "--yes");
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain("The saved plan is stale");
  });

  it("reports bad input with its location and exit 1", () => {
    pack.edit(`${PREFIX}psexec-named-pipes`, (t) => t.replace('severity: "medium"', 'severity: "urgent"'));
    const bad = dac("plan", "--env", "it", "--detections", pack.dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/psexec-named-pipes\.v\d+\.ts:9:13 .*error detection\/schema/);
    expect(bad.stderr).toContain(`rule ${PREFIX}psexec-named-pipes`);
    const unknownEnv = dac("plan", "--env", "nope", "--detections", pack.dir);
    expect(unknownEnv.status).toBe(1);
    expect(unknownEnv.stderr).toContain('No environment named "nope"');
  });
});
