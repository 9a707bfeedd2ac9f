import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDetections, validatePack, type LoadedPack, type Detection } from "../../../src/detection/index.ts";
import { applyModuleWrites, importElasticRules, type ElasticImport } from "../../../src/importers/index.ts";
import { compileKibanaRule } from "../../../src/targets/elastic/index.ts";
import { selectQueryCheck } from "../../../src/cli/commands/validate.ts";
import { runDac } from "../../fixtures/detection/cli-harness.ts";

const FIXTURES = "test/fixtures/importers/elastic";
const SEQUENCE_ID = "6f1c2a9e-1b2c-4d3e-8f40-5a6b7c8d9e01";

function importInto(paths: string[]): { out: string; result: ElasticImport } {
  const out = join(mkdtempSync(join(tmpdir(), "dac-import-")), "elastic");
  const result = importElasticRules(paths, { outDir: out });
  applyModuleWrites(result.writes);
  return { out, result };
}

const byId = (pack: LoadedPack, id: string): Detection => pack.detections.find((d) => d.id === id)!;
const compiled = (d: Detection) => compileKibanaRule({ ...d, exceptions: [] });

describe("dac import elastic: detection-rules TOML", () => {
  let out: string;
  let result: ElasticImport;
  let pack: LoadedPack;
  beforeAll(async () => {
    ({ out, result } = importInto([`${FIXTURES}/repo`]));
    pack = await loadDetections([out]);
  });

  it("imports every active EQL rule, and skips the KQL and the deprecated one with reasons", () => {
    expect(result.imported.map((r) => r.path).sort()).toEqual([
      "building-block/collection-archive-created.ts",
      "windows/execution-revoked-technique.ts",
      "windows/lateral-movement-remote-service-then-shell.ts",
    ]);
    expect(result.skipped.map((s) => [s.origin, s.reason])).toEqual([
      ["rules/_deprecated/execution_old_rule.toml", "deprecated in detection-rules (maturity = deprecated)"],
      ["rules/windows/discovery_kql_whoami.toml", "a query rule (kuery): only EQL rules become detections"],
    ]);
    expect(result.writes.map((w) => w.kind)).toEqual(["create", "create", "create", "create"]);
  });

  it("writes modules that load and validate with no errors (the pack's policy: warnings only)", () => {
    expect(pack.diagnostics).toEqual([]);
    const problems = validatePack(pack, { checkQuery: selectQueryCheck() });
    expect(problems.filter((d) => d.severity === "error")).toEqual([]);
    expect(new Set(problems.map((d) => d.code))).toEqual(new Set(["detection/missing-test", "detection/missing-false-positives", "detection/missing-guide"]));
    expect(pack.packs[0]).toMatchObject({ name: "elastic", importedFrom: "Elastic detection-rules via dac import elastic" });
  });

  it("keeps the query as written, comments included, and renders it back unchanged", () => {
    const source = parseToml(readFileSync(`${FIXTURES}/repo/rules/windows/lateral_movement_remote_service_then_shell.toml`, "utf8")) as { rule: Record<string, unknown> };
    const d = byId(pack, SEQUENCE_ID);
    expect(d.query).toBe(source.rule.query);
    expect(d.query).toContain("// a freshly dropped binary");
    expect(compiled(d).query).toBe(source.rule.query);
  });

  it("carries every Kibana field over, so the rendered rule has the source's values", () => {
    const source = (parseToml(readFileSync(`${FIXTURES}/repo/rules/windows/lateral_movement_remote_service_then_shell.toml`, "utf8")) as { rule: Record<string, unknown> }).rule;
    const rule = compiled(byId(pack, SEQUENCE_ID));
    for (const field of ["rule_id", "name", "description", "risk_score", "severity", "from", "interval", "max_signals", "index", "timestamp_override", "note", "setup", "references", "false_positives", "author", "license"]) {
      expect(rule[field as keyof typeof rule], field).toEqual(source[field]);
    }
    expect(rule.tags).toEqual([...(source.tags as string[]), "dac:managed"]);
    expect(rule.investigation_fields).toEqual(source.investigation_fields);
    expect(rule.related_integrations).toEqual([{ package: "endpoint", version: "*" }, { package: "windows", version: "*" }]);
    expect(rule.timestamp_field).toBeUndefined(); // the window moves to event.ingested, sequences stay on @timestamp
    expect(rule.threat).toEqual(source.threat);
    expect(rule.enabled).toBe(false); // prebuilt rules arrive disabled
  });

  it("maps a technique under only some of its tactics explicitly, and keeps a tactic-only mapping", () => {
    const text = readFileSync(join(out, "windows/lateral-movement-remote-service-then-shell.ts"), "utf8");
    expect(text).toContain('mitre: ["T1021.002", { technique: "T1543.003", tactics: ["TA0003"] }, "TA0002"],');
  });

  it("marks building blocks and reads their hour-long schedule", () => {
    const rule = compiled(byId(pack, "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"));
    expect(rule).toMatchObject({ building_block_type: "default", interval: "1h", from: "now-119m" });
  });

  it("leaves a revoked technique out, says so in the module and the report", () => {
    const d = byId(pack, "0b7d3e44-9a51-4c1e-b2f6-7d8e9fa0b1c2");
    expect(d.mitre.map((t) => t.id)).toEqual(["T1059.001"]);
    expect(readFileSync(join(out, "windows/execution-revoked-technique.ts"), "utf8")).toContain("// ATT&CK mappings left out: T1086 (PowerShell, revoked in ATT&CK): map its replacement.");
    expect(result.diagnostics).toEqual([expect.objectContaining({ severity: "warning", code: "import/mitre-dropped", ruleId: "0b7d3e44-9a51-4c1e-b2f6-7d8e9fa0b1c2" })]);
  });

  it("declares the non-ECS fields the queries read, typed from use", () => {
    expect(result.fields).toEqual({ "process.Ext.relative_file_creation_time": "long", "winlog.event_data.param1": "keyword" });
    expect(readFileSync(join(out, "pack.ts"), "utf8")).toContain('"process.Ext.relative_file_creation_time": "long",');
  });

  it("states provenance and licence, and what it could not carry over", () => {
    const text = readFileSync(join(out, "windows/lateral-movement-remote-service-then-shell.ts"), "utf8");
    expect(text).toMatch(/^\/\/ Imported by `dac import elastic` from the detection-rules file rules\/windows\/lateral_movement_remote_service_then_shell\.toml \(updated 2026\/02\/01\)\./);
    expect(text).toContain("// Licence of the source rule: Elastic License v2.");
    expect(text).toContain("// Not carried over: alert_suppression: dac does not model alert suppression yet.");
  });
});

describe("dac import elastic: re-import", () => {
  it("updates untouched modules in place and leaves an edited one alone as a conflict", async () => {
    const repo = mkdtempSync(join(tmpdir(), "dac-repo-"));
    cpSync(`${FIXTURES}/repo`, repo, { recursive: true });
    const { out } = importInto([repo]);
    const edited = join(out, "windows/execution-revoked-technique.ts");
    writeFileSync(edited, readFileSync(edited, "utf8").replace("riskScore: 47", "riskScore: 60"));
    const bb = join(repo, "rules_building_block/collection_archive_created.toml");
    writeFileSync(bb, readFileSync(bb, "utf8").replace("risk_score = 21", "risk_score = 35"));
    const second = importElasticRules([repo], { outDir: out });
    expect(Object.fromEntries(second.writes.map((w) => [w.path, w.kind]))).toEqual({
      "building-block/collection-archive-created.ts": "update",
      "windows/execution-revoked-technique.ts": "conflict",
      "windows/lateral-movement-remote-service-then-shell.ts": "unchanged",
      "pack.ts": "unchanged",
    });
    applyModuleWrites(second.writes);
    expect(readFileSync(edited, "utf8")).toContain("riskScore: 60");
    expect(readFileSync(join(out, "building-block/collection-archive-created.ts"), "utf8")).toContain("riskScore: 35");
  });
});

describe("dac import elastic: Kibana export NDJSON", () => {
  it("imports the EQL rule with its Kibana fields, skips the threshold rule, ignores list and summary lines", async () => {
    const { out, result } = importInto([`${FIXTURES}/kibana/export.ndjson`]);
    expect(result.imported.map((r) => r.ruleId)).toEqual(["custom-lsass-access"]);
    expect(result.skipped).toEqual([expect.objectContaining({ ruleId: "custom-failed-logons", reason: "a threshold rule (kuery): only EQL rules become detections" })]);
    expect(result.fields).toEqual({ "acme.edr.handle_rights": "long" });
    const pack = await loadDetections([out]);
    expect(pack.diagnostics).toEqual([]);
    const source = JSON.parse(readFileSync(`${FIXTURES}/kibana/export.ndjson`, "utf8").split("\n")[0]!) as Record<string, unknown>;
    const rule = compiled(pack.detections[0]!);
    for (const field of ["rule_id", "name", "description", "query", "index", "from", "interval", "severity", "risk_score", "threat", "references", "false_positives", "note", "setup", "author", "license", "version", "enabled", "related_integrations", "investigation_fields", "timestamp_override", "max_signals"]) {
      expect(rule[field as keyof typeof rule], field).toEqual(source[field]);
    }
    expect(rule.required_fields).toEqual((source.required_fields as { name: string; type: string }[]).map(({ name, type }) => ({ name, type })));
  });
});

describe("dac import elastic (CLI)", () => {
  it("--dry-run --json reports without writing", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "dac-dry-")), "pack");
    const r = await runDac("import", "elastic", `${FIXTURES}/repo`, "--out", out, "--dry-run", "--json");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { imported: unknown[]; skipped: unknown[]; writes: { kind: string }[] };
    expect(report.imported).toHaveLength(3);
    expect(report.skipped).toHaveLength(2);
    expect(() => readFileSync(join(out, "pack.ts"))).toThrow();
  });

  it("names the file, line and column of a TOML syntax error and exits 1", async () => {
    const r = await runDac("import", "elastic", `${FIXTURES}/broken`, "--dry-run");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/test\/fixtures\/importers\/elastic\/broken\/bad\.toml:2:\d+ error import\/toml-syntax/);
  });
});
