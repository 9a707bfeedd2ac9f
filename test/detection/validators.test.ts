import { describe, expect, it } from "vitest";
import { loadDetections, packValidators, validatePack, type LoadedPack } from "../../src/detection/index.ts";

const pack = await loadDetections(["detections/psexec"]);

function withDetection(change: (d: LoadedPack["detections"][number]) => LoadedPack["detections"][number]): LoadedPack {
  return { ...pack, detections: [change(pack.detections[0]!)], origins: new Map() };
}

describe("pack validators", () => {
  it("are listed explicitly with their codes", () => {
    expect(packValidators.flatMap((v) => v.codes)).toEqual(expect.arrayContaining(["detection/duplicate-id", "detection/missing-test", "detection/unknown-exception", "detection/fixture-missing", "detection/unknown-field", "eql/*"]));
  });

  it("flags a missing fixture with the rule id", () => {
    const broken = withDetection((d) => ({ ...d, tests: [...d.tests, { name: "gone", fixture: "/nope/gone.ndjson", expectAlerts: 0 }] }));
    expect(validatePack(broken)).toEqual([expect.objectContaining({ code: "detection/fixture-missing", ruleId: pack.detections[0]!.id, file: pack.detections[0]!.source.file })]);
  });

  it("flags an unknown exception name and an unknown entity field", () => {
    const broken = withDetection((d) => ({ ...d, exceptionNames: ["nope"], entityField: "host.nmae" }));
    expect(validatePack(broken).map((x) => x.code).sort()).toEqual(["detection/unknown-exception", "detection/unknown-field"]);
  });

  it("shifts EQL diagnostics into the module file", () => {
    const detection = pack.detections.find((d) => d.id === "renamed-psexesvc")!;
    const one = { ...pack, detections: [detection] };
    const at = detection.query.indexOf("process.pe.original_file_name");
    const diagnostics = validatePack(one, {
      checkQuery: () => [{ severity: "error", code: "eql/test", message: "m", range: { start: { line: 2, column: 4, offset: at }, end: { line: 2, column: 10, offset: at + 6 } } }],
    });
    expect(diagnostics[0]!.range).toMatchObject({ file: "detections/psexec/renamed-psexesvc.ts", start: { line: 15, column: 4 } });
  });
});
