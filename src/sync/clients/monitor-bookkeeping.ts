import { hashMonitor, readDacMetadata } from "../../targets/opensearch/index.ts";
import type { LiveResource, LiveState, TargetAdapter } from "../target.ts";

/**
 * Fills in what the sync engine reads from an OpenSearch LiveResource when the
 * adapter does not set it itself:
 *  - `appliedHash`: the `ui_metadata.dac.hash` dac wrote with the monitor, a
 *    hash of the monitor without that field (targets/opensearch/metadata.ts),
 *    so `hashContent` is hashMonitor rather than sync's hashBody;
 *  - `remoteId`: the monitor id from the handle, so duplicates sort by it.
 * Values the adapter already sets win; this is glue, not a second adapter.
 */
export function withMonitorBookkeeping<A extends TargetAdapter>(adapter: A): A {
  return {
    ...adapter,
    hashContent: adapter.hashContent ?? ((body) => hashMonitor(body)),
    readLive: async (): Promise<LiveState> => {
      const live = await adapter.readLive();
      return { ...live, managed: live.managed.map(addBookkeeping) };
    },
  };
}

function addBookkeeping(live: LiveResource): LiveResource {
  const stored = readDacMetadata(live.body)?.hash;
  const handle = live.handle;
  const monitorId = handle !== null && typeof handle === "object" && !Array.isArray(handle) ? handle["monitorId"] : undefined;
  return {
    ...live,
    ...(live.appliedHash === undefined && typeof stored === "string" ? { appliedHash: stored } : {}),
    ...(live.remoteId === undefined && typeof monitorId === "string" ? { remoteId: monitorId } : {}),
  };
}
