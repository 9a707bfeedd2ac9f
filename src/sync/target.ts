/**
 * The contract between the target-agnostic sync engine (plan/apply) and one
 * target (OpenSearch Alerting, Kibana detection engine). The unit of sync is one
 * detection: its `body` is the composite of everything the target stores for it
 * (e.g. a Kibana rule plus its exception list and items, or one OpenSearch
 * monitor with exceptions compiled in). Bodies are normalized JSON: server-managed
 * and volatile fields removed, so desired and live compare equal right after a deploy.
 *
 * Idempotence rules the sync engine relies on:
 *  - `delete` of an object that is already gone succeeds (404 is success);
 *  - `create` may run twice for one id (a retry after a dropped response, or two
 *    deploys at once). The adapter may look the id up before creating; the sync
 *    engine also reads back after applying and deletes duplicates (see plan.ts),
 *    keeping the one with the smallest `remoteId`.
 *  - failures are thrown as `TargetHttpError` (sync/clients/http-errors.ts) so
 *    apply.ts can tell retryable ones (429, 5xx, dropped connections) apart.
 */
import type { ResolvedDetection } from "../detection/index.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type TargetKind = "opensearch" | "elastic";

/** What the code says one detection should look like on the target. */
export interface DesiredResource {
  readonly id: string; // detection id (rule id)
  readonly name: string;
  readonly body: JsonObject; // normalized composite body
}

/**
 * What the target holds for one managed detection: it carries dac's ownership
 * marker and the current project (or no project at all: deployed before
 * projects existed, and adopted by the project that reads it).
 */
export interface LiveResource {
  readonly id: string;
  readonly name: string;
  readonly body: JsonObject; // normalized the same way as DesiredResource.body
  /** Opaque to the sync engine: remote ids, seq_no/primary_term, versions, space. */
  readonly handle: Json;
  /**
   * `hashBody(desired.body)` (from sync/hash.ts) of the body dac last wrote,
   * stored by the adapter in the remote object (e.g. a tag or metadata field).
   * Lets the plan tell "changed outside dac" (live body no longer hashes to it)
   * from "the code changed" (desired hash differs from it). Absent: no drift check.
   */
  readonly appliedHash?: string;
  /**
   * The remote object's own id (monitor _id, Kibana rule saved-object id). When two
   * live objects carry the same detection id (two deploys raced to create it), the
   * planner keeps the one with the smallest remoteId and deletes the others, so
   * every deployer picks the same survivor.
   */
  readonly remoteId?: string;
}

export interface LiveState {
  readonly managed: readonly LiveResource[];
  /** Objects without dac's marker: never changed or deleted, only counted. */
  readonly unmanagedCount: number;
  /**
   * Objects with dac's marker that belong to another dac project (another
   * repository deploying to the same target): never changed or deleted, only
   * counted. Absent means 0 (adapters without project support).
   */
  readonly otherProjectsCount?: number;
  /** HTTP calls it took to read the state (the sync bench reports it). */
  readonly calls: number;
}

/**
 * One live object as export sees it, managed or not. For managed objects the
 * adapter returns the detection fields it embedded when deploying (so export is
 * exact); for unmanaged ones only the raw object, which sync/export*.ts tries to
 * translate back (OpenSearch Query DSL -> EQL).
 */
export interface ExportedLiveObject {
  readonly managed: boolean;
  /** Detection id for managed objects; the remote id (or a slug of the name) otherwise. */
  readonly id: string;
  readonly name: string;
  /** Detection fields (JSON subset of `Detection`) embedded by dac; managed objects only. */
  readonly detection?: JsonObject;
  /** The raw remote object (monitor JSON, Kibana rule JSON), server fields included. */
  readonly raw: JsonObject;
  /** TODO notes per detection field, for what the adapter could not recover exactly. Optional. */
  readonly notes?: Readonly<Record<string, string>>;
  /** Set when the adapter already knows the object cannot be exported (e.g. another project's rule); export skips it. */
  readonly skipReason?: string;
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
  /**
   * The hash scheme `LiveResource.appliedHash` is written in, when it is not
   * sync's `hashBody` (e.g. a target that stores a hash of the body inside the
   * body, and so must leave that field out of it). The planner compares
   * appliedHash with hashContent(live body) for drift and with
   * hashContent(desired body) for "the code changed". Optional.
   */
  hashContent?(body: JsonObject): string;
  /** Every monitor/rule on the target, managed or not, for `dac export`. Optional. */
  exportLive?(): Promise<readonly ExportedLiveObject[]>;
}
