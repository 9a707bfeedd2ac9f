import type { LiveState, TargetAdapter } from "../../../src/sync/target.ts";

/**
 * Restricts an adapter's view to managed objects whose id starts with
 * `prefix`; everything else on the shared test node counts as unmanaged. Lets
 * `prune` run in a test without deleting monitors other test files deployed.
 */
export function scopeAdapter<A extends TargetAdapter>(adapter: A, prefix: string): A {
  return {
    ...adapter,
    readLive: async (): Promise<LiveState> => {
      const live = await adapter.readLive();
      const mine = live.managed.filter((r) => r.id.startsWith(prefix));
      return { ...live, managed: mine, unmanagedCount: live.unmanagedCount + live.managed.length - mine.length };
    },
  };
}
