import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import { runCli } from "../../src/cli/main.ts";
import { loadEnvironments } from "../../src/config/index.ts";
import { loadDetections } from "../../src/detection/index.ts";
import { connectReplayClient, deriveLocalEnvironment, runClusterReplay, runOfflineTests, type ClusterReplayReport } from "../../src/replay/index.ts";

/**
 * Replay on the shared real node: the whole pack passes, through the deploy
 * path (compile, plan, apply) and `_execute` when the node has the Alerting
 * plugin, through the compiled monitors evaluated with core APIs when it has
 * not (dac's Maven-only image, the CI node); then a
 * detection copied into a temp folder with an altered fixture fails, and the
 * CLI prints a GitHub annotation at the failing test's line in the module.
 */
const root = resolve(import.meta.dirname, "../..");
const url = inject("opensearchUrl");

function loadRepoEnvironments() {
  const envs = loadEnvironments(join(root, "environments.yaml"));
  if (!envs.ok) throw new Error("environments.yaml does not load");
  return envs.value;
}

describe("dac test on a real OpenSearch node", () => {
  let report: ClusterReplayReport;
  let offline: ReturnType<typeof runOfflineTests>;

  beforeAll(async () => {
    const pack = await loadDetections([join(root, "detections")]);
    expect(pack.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const envs = loadRepoEnvironments();
    const environments = Object.fromEntries(Object.entries(envs.environments).map(([k, v]) => [k, v.exceptionValues]));
    report = await runClusterReplay({
      target: deriveLocalEnvironment(envs, url),
      detections: pack.detections,
      exceptions: pack.exceptions,
      environments,
      ownsCluster: true,
      runId: "intpack",
    });
    offline = runOfflineTests(pack.detections, pack.exceptions, { environments });
  }, 1_800_000); // the pack replays ~330 fixture tests; on a loaded 2-core machine that takes more than 10 min

  it("raises, on every test, the alerts and entities of the offline engine (fixtures share indices, each monitor scoped to its own)", () => {
    const verdict = (r: ClusterReplayReport["results"][number]) => ({ id: `${r.detectionId} › ${r.test}`, alerts: r.actualAlerts, entities: r.entities });
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(report.results.map(verdict).sort(byId)).toEqual(offline.results.map(verdict).sort(byId));
  });

  it("replays every test of the pack and all pass", () => {
    const failures = report.results.filter((r) => !r.passed).map((r) => `${r.detectionId} › ${r.test}: ${r.reason}`);
    expect(failures).toEqual([]);
    expect(report.results.length).toBeGreaterThanOrEqual(50);
    expect(report.stats.events).toBeGreaterThan(1000);
  });

  it("saw the real PsExec trace alert on WORKSTATION5", () => {
    const real = report.results.filter((r) => r.test.startsWith("real: PsExec LSA") && r.expectedAlerts > 0);
    expect(real.length).toBeGreaterThan(0);
    for (const r of real) expect(r.entities).toEqual(["WORKSTATION5"]);
  });

  it("cleaned up its indices and monitors", async () => {
    const client = connectReplayClient({ url });
    try {
      const indices = await client.cat.indices({ index: "dac-replay-*-intpack", format: "json" });
      expect(indices.body).toEqual([]);
      const plugins = (await client.cat.plugins({ format: "json" })).body as { component: string }[];
      if (plugins.some((p) => p.component === "opensearch-alerting")) {
        const monitors = await client.transport.request({ method: "POST", path: "/_plugins/_alerting/monitors/_search", body: { query: { query_string: { query: "*intpack*" } } } });
        expect((monitors.body as { hits: { hits: unknown[] } }).hits.hits).toEqual([]);
      } else {
        expect(report.target).toContain("no Alerting plugin");
      }
    } finally {
      await client.close();
    }
  });
});

describe("a fixture changed to break a detection", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "dac-broken-"));
    const source = readFileSync(join(root, "detections/psexec/psexesvc-service-installed.ts"), "utf8")
      .replace(`"../../src/detection/index.ts"`, JSON.stringify(join(root, "src/detection/index.ts")))
      .replace(`"./real-traces.ts"`, JSON.stringify(join(root, "detections/psexec/real-traces.ts")));
    writeFileSync(join(dir, "psexesvc-service-installed.ts"), source);
    mkdirSync(join(dir, "fixtures"));
    symlinkSync(join(root, "detections/psexec/fixtures/real"), join(dir, "fixtures/real"));
    for (const f of ["benign-service-activity.ndjson", "attack-renamed-psexesvc.ndjson"]) {
      writeFileSync(join(dir, "fixtures", f), readFileSync(join(root, "detections/psexec/fixtures", f)));
    }
    // The attack, with PsExec's service renamed in the install events: the name-based rule goes quiet.
    const attack = readFileSync(join(root, "detections/psexec/fixtures/attack-psexec-remote.ndjson"), "utf8").replace(/PSEXESVC/gi, "VNDRUPD");
    writeFileSync(join(dir, "fixtures/attack-psexec-remote.ndjson"), attack);
    const envs = parse(readFileSync(join(root, "environments.yaml"), "utf8")) as { environments: Record<string, { url: string }> };
    envs.environments["local"]!.url = url;
    writeFileSync(join(dir, "environments.yaml"), stringify(envs));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fails, with a GitHub annotation on the failing test's line in the module", async () => {
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    let code: number;
    try {
      process.exitCode = undefined;
      code = await runCli(["node", "dac", "test", "--env", "local", "--environments", join(dir, "environments.yaml"), "--annotations", join(dir, "psexesvc-service-installed.ts")]);
    } finally {
      write.mockRestore();
      err.mockRestore();
      process.exitCode = undefined;
    }
    const text = out.join("");
    expect(code).toBe(1);
    const module = readFileSync(join(dir, "psexesvc-service-installed.ts"), "utf8").split("\n");
    const line = module.findIndex((l) => l.includes("attack-psexec-remote.ndjson")) + 1;
    expect(line).toBeGreaterThan(0);
    const annotations = text.split("\n").filter((l) => l.startsWith("::error "));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(new RegExp(`^::error file=[^,]*psexesvc-service-installed\\.ts,line=${line},col=\\d+,title=dac test%3A psexesvc-service-installed::remote PsExec .*expected 2 alerts, got 0`));
    expect(text).toMatch(/FAIL\s+psexesvc-service-installed\s+6\s+5\s+1/);
  });
});

describe("fixtures sharing a replay index", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "dac-shared-"));
    const lines = readFileSync(join(root, "detections/psexec/fixtures/attack-psexec-remote.ndjson"), "utf8").split("\n").filter(Boolean);
    const write = lines.filter((l) => l.includes('"code":"5145"'));
    const install = lines.filter((l) => l.includes('"code":"7045"'));
    expect(write.length).toBeGreaterThan(0);
    expect(install.length).toBeGreaterThan(0);
    // Same host, same relative times: loaded together, the write of one and the install of the other would join.
    writeFileSync(join(dir, "write-only.ndjson"), `${write.join("\n")}\n`);
    writeFileSync(join(dir, "install-only.ndjson"), `${install.join("\n")}\n`);
    writeFileSync(join(dir, "both.ndjson"), `${[...write, ...install].join("\n")}\n`);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("never lets one fixture's events join another fixture's sequence", async () => {
    const pack = await loadDetections([join(root, "detections")]);
    const detection = pack.detections.find((d) => d.id === "admin-share-binary-then-service-install")!;
    const tests = [
      { name: "write only", fixture: join(dir, "write-only.ndjson"), expectAlerts: 0 },
      { name: "install only", fixture: join(dir, "install-only.ndjson"), expectAlerts: 0 },
      { name: "both", fixture: join(dir, "both.ndjson"), expectAlerts: 1, expectEntity: "FS01" },
    ];
    const envs = loadRepoEnvironments();
    const report = await runClusterReplay({
      target: deriveLocalEnvironment(envs, url),
      detections: [{ ...detection, tests }],
      exceptions: pack.exceptions,
      environments: Object.fromEntries(Object.entries(envs.environments).map(([k, v]) => [k, v.exceptionValues])),
      ownsCluster: true,
      runId: "intshared",
    });
    expect(report.results.map((r) => [r.test, r.actualAlerts, r.entities])).toEqual([
      ["write only", 0, []],
      ["install only", 0, []],
      ["both", 1, ["FS01"]],
    ]);
  });
});
