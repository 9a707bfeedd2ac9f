import type { Diagnostic } from "../../diagnostics/index.ts";
import type { ResolvedDetection } from "../../detection/index.ts";
import { parseEql } from "../../eql/index.ts";
import { compileMonitorForQuery, locateDiagnostics } from "./monitor.ts";

/**
 * What `dac validate --env <opensearch env>` reports for one detection: every
 * construct the opensearch target refuses (`opensearch/unsupported`,
 * `opensearch/unsupported-schedule`), located in the detection module. A
 * query that does not parse yields nothing here: the eql checks report it.
 */
export function checkOpenSearchSupport(detection: ResolvedDetection): Diagnostic[] {
  const parsed = parseEql(detection.query);
  if (!parsed.ok) return [];
  const compiled = compileMonitorForQuery(detection, parsed.value);
  return compiled.ok ? [] : locateDiagnostics(detection, compiled.diagnostics);
}
