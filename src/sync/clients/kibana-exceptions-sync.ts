import type { JsonObject } from "../target.ts";
import {
  createExceptionItem,
  createExceptionList,
  deleteExceptionItem,
  readExceptionList,
  updateExceptionItem,
  updateExceptionList,
  type KibanaListResponse,
} from "./kibana-api.ts";
import type { KibanaClient } from "./kibana-client.ts";
import { TargetHttpError } from "./http-errors.ts";

/**
 * Puts a detection's exception list and items on Kibana into the desired state.
 * Create calls fall back to update on 409 so a half-finished earlier deploy
 * (list created, rule not) converges instead of failing.
 */

/** Creates the list, or updates it when it already exists; returns Kibana's saved-object id. */
export async function upsertExceptionList(client: KibanaClient, list: JsonObject): Promise<string> {
  try {
    return (await createExceptionList(client, list)).id;
  } catch (err) {
    if (!isConflict(err)) throw err;
    return (await updateExceptionList(client, list)).id;
  }
}

/** Updates the list container only when its compared body changed; returns its id. */
export async function updateExceptionListIfChanged(
  client: KibanaClient,
  desired: JsonObject,
  live: JsonObject | undefined,
  listObjectId: string | null,
): Promise<string> {
  if (listObjectId === null) return upsertExceptionList(client, desired);
  if (live && sameJson(desired, live)) return listObjectId;
  return (await updateExceptionList(client, desired)).id;
}

export async function upsertExceptionItem(client: KibanaClient, item: JsonObject): Promise<void> {
  try {
    await createExceptionItem(client, item);
  } catch (err) {
    if (!isConflict(err)) throw err;
    await updateExceptionItem(client, item);
  }
}

/** Creates missing items, updates changed ones and deletes the ones no longer desired (matched on item_id). */
export async function syncExceptionItems(client: KibanaClient, desired: readonly JsonObject[], live: readonly JsonObject[]): Promise<void> {
  const liveById = new Map(live.map((item) => [String(item.item_id), item]));
  const desiredIds = new Set(desired.map((item) => String(item.item_id)));
  for (const item of desired) {
    const current = liveById.get(String(item.item_id));
    if (!current) await upsertExceptionItem(client, item);
    else if (!sameJson(item, current)) await updateExceptionItem(client, item);
  }
  for (const id of liveById.keys()) if (!desiredIds.has(id)) await deleteExceptionItem(client, id);
}

/** The list's saved-object id when it exists (used after a 409 race or when the handle lacks it). */
export async function readExceptionListId(client: KibanaClient, listId: string): Promise<string | undefined> {
  const list: KibanaListResponse | undefined = await readExceptionList(client, listId);
  return list?.id;
}

export function isConflict(err: unknown): boolean {
  return err instanceof TargetHttpError && err.status === 409;
}

/** Both sides are key-sorted normalized JSON, so text equality is structural equality. */
export function sameJson(a: JsonObject, b: JsonObject): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
