import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnvironments } from "../../src/config/index.ts";
import { loadDetections } from "../../src/detection/index.ts";
import { listChangedFiles, loadPackAtCommit, resolveMergeBase, selectExactlyChangedDetections } from "../../src/replay/index.ts";

/**
 * A throwaway git repository holding a small pack (modules importing dac by
 * absolute path, an exceptions helper, environments.yaml): each change on a
 * branch must select exactly the detections it alters.
 */
const dacIndex = resolve(import.meta.dirname, "../../src/detection/index.ts");
let repo: string;
const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" });
const write = (path: string, text: string) => {
  mkdirSync(join(repo, path, ".."), { recursive: true });
  writeFileSync(join(repo, path), text);
};

const envs = (admins: string, patch: string, unused: string) =>
  `environments:\n  test:\n    engine: opensearch\n    url: http://localhost:9200\n    exceptionValues:\n      adminAccounts: [${admins}]\n      patchSourceIps: [${patch}]\n      unusedKey: [${unused}]\n`;
const exceptions = (adminField: string) => `import { defineException, env } from ${JSON.stringify(dacIndex)};
export const admins = defineException({ name: "admins", description: "admin accounts", entries: [{ kind: "any-of", field: ${JSON.stringify(adminField)}, values: env("adminAccounts") }] });
export const patch = defineException({ name: "patch", description: "patch servers", entries: [{ kind: "cidr", field: "source.ip", cidrs: env("patchSourceIps") }] });
`;
const module = (id: string, exceptionNames: string[], query = 'process where process.name == "cmd.exe"') => `import { defineDetection } from ${JSON.stringify(dacIndex)};
export const d = defineDetection({
  id: ${JSON.stringify(id)}, name: ${JSON.stringify(id)}, description: "test detection", severity: "low", riskScore: 21,
  mitre: ["T1569.002"], tags: [], dataSources: ["sysmon"], query: ${JSON.stringify(query)}, entityField: "host.name",
  falsePositives: ["none known"], references: [], guide: "none", author: ["t"], version: 1, exceptions: ${JSON.stringify(exceptionNames)},
  tests: [{ name: "fires", fixture: "fixtures/${id}.ndjson", expectAlerts: 1 }, { name: "silent", fixture: "fixtures/benign.ndjson", expectAlerts: 0 }],
});
`;

async function selected(): Promise<string[]> {
  const { root, base } = resolveMergeBase("main", repo);
  const before = await loadPackAtCommit(root, base, [join(repo, "detections")], join(repo, "environments.yaml"));
  const pack = await loadDetections([join(repo, "detections")]);
  expect(pack.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(pack.detections.length).toBeGreaterThanOrEqual(3);
  const loaded = loadEnvironments(join(repo, "environments.yaml"));
  if (!loaded.ok) throw new Error("environments.yaml does not load");
  const environments = Object.fromEntries(Object.entries(loaded.value.environments).map(([k, v]) => [k, v.exceptionValues]));
  const current = { root, detections: pack.detections, exceptions: pack.exceptions, environments };
  return selectExactlyChangedDetections(current, before, listChangedFiles("main", repo)).map((d) => d.id);
}

function createRepository(): void {
  repo = mkdtempSync(join(tmpdir(), "dac-changed-exact-"));
  git("init", "-q", "-b", "main");
  git("config", "user.email", "t@example.com");
  git("config", "user.name", "t");
  write("environments.yaml", envs("alice", "10.0.0.1", "x"));
  write("detections/p/exceptions.ts", exceptions("user.name"));
  write("detections/p/plain.ts", module("plain", []));
  write("detections/p/admin.ts", module("admin", ["admins"]));
  write("detections/p/patched.ts", module("patched", ["patch"]));
  for (const f of ["plain", "admin", "patched", "benign"]) write(`detections/p/fixtures/${f}.ndjson`, '{"@timestamp":"2026-01-01T00:00:00Z"}\n');
  git("add", ".");
  git("commit", "-q", "-m", "base");
  git("checkout", "-q", "-b", "feature");
}
const repositories: string[] = [];
beforeAll(() => {
  createRepository();
  repositories.push(repo);
});

afterAll(() => {
  for (const r of repositories) rmSync(r, { recursive: true, force: true });
});

describe("dac test --changed-since, exactly, on a real git repository", () => {
  it("selects nothing when nothing changed", async () => {
    expect(await selected()).toEqual([]);
  });

  it("an environment value selects only the detections whose exceptions read it; an unused key selects none", async () => {
    write("environments.yaml", envs("alice", "10.0.0.1", "y"));
    expect(await selected()).toEqual([]);
    write("environments.yaml", envs("alice, bob", "10.0.0.1", "y"));
    expect(await selected()).toEqual(["admin"]);
    git("checkout", "-q", "--", "environments.yaml");
  });

  it("a module, a fixture, or a new detection selects that detection; a shared fixture selects every reader", async () => {
    write("detections/p/plain.ts", module("plain", [], 'process where process.name == "powershell.exe"'));
    write("detections/p/fixtures/patched.ndjson", '{"@timestamp":"2026-01-02T00:00:00Z"}\n');
    write("detections/p/fresh.ts", module("fresh", []));
    write("detections/p/fixtures/fresh.ndjson", "{}\n");
    expect((await selected()).sort()).toEqual(["fresh", "patched", "plain"]);
    write("detections/p/fixtures/benign.ndjson", '{"@timestamp":"2026-01-03T00:00:00Z"}\n');
    expect((await selected()).sort()).toEqual(["admin", "fresh", "patched", "plain"]);
  });

  // A repository of its own: this process has already imported the first one's helper, and ES modules load once.
  it("an exception definition changed in a shared helper selects only the detections that use it", async () => {
    createRepository();
    repositories.push(repo);
    write("detections/p/exceptions.ts", exceptions("user.target.name"));
    git("commit", "-qam", "exception on another field");
    expect(await selected()).toEqual(["admin"]);
  });
});
