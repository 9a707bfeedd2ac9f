import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { loadEnvironments, resolveEnvironment, Secret } from "../../src/config/index.ts";

const envs = loadEnvironments("environments.yaml");
if (!envs.ok) throw new Error("environments.yaml must load");

describe("resolveEnvironment", () => {
  it("resolves local with no auth", () => {
    expect(resolveEnvironment(envs.value, "local", {})).toMatchObject({ ok: true, value: { name: "local", project: "dac", auth: { kind: "none" }, spaces: [] } });
  });

  it("reads basic auth from the named variables and wraps the password", () => {
    const r = resolveEnvironment(envs.value, "staging", { DAC_STAGING_USERNAME: "dac", DAC_STAGING_PASSWORD: "s3cr3t-pw" });
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.auth.kind !== "basic") throw new Error("expected basic auth");
    expect(r.value.auth.username).toBe("dac");
    expect(r.value.auth.password.reveal()).toBe("s3cr3t-pw");
    const printed = [JSON.stringify(r.value), String(r.value.auth.password), `${r.value.auth.password}`, inspect(r.value, { depth: 5 })].join("\n");
    expect(printed).not.toContain("s3cr3t-pw");
    expect(printed).toContain("***");
  });

  it("names a missing variable without printing any value", () => {
    const r = resolveEnvironment(envs.value, "prod", { DAC_STAGING_PASSWORD: "unrelated-secret" });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "config/missing-env-var" })]);
    expect(r.diagnostics[0]!.message).toContain("DAC_PROD_API_KEY");
    expect(JSON.stringify(r.diagnostics)).not.toContain("unrelated-secret");
  });

  it("rejects an unknown environment name and lists the known ones", () => {
    const r = resolveEnvironment(envs.value, "qa", {});
    expect(r.diagnostics[0]!.message).toMatch(/qa.*local, test, staging, prod/);
  });

  it("Secret hides its value from every printer", () => {
    const s = new Secret("tok", "DAC_TOKEN");
    expect(`${s}`).toBe("***");
    expect(JSON.stringify({ s })).toBe('{"s":"***"}');
    expect(inspect(s)).toBe("Secret(DAC_TOKEN: ***)");
  });
});
