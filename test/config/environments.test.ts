import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadEnvironments, parseEnvironments } from "../../src/config/index.ts";
import { formatDiagnostics } from "../../src/diagnostics/index.ts";

describe("loadEnvironments on the project's environments.yaml", () => {
  it("loads local, test, staging, prod and local-secure", () => {
    const result = loadEnvironments("environments.yaml");
    expect(result.diagnostics).toEqual([]);
    if (!result.ok) return;
    const envs = result.value.environments;
    expect(Object.keys(envs)).toEqual(["local", "test", "staging", "prod", "local-secure"]);
    expect(envs.local).toMatchObject({ engine: "opensearch", url: "http://localhost:9200", tls: { insecure: false } });
    expect(envs.local!.auth).toBeUndefined();
    expect(envs.staging!.auth).toEqual({ basic: { usernameEnv: "DAC_STAGING_USERNAME", passwordEnv: "DAC_STAGING_PASSWORD" } });
    expect(envs.prod).toMatchObject({ engine: "elastic", auth: { apiKeyEnv: "DAC_PROD_API_KEY" }, spaces: ["security-emea", "security-amer"] });
    expect(envs.test!.exceptionValues.adminAccounts).toEqual(["svc-remediation", "it-admin-jdoe"]);
  });

  it("reports a missing file as a diagnostic", () => {
    expect(loadEnvironments("nope.yaml").diagnostics[0]).toMatchObject({ code: "config/not-found", file: "nope.yaml" });
  });
});

const cases: { name: string; yaml: string; code: string; line: number; column: number; message?: RegExp }[] = [
  { name: "broken YAML (bad indentation)", yaml: "environments:\n  local:\n    engine: opensearch\n   url: x\n", code: "config/yaml-syntax", line: 4, column: 1, message: /same column/ },
  { name: "duplicate key", yaml: "environments:\n  local:\n    engine: opensearch\n    engine: elastic\n", code: "config/yaml-syntax", line: 4, column: 5, message: /unique/ },
  { name: "inline password", yaml: "environments:\n  staging:\n    engine: opensearch\n    url: https://os:9200\n    auth:\n      basic:\n        username: admin\n        password: hunter2\n", code: "config/inline-secret", line: 8, column: 9, message: /auth\.basic\.password/ },
  { name: "inline apiKey", yaml: "environments:\n  prod:\n    engine: elastic\n    url: https://es:9243\n    auth:\n      apiKey: c2VjcmV0\n", code: "config/inline-secret", line: 6, column: 7 },
  { name: "unknown engine", yaml: "environments:\n  local:\n    engine: splunk\n    url: http://localhost:9200\n", code: "config/schema", line: 3, column: 13, message: /opensearch.*elastic/ },
  { name: "unknown key", yaml: "environments:\n  local:\n    engine: opensearch\n    url: http://localhost:9200\n    urll: x\n", code: "config/schema", line: 5, column: 5, message: /urll/ },
  { name: "project not kebab-case", yaml: "project: SOC Rules\nenvironments:\n  local:\n    engine: opensearch\n    url: http://localhost:9200\n", code: "config/schema", line: 1, column: 10, message: /kebab-case/ },
  { name: "project not a string", yaml: "project: [a, b]\nenvironments: {}\n", code: "config/schema", line: 1, column: 10 },
  { name: "spaces on opensearch", yaml: "environments:\n  local:\n    engine: opensearch\n    url: http://localhost:9200\n    spaces: [a]\n", code: "config/schema", line: 5, column: 13 },
];

describe("the dac project", () => {
  const yaml = "environments:\n  local:\n    engine: opensearch\n    url: http://localhost:9200\n";

  it("is the file's `project:` when set", () => {
    const result = parseEnvironments(`project: soc-detections\n${yaml}`, "environments.yaml");
    expect(result.ok && result.value.project).toBe("soc-detections");
  });

  it("defaults to the name in package.json next to the file (this repository: dac)", () => {
    expect(loadEnvironments("environments.yaml")).toMatchObject({ ok: true, value: { project: "dac" } });
  });

  it("defaults to the directory name when there is no package.json", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "dac-envs-")), "Purple Team");
    mkdirSync(dir);
    const file = join(dir, "environments.yaml");
    writeFileSync(file, yaml);
    expect(loadEnvironments(file)).toMatchObject({ ok: true, value: { project: "purple-team" } });
  });

  it("takes an explicit default over the derived one", () => {
    expect(parseEnvironments(yaml, "environments.yaml", "given-default")).toMatchObject({ ok: true, value: { project: "given-default" } });
  });
});

describe("parseEnvironments errors are located", () => {
  it.each(cases)("$name -> $code at $line:$column", ({ yaml, code, line, column, message }) => {
    const result = parseEnvironments(yaml, "environments.yaml");
    expect(result.ok).toBe(false);
    const found = result.diagnostics.find((d) => d.code === code);
    expect(found, JSON.stringify(result.diagnostics)).toBeDefined();
    expect(found!.range).toMatchObject({ file: "environments.yaml", start: { line, column } });
    if (message) expect(found!.message).toMatch(message);
  });

  it("never echoes an inline secret's value", () => {
    const yaml = cases.find((c) => c.name === "inline password")!.yaml;
    const result = parseEnvironments(yaml, "environments.yaml");
    const text = formatDiagnostics(result.diagnostics) + JSON.stringify(result.diagnostics);
    expect(text).not.toContain("hunter2");
    expect(result.diagnostics.map((d) => d.code)).toEqual(["config/inline-secret"]);
  });
});
