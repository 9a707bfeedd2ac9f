import { describe, expect, it } from "vitest";
import { compileMonitor } from "../../../src/targets/opensearch/index.ts";
import { makeDetection } from "./detection-fixture.ts";

/** The first range clause on `{{period_end}}` (or the bool wrapping it) in the monitor's search. */
function windowClause(body: unknown): unknown {
  let found: unknown;
  const visit = (node: unknown): void => {
    if (found !== undefined || typeof node !== "object" || node === null) return;
    const text = JSON.stringify(node);
    const obj = node as Record<string, unknown>;
    if (("range" in obj || ("bool" in obj && "should" in (obj.bool as object))) && text.includes("{{period_end}}") && text.length < 600) {
      found = node;
      return;
    }
    for (const v of Object.values(obj)) visit(v);
  };
  visit(body);
  return found;
}

describe("the monitor's look-back window", () => {
  it("is on @timestamp unless a timestamp override is set, whatever the EQL timestamp field", () => {
    const ordered = compileMonitor(makeDetection({ timestampField: "event.created" }));
    if (!ordered.ok) throw new Error(JSON.stringify(ordered.diagnostics));
    expect(JSON.stringify(windowClause(ordered.value))).toMatch(/^\{"range":\{"@timestamp"/);
  });

  it("uses the override, falling back to @timestamp on events without it (as Kibana)", () => {
    const r = compileMonitor(makeDetection({ timestampOverride: "event.ingested" }));
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const clause = windowClause(r.value) as { bool: { should: unknown[] } };
    expect(JSON.stringify(clause.bool.should[0])).toMatch(/^\{"range":\{"event.ingested"/);
    expect(clause.bool.should[1]).toMatchObject({ bool: { must_not: [{ exists: { field: "event.ingested" } }] } });
  });
});
