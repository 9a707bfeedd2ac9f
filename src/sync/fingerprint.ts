import { createHash } from "node:crypto";
import { hashBody } from "./hash.ts";
import { identifyLive } from "./identity.ts";
import type { LiveState } from "./target.ts";

/**
 * A hash of the managed part of a live state: for each object its id, remote
 * id, body hash and applied hash, in id order. Unmanaged objects are left out on
 * purpose: dac never touches them, so someone adding a monitor by hand must not
 * make a saved plan stale.
 */
export function fingerprintLiveState(live: LiveState): string {
  const lines = live.managed
    .map((r) => [r.id, identifyLive(r), hashBody(r.body), r.appliedHash ?? ""].join("\t"))
    .sort();
  return `sha256:${createHash("sha256").update(lines.join("\n")).digest("hex")}`;
}
