import { describe, expect, it } from "vitest";
import { parseDurationMillis, parseDurationSeconds } from "../../src/detection/index.ts";

describe("schedule durations", () => {
  it("reads every unit a detection schedule may use", () => {
    expect(parseDurationMillis("90s")).toBe(90_000);
    expect(parseDurationMillis("5m")).toBe(300_000);
    expect(parseDurationMillis("2h")).toBe(7_200_000);
    expect(parseDurationMillis("1d")).toBe(86_400_000);
    expect(parseDurationMillis("0m")).toBe(0);
    expect(parseDurationMillis(" 10m ")).toBe(600_000);
  });

  it("refuses text that is not <integer><unit>", () => {
    for (const text of ["", "5", "m", "5 m", "1.5m", "-5m", "5w", "5M"]) expect(parseDurationMillis(text)).toBeUndefined();
  });

  it("gives Kibana whole seconds and refuses milliseconds there", () => {
    expect(parseDurationSeconds("6m")).toBe(360);
    expect(parseDurationSeconds("250ms")).toBeUndefined();
  });
});
