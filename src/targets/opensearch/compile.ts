import { formatDiagnostics } from "../../diagnostics/index.ts";
import type { ResolvedDetection } from "../../detection/index.ts";
import { canonicalizeMonitor } from "./canonical.ts";
import type { JsonObject } from "./json.ts";
import { compileMonitor, type CompileMonitorOptions } from "./monitor.ts";

/** Structurally sync's `DesiredResource` (targets may not import sync). */
export interface OpenSearchDesired {
  readonly id: string;
  readonly name: string;
  readonly body: JsonObject;
}

/**
 * The sync contract (`CompileDesired`): the canonical monitor, i.e. the same
 * form opensearch-normalize.ts makes of a live monitor, so that right after a
 * deploy desired equals live. Throws when the detection cannot compile:
 * callers run checkOpenSearchSupport first and never get here with errors.
 * `project` goes into the body (and so into its hash), so a monitor deployed
 * before projects existed plans as an update that writes it.
 */
export function compileOpenSearchDesired(detection: ResolvedDetection, options: Pick<CompileMonitorOptions, "project"> = {}): OpenSearchDesired {
  const monitor = compileMonitor(detection, options);
  if (!monitor.ok) {
    throw new Error(`cannot compile rule ${detection.id} for OpenSearch:\n${formatDiagnostics(monitor.diagnostics)}`);
  }
  return { id: detection.id, name: detection.name, body: canonicalizeMonitor(monitor.value) };
}
