import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { connectTestNode, createEventIndex, deleteIndex } from "../targets/opensearch/cluster-harness.ts";
import { runDac } from "../fixtures/detection/cli-harness.ts";

/**
 * `dac validate --env <name> --schema-from-target` on a real node: a field no
 * schema declares is unknown until the index's live mapping (field caps) says
 * what it is, with its type.
 */
const http = connectTestNode();
const index = `dac-it-live-fields-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), "dac-live-fields-"));
const entry = resolve(import.meta.dirname, "../../src/detection/index.ts");

beforeAll(async () => {
  await createEventIndex(http, index, [], {
    properties: { "@timestamp": { type: "date" }, acme: { properties: { edr: { properties: { handle_rights: { type: "long" }, verdict: { type: "keyword" } } } } } },
  });
  writeFileSync(join(dir, "environments.yaml"), `environments:\n  live:\n    engine: opensearch\n    url: ${inject("opensearchUrl")}\n`);
  writeFileSync(
    join(dir, "rule.ts"),
    `import { defineDetection } from ${JSON.stringify(entry)};
export const rule = defineDetection({
  id: "live-fields-rule",
  name: "Live fields",
  description: "Reads fields only the live mapping knows.",
  severity: "low",
  riskScore: 21,
  mitre: ["T1003.001"],
  indices: [${JSON.stringify(index)}],
  query: 'process where acme.edr.handle_rights >= 4096 and acme.edr.verdict == "bad"',
  falsePositives: ["none known"],
  guide: "Synthetic.",
  author: ["dac tests"],
  version: 1,
  tests: [],
});
`,
  );
});

afterAll(async () => {
  await deleteIndex(http, index);
});

describe("dac validate --schema-from-target (real node)", () => {
  it("reports the fields as unknown without it", async () => {
    const r = await runDac("validate", join(dir, "rule.ts"), "--env", "live", "--environments", join(dir, "environments.yaml"));
    expect(r.stderr).toContain("eql/unknown-field");
    expect(r.stderr).toContain("acme.edr.handle_rights");
  });

  it("knows them, with their live types, with it", async () => {
    const r = await runDac("validate", join(dir, "rule.ts"), "--env", "live", "--environments", join(dir, "environments.yaml"), "--schema-from-target", "--json");
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string; message: string }[] };
    expect(out.diagnostics.filter((d) => d.code.startsWith("eql/"))).toEqual([]);
  });

  it("checks the live type: a string compared with the long field is refused", async () => {
    writeFileSync(join(dir, "typed.ts"), `import { defineDetection } from ${JSON.stringify(entry)};
export const typed = defineDetection({
  id: "live-fields-typed", name: "Typed", description: "x", severity: "low", riskScore: 21, mitre: ["T1003.001"],
  indices: [${JSON.stringify(index)}], query: 'process where acme.edr.handle_rights : "*abc*"',
  falsePositives: ["none"], guide: "x", author: ["t"], version: 1,
});
`);
    const r = await runDac("validate", join(dir, "typed.ts"), "--env", "live", "--environments", join(dir, "environments.yaml"), "--schema-from-target", "--json");
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string }[] };
    expect(out.diagnostics.some((d) => d.code.startsWith("eql/") && d.code !== "eql/unknown-field")).toBe(true);
  });
});
