import { describe, expect, it } from "vitest";
import { listBuiltinPipelines, loadPipeline, parsePipeline, selectRulePipeline } from "../../../src/importers/sigma/index.ts";

describe("pipelines", () => {
  it("ships ecs-windows and elastic-defend as YAML data", () => {
    expect(listBuiltinPipelines()).toEqual(["ecs-windows", "elastic-defend"]);
    for (const name of listBuiltinPipelines()) expect(loadPipeline(name).ok).toBe(true);
  });
  it("a user pipeline with a schema error is located in its file", () => {
    const r = parsePipeline("name: mine\ndescription: d\nlogsources:\n  - id: x\n    match: { product: windows }\n    indices: []\n", "mine.yml");
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.range?.file, d.range?.start.line])).toEqual([["sigma/pipeline-schema", "mine.yml", 6]]);
  });
  it("an unknown pipeline name says what exists", () => {
    const r = loadPipeline("no-such-pipeline");
    expect(!r.ok && r.diagnostics[0]!.message).toContain("ecs-windows");
  });
  it("a user pipeline listed first overrides the built-in mapping, and provenance says which item mapped each field", () => {
    const mine = parsePipeline("name: mine\ndescription: d\nfieldMappings:\n  - id: cmd\n    fields: { CommandLine: process.args }\n", "mine.yml");
    const ecs = loadPipeline("ecs-windows");
    if (!mine.ok || !ecs.ok) throw new Error("pipelines");
    const selected = selectRulePipeline([mine.value, ecs.value], { product: "windows", category: "process_creation" });
    if (!selected.ok) throw new Error(selected.reason);
    expect(selected.value.mapField("CommandLine")).toEqual({ ok: true, field: "process.args", provenance: { sigma: "CommandLine", target: "process.args", by: "mine/cmd" } });
    expect(selected.value.mapField("Image")).toMatchObject({ field: "process.executable", provenance: { by: "ecs-windows/sysmon-ecs" } });
    expect(selected.value.mapField("IntegrityLevel")).toMatchObject({ field: "winlog.event_data.IntegrityLevel", provenance: { by: "ecs-windows/unmapped-prefix" } });
  });
  it("logsources the pipeline cannot read are refused with its reason", () => {
    const ecs = loadPipeline("ecs-windows");
    if (!ecs.ok) throw new Error("pipeline");
    const r = selectRulePipeline([ecs.value], { product: "windows", category: "file_access" });
    expect(!r.ok && r.reason).toContain("object-access auditing");
  });
});
