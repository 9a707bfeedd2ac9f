import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runDac } from "../fixtures/detection/cli-harness.ts";

const REAL = "detections/psexec/fixtures/real";

describe("dac scan", () => {
  it("--json prints one line per alert with id, severity, entity, timestamps and events", async () => {
    const r = await runDac("scan", `${REAL}/psexec-lsa-secrets-dump.ecs.ndjson`, "--json");
    expect(r.code).toBe(0);
    const alerts = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { detectionId: string; severity: string; entity: string; firstTimestamp: string; events: { timestamp: string; id: string }[] });
    expect(alerts).toHaveLength(11);
    expect(alerts.every((a) => a.entity === "WORKSTATION5")).toBe(true);
    const technique = alerts.find((a) => a.detectionId === "service-binary-dropped-then-installed")!;
    expect(technique).toMatchObject({ severity: "high", firstTimestamp: "2020-10-19T07:30:46.400Z", lastTimestamp: "2020-10-19T07:30:46.416Z" });
    expect(technique.events).toEqual([
      { timestamp: "2020-10-19T07:30:46.400Z", id: expect.stringMatching(/^psexec-lsa-secrets-dump\.ecs\.ndjson:\d+$/) },
      { timestamp: "2020-10-19T07:30:46.416Z", id: expect.stringMatching(/^psexec-lsa-secrets-dump\.ecs\.ndjson:\d+$/) },
    ]);
  });

  it("prints nothing but the summary for benign traces", async () => {
    const r = await runDac("scan", `${REAL}/scheduled-task-create.ecs.ndjson`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("0 alerts from 17 detections over 1041 events\n");
  });

  it("reads gzipped NDJSON and prints a human table", async () => {
    const file = `${mkdtempSync("/tmp/dac-scan-")}/events.ndjson.gz`;
    writeFileSync(file, gzipSync(readFileSync("detections/psexec/fixtures/attack-cobaltstrike-psexec-psh.ndjson")));
    const r = await runDac("scan", file);
    expect(r.stdout).toMatch(/FIRST SEEN\s+SEVERITY\s+DETECTION\s+ENTITY/);
    expect(r.stdout).toMatch(/critical\s+service-spawned-suspicious-command\s+fin-ws12/);
  });

  it("applies the chosen environment's exceptions", async () => {
    const rmm = "detections/psexec/fixtures/benign-rmm-tools.ndjson";
    expect((await runDac("scan", rmm, "--json")).stdout).toBe("");
    const dir = mkdtempSync("/tmp/dac-scan-");
    writeFileSync(`${dir}/environments.yaml`, "environments:\n  bare:\n    engine: opensearch\n    url: http://localhost:9200\n    exceptionValues: { adminSourceIps: [], adminAccounts: [], rmmParentProcesses: [], rmmSigners: [], patchSourceIps: [] }\n");
    const r = await runDac("scan", rmm, "--json", "--env", "bare", "--environments", `${dir}/environments.yaml`);
    expect(r.stdout.trim().split("\n")).toHaveLength(3);
  });

  it("skips lines that are not JSON objects, counts them, names the first and exits 1", async () => {
    const file = `${mkdtempSync("/tmp/dac-scan-")}/bad.ndjson`;
    writeFileSync(file, '\uFEFF{"@timestamp":"2026-01-01T00:00:00Z"}\nnot json\n[]\n{"@timestamp":"2026-01-01T00:00:01Z"}\n');
    const r = await runDac("scan", file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("over 2 events");
    expect(r.stderr).toContain(`skipped 2 malformed lines`);
    expect(r.stderr).toContain(`first: ${file}:2:`);
  });

  it("names a corrupt .gz", async () => {
    const file = `${mkdtempSync("/tmp/dac-scan-")}/cut.ndjson.gz`;
    writeFileSync(file, gzipSync(readFileSync("detections/psexec/fixtures/attack-remcom.ndjson")).subarray(0, 40));
    const r = await runDac("scan", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot read ${file}: unexpected end of file`);
  });

  it("on 2 worker threads prints exactly the alerts of the single-threaded scan, in the same order", async () => {
    const dir = "detections/psexec/fixtures";
    const files = [...readdirSync(dir).filter((f) => f.endsWith(".ndjson")).map((f) => `${dir}/${f}`), ...readdirSync(REAL).filter((f) => f.endsWith(".ndjson")).map((f) => `${REAL}/${f}`)];
    const file = `${mkdtempSync("/tmp/dac-scan-")}/all.ndjson`;
    writeFileSync(file, files.map((f) => readFileSync(f, "utf8").trimEnd()).join("\n") + "\n");
    const one = await runDac("scan", file, "--json", "--workers", "1");
    const two = await runDac("scan", file, "--json", "--workers", "2");
    expect(one.stderr).toBe("");
    expect(one.code).toBe(0);
    expect(two.stderr).toBe("");
    expect(two.code).toBe(0);
    expect(one.stdout.trim().split("\n").length).toBeGreaterThan(20);
    expect(new Set(one.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { detectionId: string }).detectionId)).size).toBeGreaterThan(5);
    expect(two.stdout).toBe(one.stdout);
  }, 120_000);

  it("names a line that is not JSON from a worker too, and refuses a bad --workers", async () => {
    const file = `${mkdtempSync("/tmp/dac-scan-")}/bad.ndjson`;
    writeFileSync(file, '{"@timestamp":"2026-01-01T00:00:00Z"}\nnot json\n');
    const r = await runDac("scan", file, "--workers", "2");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad.ndjson:2");
    const bad = await runDac("scan", file, "--workers", "0");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--workers must be a positive integer");
  }, 120_000);
  it("--mapping types the fields; a bad mapping file is named and exits 1", async () => {
    const dir = mkdtempSync("/tmp/dac-scan-");
    // Every field a keyword: the pack still runs and finds the same attack.
    writeFileSync(`${dir}/mapping.json`, JSON.stringify({ mappings: { properties: { "@timestamp": { type: "date" }, host: { properties: { name: { type: "keyword" } } } } } }));
    const r = await runDac("scan", `${REAL}/psexec-lsa-secrets-dump.ecs.ndjson`, "--json", "--mapping", `${dir}/mapping.json`);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(11); // as without --mapping: the real trace raises 11 alerts
    writeFileSync(`${dir}/bad.json`, "[1,");
    const bad = await runDac("scan", `${REAL}/psexec-lsa-secrets-dump.ecs.ndjson`, "--mapping", `${dir}/bad.json`);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.json: /);
  });
});
