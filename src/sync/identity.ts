import { hashBody, stringifyCanonical } from "./hash.ts";
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

/**
 * The copies of one detection in survivor-first order: a copy whose body
 * already matches the code first (a create retried after a lost response can
 * leave an older, half-done copy, e.g. still disabled, next to a complete one),
 * then by identity so every deployer picks the same survivor.
 */
export function orderDuplicates(group: readonly LiveResource[], desiredHash: string | undefined): LiveResource[] {
  const matches = (r: LiveResource): number => (desiredHash !== undefined && hashBody(r.body) === desiredHash ? 0 : 1);
  return [...group].sort((a, b) => matches(a) - matches(b) || compareLiveIdentity(a, b));
}
