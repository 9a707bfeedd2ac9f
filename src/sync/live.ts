import type { LiveState, TargetAdapter } from "./target.ts";

/**
 * Reads what one target holds. Wraps the adapter's failure with the target it
 * was reading, so "while reading <location>" reaches the user.
 */
export async function readLiveState(adapter: TargetAdapter): Promise<LiveState> {
  try {
    return await adapter.readLive();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`while reading live state of ${adapter.kind} ${adapter.location}: ${message}`, { cause: err });
  }
}
