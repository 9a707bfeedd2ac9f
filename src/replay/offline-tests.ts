/**
 * runOfflineTests: every detection's replay tests against the in-memory
 * engine. Each test resolves the detection's exceptions with its environment's
 * values (the test's `environment`, else the default, "test").
 */
import { resolveDetection, type Detection, type ExceptionDefinition, type ExceptionValues } from "../detection/index.ts";
import { readFixtureEvents, type FixtureEvent } from "./fixtures.ts";
import type { IndexMapping } from "../eql/index.ts";
import { runDetectionOffline } from "./offline.ts";
import { replayMappingFor } from "./offline-mapping.ts";
import { explainMismatch, type TestReport, type TestResult } from "./report.ts";

export interface OfflineTestOptions {
  /** Exception values per environment name (from environments.yaml). */
  readonly environments: Readonly<Record<string, ExceptionValues>>;
  /** Environment for tests that name none. Default "test". */
  readonly defaultEnvironment?: string;
  /** Injected for tests; default reads NDJSON(.gz) from disk. */
  readonly readEvents?: (file: string) => readonly FixtureEvent[];
  readonly now?: () => number;
  /** The mapping for every fixture (`--mapping`); default: the one replay on a node derives from the fixture. */
  readonly mapping?: IndexMapping;
}

function failed(detection: Detection, test: Detection["tests"][number], reason: string): TestResult {
  return { detectionId: detection.id, file: detection.source.file, test: test.name, fixture: test.fixture, passed: false, expectedAlerts: test.expectAlerts, actualAlerts: 0, ...(test.expectEntity !== undefined ? { expectedEntity: test.expectEntity } : {}), entities: [], reason };
}

export function runOfflineTests(detections: readonly Detection[], exceptions: readonly ExceptionDefinition[], options: OfflineTestOptions): TestReport {
  const cache = new Map<string, readonly FixtureEvent[]>();
  const read = options.readEvents ?? readFixtureEvents;
  const now = options.now ?? (() => performance.now());
  const events = (file: string) => {
    let cached = cache.get(file);
    if (!cached) cache.set(file, (cached = read(file)));
    return cached;
  };
  const mappings = new Map<string, IndexMapping>();
  const mappingOf = (file: string): IndexMapping => {
    if (options.mapping) return options.mapping;
    let m = mappings.get(file);
    if (!m) mappings.set(file, (m = replayMappingFor(events(file).map((e) => e.source))));
    return m;
  };
  const results: TestResult[] = [];
  for (const detection of detections) {
    for (const test of detection.tests) {
      const environment = test.environment ?? options.defaultEnvironment ?? "test";
      const values = options.environments[environment];
      if (!values) {
        results.push(failed(detection, test, `environment "${environment}" is not defined in environments.yaml`));
        continue;
      }
      const resolved = resolveDetection(detection, values, exceptions, environment);
      if (!resolved.ok) {
        results.push(failed(detection, test, resolved.diagnostics.map((d) => d.message).join("; ")));
        continue;
      }
      const started = now();
      let alerts;
      try {
        alerts = runDetectionOffline(resolved.value, events(test.fixture), mappingOf(test.fixture));
      } catch (err) {
        results.push(failed(detection, test, err instanceof Error ? err.message : String(err)));
        continue;
      }
      const entities = alerts.map((a) => a.entity);
      const reason = explainMismatch(test.expectAlerts, test.expectEntity, entities);
      results.push({
        detectionId: detection.id,
        file: detection.source.file,
        test: test.name,
        fixture: test.fixture,
        passed: reason === undefined,
        expectedAlerts: test.expectAlerts,
        actualAlerts: alerts.length,
        ...(test.expectEntity !== undefined ? { expectedEntity: test.expectEntity } : {}),
        entities: [...new Set(entities.map((e) => e ?? "<none>"))].sort(),
        ...(reason !== undefined ? { reason } : {}),
        durationMs: Math.round((now() - started) * 1000) / 1000,
      });
    }
  }
  return { target: "offline", results };
}
