import { describe, expect, test } from "vitest";
import { configureReaper, isOrphanOwner, ownerLabelValue } from "../../src/cluster/reaper.ts";

describe("configureReaper", () => {
  test("disables Ryuk when its image is absent", async () => {
    const env: NodeJS.ProcessEnv = {};
    expect(await configureReaper({ exists: async () => false }, env)).toBe("dac");
    expect(env["TESTCONTAINERS_RYUK_DISABLED"]).toBe("true");
  });

  test("keeps Ryuk when its image is present", async () => {
    const env: NodeJS.ProcessEnv = {};
    expect(await configureReaper({ exists: async () => true }, env)).toBe("ryuk");
    expect(env["TESTCONTAINERS_RYUK_DISABLED"]).toBeUndefined();
  });

  test.each([
    { value: "true", want: "dac" },
    { value: "false", want: "ryuk" },
  ])("respects an explicit TESTCONTAINERS_RYUK_DISABLED=$value", async ({ value, want }) => {
    const env: NodeJS.ProcessEnv = { TESTCONTAINERS_RYUK_DISABLED: value };
    expect(await configureReaper({ exists: async () => { throw new Error("must not probe"); } }, env)).toBe(want);
  });
});

describe("isOrphanOwner", () => {
  const alive = (pid: number) => pid === 100;
  test.each([
    { owner: "box:100", want: false, why: "owner alive" },
    { owner: "box:200", want: true, why: "owner dead" },
    { owner: "other:200", want: false, why: "another host's process: cannot tell" },
    { owner: undefined, want: false, why: "no owner label" },
    { owner: "box:abc", want: false, why: "malformed pid" },
  ])("$owner -> $want ($why)", ({ owner, want }) => {
    expect(isOrphanOwner(owner, "box", alive)).toBe(want);
  });

  test("ownerLabelValue is host:pid", () => {
    expect(ownerLabelValue("h", 7)).toBe("h:7");
  });
});
