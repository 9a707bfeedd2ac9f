import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadEnvironments } from "../../../src/config/index.ts";
import { loadDetections, resolveDetection } from "../../../src/detection/index.ts";
import { checkOpenSearchSupport, compileOpenSearchDesired, EXPR_SCRIPT, JOIN_SCRIPTS } from "../../../src/targets/opensearch/index.ts";

/** Golden monitor bodies for the psexec pack (test environment values, this repository's project). Regenerate with DAC_UPDATE_GOLDEN=1. */
const goldenDir = new URL("./golden/psexec/", import.meta.url);
const pack = await loadDetections(["detections/psexec"]);
const envs = loadEnvironments("environments.yaml");
const values = envs.ok ? (envs.value.environments["test"]?.exceptionValues ?? {}) : {};
const project = envs.ok ? envs.value.project : undefined;

describe.each(pack.detections.map((d) => [d.id, d] as const))("%s", (id, detection) => {
  const resolved = resolveDetection(detection, values, pack.exceptions, "test");

  it("is supported by the opensearch target", () => {
    expect(resolved.ok && checkOpenSearchSupport(resolved.value)).toEqual([]);
  });

  it("compiles to its golden monitor", () => {
    if (!resolved.ok) throw new Error("does not resolve");
    const desired = compileOpenSearchDesired(resolved.value, { project });
    // The Painless programs have their own file (join-script.ts, sequence-script.ts, sample-script.ts): named, not inlined.
    const names = new Map(Object.entries({ ...JOIN_SCRIPTS, EXPR_SCRIPT }).map(([name, source]) => [source, `<${name}>`]));
    const text = `${JSON.stringify(desired.body, (_k, v) => (typeof v === "string" ? (names.get(v) ?? v) : v), 2)}\n`;
    const file = new URL(`${id}.json`, goldenDir);
    if (process.env["DAC_UPDATE_GOLDEN"] === "1" || !existsSync(file)) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(file, text);
    }
    expect(text).toBe(readFileSync(file, "utf8"));
  });
});
