import { describe, expect, it } from "vitest";
import { planChanges } from "../../../src/sync/plan.ts";
import { parsePlanFile, renderPlanFile } from "../../../src/sync/plan-file.ts";
import { renderPlanJson } from "../../../src/sync/render/json.ts";

const target = { kind: "opensearch" as const, location: "http://localhost:9200" };
const plan = planChanges(
  [{ id: "a", name: "A", body: { q: 2 } }],
  { managed: [{ id: "a", name: "A", body: { q: 1 }, handle: { x: 1 } }], unmanagedCount: 0, calls: 1 },
  { prune: false, target },
);

describe("renderPlanJson", () => {
  it("prints the Plan value with its formatVersion", () => {
    const parsed = JSON.parse(renderPlanJson(plan)) as typeof plan;
    expect(parsed.formatVersion).toBe(1);
    expect(parsed).toEqual(plan);
  });
});

describe("plan files", () => {
  it("round-trip through render and parse", () => {
    const text = renderPlanFile({ formatVersion: 1, environment: "dev", plans: [plan] });
    const result = parsePlanFile(text, "plan.json");
    expect(result.ok && result.value.plans[0]).toEqual(plan);
  });

  it("keep the other-projects count through render and parse", () => {
    const shared = planChanges([], { managed: [], unmanagedCount: 0, otherProjectsCount: 2, calls: 1 }, { prune: true, target });
    const result = parsePlanFile(renderPlanFile({ formatVersion: 1, environment: "dev", plans: [shared] }), "plan.json");
    expect(result.ok && result.value.plans[0]?.summary.otherProjects).toBe(2);
  });

  it("reject another formatVersion with the field path", () => {
    const result = parsePlanFile(JSON.stringify({ formatVersion: 2, environment: "dev", plans: [] }), "plan.json");
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: "plan/invalid-file", file: "plan.json", path: ["formatVersion"] });
  });

  it("reject text that is not JSON", () => {
    const result = parsePlanFile("{", "plan.json");
    expect(result.diagnostics[0]?.message).toMatch(/^not JSON/);
  });
});
