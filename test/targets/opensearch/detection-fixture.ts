import type { ResolvedDetection } from "../../../src/detection/model.ts";

/** A complete ResolvedDetection for target tests; override what the case is about. */
export function makeDetection(overrides: Partial<ResolvedDetection> = {}): ResolvedDetection {
  return {
    id: "test-rule",
    name: "Test rule",
    description: "A detection for target tests",
    severity: "high",
    riskScore: 73,
    mitre: [],
    tags: ["test"],
    dataSources: ["sysmon"],
    indices: ["logs-test-*"],
    query: 'process where process.name == "psexesvc.exe"',
    timestampField: "@timestamp",
    eventCategoryField: "event.category",
    schedule: { interval: "5m", lookback: "1m" },
    enabled: true,
    entityField: "host.name",
    maxSignals: 100,
    falsePositives: [],
    references: [],
    guide: "",
    author: ["dac"],
    license: "Apache-2.0",
    version: 1,
    exceptionNames: [],
    tests: [],
    source: { file: "detections/test/test-rule.ts", queryOrigin: { line: 10, column: 12, offset: 200 } },
    exceptions: [],
    ...overrides,
  };
}
