import type { JsonObject } from "../target.ts";
import type { KibanaClient } from "./kibana-client.ts";

/**
 * Typed calls to the Kibana detection-engine and exception-list APIs (2023-10-31
 * bundles), one function per operation. Responses are JSON objects carrying at
 * least the fields typed here; everything else passes through untouched.
 */

export type KibanaRuleResponse = JsonObject & { id: string; rule_id: string; name: string; enabled: boolean };
export type KibanaListResponse = JsonObject & { id: string; list_id: string };
export type KibanaItemResponse = JsonObject & { id: string; item_id: string; list_id: string };

interface Page<T> {
  readonly data: T[];
  readonly total: number;
}

const RULES = "/api/detection_engine/rules";
const LISTS = "/api/exception_lists";
const ITEMS = "/api/exception_lists/items";
/** Kibana caps `per_page` at 10,000 saved objects; 100 keeps each response small. */
export const KIBANA_PAGE_SIZE = 100;

function ruleAction(action: "create" | "update", body: JsonObject) {
  const ruleId = String(body.rule_id);
  return { action, subject: `rule ${ruleId}`, ruleId };
}

/** Reads every page of a `_find`, stopping when `page * perPage >= total` (or a short page). */
async function readAllPages<T>(readPage: (page: number) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page++) {
    const res = await readPage(page);
    all.push(...res.data);
    if (res.data.length < KIBANA_PAGE_SIZE || page * KIBANA_PAGE_SIZE >= res.total) return all;
  }
}

/** Every rule matching the KQL `filter` ("": every rule of the space). */
export function findAllRules(client: KibanaClient, filter: string): Promise<KibanaRuleResponse[]> {
  return readAllPages((page) =>
    client.request<Page<KibanaRuleResponse>>({
      method: "GET",
      path: `${RULES}/_find`,
      query: { filter: filter === "" ? undefined : filter, page, per_page: KIBANA_PAGE_SIZE, sort_field: "name", sort_order: "asc" },
      action: "read", subject: `${filter === "" ? "rules" : "managed rules"} (page ${page})`,
    }),
  );
}

/** Number of rules matching `filter` without reading them (`per_page=0`). */
export async function countRules(client: KibanaClient, filter: string): Promise<number> {
  const res = await client.request<Page<KibanaRuleResponse>>({ method: "GET", path: `${RULES}/_find`, query: { filter: filter === "" ? undefined : filter, per_page: 0 }, action: "read", subject: "rule count" });
  return res.total;
}

export function createRule(client: KibanaClient, body: JsonObject): Promise<KibanaRuleResponse> {
  return client.request({ method: "POST", path: RULES, body, ...ruleAction("create", body) });
}

/** Full replace by rule_id: fields left out are reset to Kibana's defaults. */
export function updateRule(client: KibanaClient, body: JsonObject): Promise<KibanaRuleResponse> {
  return client.request({ method: "PUT", path: RULES, body, ...ruleAction("update", body) });
}

export function setRuleEnabled(client: KibanaClient, ruleId: string, enabled: boolean): Promise<KibanaRuleResponse> {
  return client.request({ method: "PATCH", path: RULES, body: { rule_id: ruleId, enabled }, action: enabled ? "enable" : "disable", subject: `rule ${ruleId}`, ruleId });
}

export function readRule(client: KibanaClient, ruleId: string): Promise<KibanaRuleResponse | undefined> {
  return client.requestOptional({ method: "GET", path: RULES, query: { rule_id: ruleId }, action: "read", subject: `rule ${ruleId}`, ruleId });
}

/** Deletes by rule_id; true when it existed. */
export async function deleteRule(client: KibanaClient, ruleId: string): Promise<boolean> {
  return (await client.requestOptional({ method: "DELETE", path: RULES, query: { rule_id: ruleId }, action: "delete", subject: `rule ${ruleId}`, ruleId })) !== undefined;
}

export function findAllExceptionLists(client: KibanaClient, filter: string): Promise<KibanaListResponse[]> {
  return readAllPages((page) =>
    client.request<Page<KibanaListResponse>>({
      method: "GET",
      path: `${LISTS}/_find`,
      query: { filter, namespace_type: ["single"], page, per_page: KIBANA_PAGE_SIZE, sort_field: "list_id", sort_order: "asc" },
      action: "read", subject: `managed exception lists (page ${page})`,
    }),
  );
}

export function readExceptionList(client: KibanaClient, listId: string): Promise<KibanaListResponse | undefined> {
  return client.requestOptional({ method: "GET", path: LISTS, query: { list_id: listId, namespace_type: "single" }, action: "read", subject: `exception list ${listId}` });
}

export function createExceptionList(client: KibanaClient, body: JsonObject): Promise<KibanaListResponse> {
  return client.request({ method: "POST", path: LISTS, body, action: "create", subject: `exception list ${String(body.list_id)}` });
}

export function updateExceptionList(client: KibanaClient, body: JsonObject): Promise<KibanaListResponse> {
  return client.request({ method: "PUT", path: LISTS, body, action: "update", subject: `exception list ${String(body.list_id)}` });
}

export async function deleteExceptionList(client: KibanaClient, listId: string): Promise<boolean> {
  const res = await client.requestOptional({ method: "DELETE", path: LISTS, query: { list_id: listId, namespace_type: "single" }, action: "delete", subject: `exception list ${listId}` });
  return res !== undefined;
}

/** All items of one list, sorted by item_id. A missing list reads as no items. */
export async function findAllExceptionItems(client: KibanaClient, listId: string): Promise<KibanaItemResponse[]> {
  let missing = false;
  const items = await readAllPages(async (page) => {
    const res = await client.requestOptional<Page<KibanaItemResponse>>({
      method: "GET",
      path: `${ITEMS}/_find`,
      query: { list_id: [listId], namespace_type: ["single"], page, per_page: KIBANA_PAGE_SIZE, sort_field: "item_id", sort_order: "asc" },
      action: "read", subject: `items of exception list ${listId} (page ${page})`,
    });
    if (!res) missing = true;
    return res ?? { data: [], total: 0 };
  });
  return missing ? [] : items;
}

export function createExceptionItem(client: KibanaClient, body: JsonObject): Promise<KibanaItemResponse> {
  return client.request({ method: "POST", path: ITEMS, body, action: "create", subject: `exception item ${String(body.item_id)}` });
}

export function updateExceptionItem(client: KibanaClient, body: JsonObject): Promise<KibanaItemResponse> {
  return client.request({ method: "PUT", path: ITEMS, body, action: "update", subject: `exception item ${String(body.item_id)}` });
}

export async function deleteExceptionItem(client: KibanaClient, itemId: string): Promise<boolean> {
  const res = await client.requestOptional({ method: "DELETE", path: ITEMS, query: { item_id: itemId, namespace_type: "single" }, action: "delete", subject: `exception item ${itemId}` });
  return res !== undefined;
}

export interface KibanaImportResult extends JsonObject {
  success: boolean;
  success_count: number;
  rules_count: number;
  errors: JsonObject[];
  exceptions_success: boolean;
  exceptions_success_count: number;
  exceptions_errors: JsonObject[];
}

/** Uploads an `_import` ndjson file (renderKibanaImportNdjson), replacing rules and exception lists with the same ids. */
export function importRules(client: KibanaClient, ndjson: string, fileName = "dac-rules.ndjson"): Promise<KibanaImportResult> {
  return client.request({
    method: "POST",
    path: `${RULES}/_import`,
    query: { overwrite: true, overwrite_exceptions: true },
    file: { name: fileName, content: ndjson },
    action: "create",
    subject: `rules from ${fileName}`,
  });
}
