import { canonicalizeMonitor, readDacMetadata, type JsonObject } from "../../targets/opensearch/index.ts";
import type { LiveResource } from "../target.ts";

/**
 * A live monitor (one hit of the monitors _search, or a GET) -> the normalized
 * LiveResource the planner compares with the desired body, or undefined when
 * the monitor does not carry dac's marker (unmanaged: counted, never touched).
 * The body goes through the same canonicalizeMonitor as the desired body, so
 * right after a deploy the two are equal; seq_no/primary_term stay in the
 * handle for optimistic concurrency on update.
 */
export interface OpenSearchHandle {
  readonly monitorId: string;
  readonly seqNo: number;
  readonly primaryTerm: number;
  [key: string]: string | number;
}

export interface MonitorHit {
  readonly _id: string;
  readonly _seq_no?: number;
  readonly _primary_term?: number;
  /** _search puts the monitor in _source; GET puts it in `monitor`. */
  readonly _source?: JsonObject;
  readonly monitor?: JsonObject;
}

export function normalizeLiveMonitor(hit: MonitorHit): LiveResource | undefined {
  const monitor = hit.monitor ?? hit._source;
  if (!monitor || monitor.type !== "monitor") return undefined;
  const dac = readDacMetadata(monitor);
  if (!dac || typeof dac.id !== "string") return undefined;
  const handle: OpenSearchHandle = { monitorId: hit._id, seqNo: hit._seq_no ?? -1, primaryTerm: hit._primary_term ?? -1 };
  return { id: dac.id, name: typeof monitor.name === "string" ? monitor.name : dac.id, body: canonicalizeMonitor(monitor), handle };
}

export function readHandle(live: LiveResource): OpenSearchHandle {
  const handle = live.handle as Partial<OpenSearchHandle> | null;
  if (!handle || typeof handle.monitorId !== "string") throw new Error(`live resource ${live.id} has no OpenSearch monitor id in its handle`);
  return { monitorId: handle.monitorId, seqNo: handle.seqNo ?? -1, primaryTerm: handle.primaryTerm ?? -1 };
}
