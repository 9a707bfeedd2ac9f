import { describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../../src/config/index.ts";
import type { ResolvedDetection } from "../../src/detection/index.ts";
import { applyEnvironmentToDetection } from "../../src/sync/desired.ts";

const detection = {
  id: "d",
  dataSources: ["sysmon", "windows-security"],
  indices: ["logs-windows.sysmon_operational-*", "winlogbeat-*", "logs-system.security-*"],
  enabled: true,
  schedule: { interval: "5m", lookback: "10m" },
} as unknown as ResolvedDetection;

const env = (extra: Partial<ResolvedEnvironment>): ResolvedEnvironment =>
  ({ name: "e", engine: "opensearch", url: "http://x", indices: {}, ruleDefaults: {}, exceptionValues: {}, spaces: [], ...extra }) as unknown as ResolvedEnvironment;

describe("applyEnvironmentToDetection", () => {
  it("replaces default index patterns with the environment's per data source", () => {
    const out = applyEnvironmentToDetection(detection, env({ indices: { sysmon: ["wlb-*"] } }));
    expect(out.indices).toEqual(["wlb-*", "logs-system.security-*", "winlogbeat-*"]);
  });

  it("keeps index patterns the module chose itself", () => {
    const own = { ...detection, indices: ["custom-*"] };
    expect(applyEnvironmentToDetection(own, env({ indices: { sysmon: ["wlb-*"] } })).indices).toEqual(["custom-*"]);
  });

  it("disables rules when the environment says so, never enables them", () => {
    expect(applyEnvironmentToDetection(detection, env({ ruleDefaults: { enabled: false } })).enabled).toBe(false);
    expect(applyEnvironmentToDetection({ ...detection, enabled: false }, env({ ruleDefaults: { enabled: true } })).enabled).toBe(false);
  });

  it("sets the interval and widens a shorter lookback to it", () => {
    expect(applyEnvironmentToDetection(detection, env({ ruleDefaults: { interval: "15m" } })).schedule).toEqual({ interval: "15m", lookback: "15m" });
    expect(applyEnvironmentToDetection(detection, env({ ruleDefaults: { interval: "1m" } })).schedule).toEqual({ interval: "1m", lookback: "10m" });
  });

  it("returns the same object when nothing applies", () => {
    expect(applyEnvironmentToDetection(detection, env({}))).toBe(detection);
  });
});
