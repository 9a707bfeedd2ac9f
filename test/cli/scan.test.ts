import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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

  it("names a line that is not JSON", async () => {
    const file = `${mkdtempSync("/tmp/dac-scan-")}/bad.ndjson`;
    writeFileSync(file, '{"@timestamp":"2026-01-01T00:00:00Z"}\nnot json\n');
    const r = await runDac("scan", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad.ndjson:2");
  });
});
