import { stringifyCanonical } from "./hash.ts";
import type { LiveResource } from "./target.ts";

/**
 * Which remote object a LiveResource is: its `remoteId`, or else its canonical
 * handle text (adapters put the remote id in the handle even when they do not
 * fill `remoteId`). Needed to tell duplicates of one detection id apart, and to
 * order them so every deployer keeps the same survivor.
 */
export function identifyLive(live: LiveResource): string {
  return live.remoteId ?? stringifyCanonical(live.handle);
}

export function compareLiveIdentity(a: LiveResource, b: LiveResource): number {
  const x = identifyLive(a);
  const y = identifyLive(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
