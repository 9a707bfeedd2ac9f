/**
 * The test report: target-agnostic, so offline runs and replays on a real
 * cluster produce the same value and the same JUnit / JSON renderings.
 */
export interface TestResult {
  readonly detectionId: string;
  /** The detection module the test belongs to. */
  readonly file: string;
  readonly test: string;
  readonly fixture?: string;
  readonly passed: boolean;
  readonly expectedAlerts: number;
  readonly actualAlerts: number;
  readonly expectedEntity?: string;
  /** Distinct entities of the alerts raised, sorted. */
  readonly entities: readonly string[];
  /** Why it failed: "expected 2 alerts, got 0", "wrong entity: …". */
  readonly reason?: string;
  readonly durationMs?: number;
}

export interface TestReport {
  /** Where the tests ran: "offline" or a target label such as an OpenSearch URL. */
  readonly target?: string;
  readonly results: readonly TestResult[];
}

export interface TestSummary {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
}

export function summarizeReport(report: TestReport): TestSummary {
  const passed = report.results.filter((r) => r.passed).length;
  return { total: report.results.length, passed, failed: report.results.length - passed };
}

/** Compares what a test expected with the alerts' count and entities; undefined when it passes. */
export function explainMismatch(expectedAlerts: number, expectedEntity: string | undefined, entities: readonly (string | null)[]): string | undefined {
  if (entities.length !== expectedAlerts) {
    const seen = entities.length > 0 ? ` (entities: ${[...new Set(entities.map((e) => e ?? "<none>"))].join(", ")})` : "";
    return `expected ${expectedAlerts} alert${expectedAlerts === 1 ? "" : "s"}, got ${entities.length}${seen}`;
  }
  if (expectedEntity !== undefined) {
    const wrong = [...new Set(entities.filter((e) => e !== expectedEntity).map((e) => e ?? "<none>"))];
    if (wrong.length > 0) return `wrong entity: expected ${expectedEntity}, got ${wrong.join(", ")}`;
  }
  return undefined;
}
