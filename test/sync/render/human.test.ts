import { describe, expect, it } from "vitest";
import { hashBody } from "../../../src/sync/hash.ts";
import { planChanges } from "../../../src/sync/plan.ts";
import { renderPlanHuman } from "../../../src/sync/render/human.ts";
import type { DesiredResource, LiveResource, LiveState } from "../../../src/sync/target.ts";

const target = { kind: "opensearch" as const, location: "http://localhost:9200" };
const d = (id: string, body: DesiredResource["body"]): DesiredResource => ({ id, name: `Rule ${id}`, body });
const l = (id: string, body: LiveResource["body"], applied = body): LiveResource => ({
  id,
  name: `Rule ${id}`,
  body,
  handle: null,
  remoteId: `m-${id}`,
  appliedHash: hashBody(applied),
});
const state = (managed: LiveResource[], unmanagedCount = 0, otherProjectsCount?: number): LiveState => ({
  managed,
  unmanagedCount,
  ...(otherProjectsCount !== undefined ? { otherProjectsCount } : {}),
  calls: 1,
});

// Table of named cases with the expected text inline (Terraform's renderer tests).
const cases: { name: string; desired: DesiredResource[]; live: LiveState; prune: boolean; expected: string }[] = [
  {
    name: "no changes",
    desired: [d("a", { q: 1 })],
    live: state([l("a", { q: 1 })], 2),
    prune: false,
    expected: `Target: opensearch http://localhost:9200

No changes. The cluster matches the code. (2 unmanaged untouched)
`,
  },
  {
    name: "create, update with field markers, prune delete",
    desired: [d("new-rule", { q: 1 }), d("changed", { query: "b", tags: ["x"], size: 5 })],
    live: state([l("changed", { query: "a", tags: ["x", "y"], old: true }), l("gone", { q: 0 })], 1),
    prune: true,
    expected: `Target: opensearch http://localhost:9200

  ~ update changed "Rule changed" (code changed)
      - old: true
      ~ query: "a" -> "b"
      + size: 5
      - tags[1]: "y"
  - delete gone "Rule gone" (no longer in code)
  + create new-rule "Rule new-rule"

Plan: 1 to add, 1 to change, 1 to delete. (0 drifted, 1 unmanaged untouched)
`,
  },
  {
    name: "drift and an orphan kept without --prune",
    desired: [d("a", { enabled: true })],
    live: state([l("a", { enabled: false }, { enabled: true }), l("gone", { q: 0 })]),
    prune: false,
    expected: `Target: opensearch http://localhost:9200

  ~ update a "Rule a" (drift: changed outside dac; deploy restores the code's version)
      ~ enabled: false -> true
  # orphan gone "Rule gone" (would delete (use --prune): no longer in code)

Plan: 0 to add, 1 to change, 0 to delete. (1 drifted, 0 unmanaged untouched, 1 not in code kept, use --prune to delete)
`,
  },
  {
    name: "multi-line strings show a line diff with context",
    desired: [d("q", { query: "line 1\nline 2\nline 3 new\nline 4\nline 5" })],
    live: state([l("q", { query: "line 1\nline 2\nline 3\nline 4\nline 5" })]),
    prune: false,
    expected: `Target: opensearch http://localhost:9200

  ~ update q "Rule q" (code changed)
      ~ query:
          ...
            line 2
          - line 3
          + line 3 new
            line 4
          ...

Plan: 0 to add, 1 to change, 0 to delete. (0 drifted, 0 unmanaged untouched)
`,
  },
  {
    name: "only an orphan",
    desired: [],
    live: state([l("gone", { q: 0 })]),
    prune: false,
    expected: `Target: opensearch http://localhost:9200

  # orphan gone "Rule gone" (would delete (use --prune): no longer in code)

No changes. The cluster matches the code. (0 unmanaged untouched, 1 not in code kept, use --prune to delete)
`,
  },
  {
    name: "another dac project's objects, with changes",
    desired: [d("new-rule", { q: 1 })],
    live: state([], 1, 4),
    prune: true,
    expected: `Target: opensearch http://localhost:9200

  + create new-rule "Rule new-rule"

Plan: 1 to add, 0 to change, 0 to delete. (0 drifted, 1 unmanaged untouched, 4 managed by other dac projects left alone)
`,
  },
  {
    name: "another dac project's objects, no changes",
    desired: [d("a", { q: 1 })],
    live: state([l("a", { q: 1 })], 0, 2),
    prune: true,
    expected: `Target: opensearch http://localhost:9200

No changes. The cluster matches the code. (0 unmanaged untouched, 2 managed by other dac projects left alone)
`,
  },
];

describe("renderPlanHuman", () => {
  it.each(cases)("$name", ({ desired, live, prune, expected }) => {
    const plan = planChanges(desired, live, { prune, target });
    expect(renderPlanHuman(plan, { color: false })).toBe(expected);
  });

  it("has no escape codes without colour, and has them with it", () => {
    const plan = planChanges([d("a", { q: 1 })], state([]), { prune: false, target });
    expect(renderPlanHuman(plan, { color: false })).not.toMatch(/\u001b\[/);
    expect(renderPlanHuman(plan, { color: true })).toMatch(/\u001b\[32m\+ create/);
  });

  it("lists noops only when asked", () => {
    const plan = planChanges([d("a", { q: 1 })], state([l("a", { q: 1 })]), { prune: false, target });
    expect(renderPlanHuman(plan, { color: false, showNoop: true })).toContain('    noop   a "Rule a"');
  });
});
