/**
 * A small, valid dac project written to a temp folder, which each bad-input
 * case changes in one place. Modules import dac from this checkout by
 * absolute path, as a pack inside the repository does by relative path.
 */
import { resolve } from "node:path";

export const DAC_SRC = resolve("src/detection/index.ts");

/** Secret values present in every run's environment and in the secret cases' files: no output may contain them. */
export const SECRETS = {
  password: "pw-Zq9vK2mXr7",
  apiKey: "key-Lp3sW8nYt4",
  inline: "inline-Hb6dF1cQe5",
  url: "urlpw-Gt7jN3kVs9",
} as const;

export const SECRET_ENV = {
  DAC_BAD_USERNAME: "dac-deployer",
  DAC_BAD_PASSWORD: SECRETS.password,
  DAC_BAD_API_KEY: SECRETS.apiKey,
} as const;

export interface RuleParts {
  readonly query?: string;
  /** Extra property lines inserted before `tests:` (each ends with a comma). */
  readonly extra?: readonly string[];
  readonly exceptions?: string;
  readonly tests?: string;
  readonly exportKeyword?: string;
  readonly id?: string;
}

export function ruleModule(parts: RuleParts = {}): string {
  return [
    `import { defineDetection } from "${DAC_SRC}";`,
    `${parts.exportKeyword ?? "export "}const rule = defineDetection({`,
    `  id: "${parts.id ?? "svc-installed"}",`,
    `  name: "Service installed",`,
    `  description: "A service was installed.",`,
    `  severity: "high",`,
    `  riskScore: 73,`,
    `  mitre: ["T1569.002"],`,
    `  dataSources: ["windows-system"],`,
    `  query: \`${parts.query ?? 'any where event.code == "7045" and process.name : "abc.exe"'}\`,`,
    `  falsePositives: ["none known"],`,
    `  guide: "look at the service",`,
    `  author: ["dac tests"],`,
    `  version: 1,`,
    `  exceptions: ${parts.exceptions ?? '["admins"]'},`,
    ...(parts.extra ?? []).map((l) => `  ${l}`),
    `  tests: ${parts.tests ?? '[\n    { name: "fires", fixture: "fixtures/attack.ndjson", expectAlerts: 1, expectEntity: "FS01" },\n    { name: "silent", fixture: "fixtures/benign.ndjson", expectAlerts: 0 },\n  ]'},`,
    `});`,
    ``,
  ].join("\n");
}

export function exceptionsModule(entries = '[{ kind: "cidr", field: "source.ip", cidrs: env("adminIps") }]', name = "admins"): string {
  return [
    `import { defineException, env } from "${DAC_SRC}";`,
    `export const admins = defineException({`,
    `  name: "${name}",`,
    `  description: "Admin jump hosts.",`,
    `  entries: ${entries},`,
    `});`,
    ``,
  ].join("\n");
}

export const ATTACK_EVENT = { "@timestamp": "2026-03-02T09:14:05.000Z", event: { code: "7045", category: ["configuration"] }, host: { name: "FS01" }, process: { name: "abc.exe", pid: 4 }, source: { ip: "192.168.1.7" } };
export const BENIGN_EVENT = { "@timestamp": "2026-03-02T09:15:05.000Z", event: { code: "4624", category: ["authentication"] }, host: { name: "FS01" }, source: { ip: "192.168.1.7" } };

export function environmentsYaml(extraEnvironments = "", adminIps = "[10.0.0.0/8]"): string {
  return `environments:\n  test:\n    engine: opensearch\n    url: http://127.0.0.1:9\n    exceptionValues:\n      adminIps: ${adminIps}\n${extraEnvironments}`;
}

/** The valid project: file path -> content. */
export function baseProject(): Record<string, string | Buffer> {
  return {
    "package.json": JSON.stringify({ name: "bad-input-pack", type: "module", private: true }),
    "environments.yaml": environmentsYaml(),
    "detections/rule.ts": ruleModule(),
    "detections/exceptions.ts": exceptionsModule(),
    "detections/fixtures/attack.ndjson": JSON.stringify(ATTACK_EVENT) + "\n",
    "detections/fixtures/benign.ndjson": JSON.stringify(BENIGN_EVENT) + "\n",
    "events.ndjson": [ATTACK_EVENT, BENIGN_EVENT].map((e) => JSON.stringify(e)).join("\n") + "\n",
  };
}

/** `file:line:column` of the first occurrence of `needle` in `text` (1-based), for location assertions. */
export function locate(file: string, text: string, needle: string, skip = 0): string {
  let at = -1;
  for (let i = 0; i <= skip; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not in ${file}`);
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const column = at - before.lastIndexOf("\n");
  return `${file}:${line}:${column}`;
}
