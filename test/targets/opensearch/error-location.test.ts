import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { errorDiagnostic, rangeOf } from "../../../src/diagnostics/index.ts";
import { loadDetections, resolveDetection } from "../../../src/detection/index.ts";
import { locateDiagnostics } from "../../../src/targets/opensearch/index.ts";

const FILE = "test/fixtures/detection/escaped-query/detection.ts";

describe("OpenSearch refusals in a query written as an escaped string literal", () => {
  it("point at the token in the module, through the escapes", async () => {
    const pack = await loadDetections(["test/fixtures/detection/escaped-query"]);
    const detection = pack.detections.find((d) => d.id === "escaped-query");
    if (!detection) throw new Error(JSON.stringify(pack.diagnostics));
    const resolved = resolveDetection(detection, {}, []);
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.diagnostics));
    const query = resolved.value.query;
    const at = query.indexOf("process.pid");
    const refused = errorDiagnostic("target/unsupported", "refused", { range: rangeOf(query, at, at + "process.pid".length) });
    const [located] = locateDiagnostics(resolved.value, [refused]);
    const text = readFileSync(FILE, "utf8");
    const line = text.split("\n").findIndex((l) => l.includes("process.pid")) + 1;
    const column = text.split("\n")[line - 1]!.indexOf("process.pid") + 1;
    // three `\\` escapes before it: a plain shift from the literal's start would be 3 columns short
    expect(located?.range).toMatchObject({ file: FILE, start: { line, column } });
    expect(located?.ruleId).toBe("escaped-query");
  });
});
