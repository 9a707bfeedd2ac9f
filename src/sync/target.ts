/**
 * The contract between the target-agnostic sync engine (plan/apply) and one
 * target (OpenSearch Alerting, Kibana detection engine). The unit of sync is one
 * detection: its `body` is the composite of everything the target stores for it
 * (e.g. a Kibana rule plus its exception list and items, or one OpenSearch
 * monitor with exceptions compiled in). Bodies are normalized JSON: server-managed
 * and volatile fields removed, so desired and live compare equal right after a deploy.
 */
import type { ResolvedDetection } from "../detection/model.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type TargetKind = "opensearch" | "elastic";

/** What the code says one detection should look like on the target. */
export interface DesiredResource {
  readonly id: string; // detection id (rule id)
  readonly name: string;
  readonly body: JsonObject; // normalized composite body
}

/** What the target holds for one managed detection (it carries dac's ownership marker). */
export interface LiveResource {
  readonly id: string;
  readonly name: string;
  readonly body: JsonObject; // normalized the same way as DesiredResource.body
  /** Opaque to the sync engine: remote ids, seq_no/primary_term, versions, space. */
  readonly handle: Json;
}

export interface LiveState {
  readonly managed: readonly LiveResource[];
  /** Objects without dac's marker: never changed or deleted, only counted. */
  readonly unmanagedCount: number;
  /** HTTP calls it took to read the state (the sync bench reports it). */
  readonly calls: number;
}

/** Compiles detections for one target. Pure: no I/O. */
export type CompileDesired = (detection: ResolvedDetection) => DesiredResource;

/** Reads and writes one target. Each method is idempotent with respect to its end state. */
export interface TargetAdapter {
  readonly kind: TargetKind;
  /** Human label: URL, plus the Kibana space if any. Never contains secrets. */
  readonly location: string;
  readLive(): Promise<LiveState>;
  /** Safe rollout: create disabled, put exceptions in place, then enable if desired. */
  create(desired: DesiredResource): Promise<void>;
  update(desired: DesiredResource, live: LiveResource): Promise<void>;
  delete(live: LiveResource): Promise<void>;
}
