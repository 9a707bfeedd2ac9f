import { describe, expect, it } from "vitest";
import { compareVersions } from "../../../src/eql/engine/version-order.ts";

const sorted = (vs: string[]) => [...vs].sort(compareVersions);

describe("version order (ES version field)", () => {
  it("orders numeric parts numerically, not as text", () => {
    expect(compareVersions("2.10.0", "2.9.7")).toBe(1);
    expect(compareVersions("0.3.1", "0.3.1")).toBe(0);
    expect(sorted(["3.0.0", "10.0", "3.0.0.1", "3"])).toEqual(["3", "3.0.0", "3.0.0.1", "10.0"]);
  });

  it("puts a prerelease before its release, numeric identifiers before alphanumeric", () => {
    expect(sorted(["4.1.0", "4.1.0-rc.2", "4.1.0-beta", "4.1.0-rc.10", "4.1.0-2"])).toEqual(["4.1.0-2", "4.1.0-beta", "4.1.0-rc.2", "4.1.0-rc.10", "4.1.0"]);
  });

  it("sorts invalid versions after every valid one, by text", () => {
    expect(sorted(["zeta", "07.1", "999.0.0", "", "1.a", "0.0.1"])).toEqual(["0.0.1", "999.0.0", "", "07.1", "1.a", "zeta"]);
    expect(compareVersions("nope", "nope")).toBe(0);
  });
});
