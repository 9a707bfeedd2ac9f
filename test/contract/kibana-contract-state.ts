import { randomUUID } from "node:crypto";
import type { JsonObject } from "../../src/sync/target.ts";
import { compareBy, compileTagFilter, materializeRule, pageOf, type Clock } from "./kibana-contract-rules.ts";

/**
 * The stateful part of the Kibana stand-in: rules, exception lists and items
 * per space, and preview runs. One method per operationId; each returns the
 * status and body the real route would (bodies are validated by the server
 * against the bundle before they are sent).
 */

export interface OperationRequest {
  readonly operationId: string;
  readonly space: string;
  readonly query: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, string>>;
  readonly body: JsonObject;
}

export interface OperationResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface SpaceState {
  readonly rules: Map<string, JsonObject>;
  readonly lists: Map<string, JsonObject>;
  readonly items: Map<string, JsonObject>;
}

export interface PreviewRun {
  readonly previewId: string;
  readonly space: string;
  readonly rule: JsonObject;
  readonly invocationCount: number;
  readonly timeframeEnd: string;
}

const siemError = (status: number, message: string): OperationResponse => ({ status, body: { message, status_code: status } });

export class KibanaContractState implements Clock {
  readonly spaces = new Map<string, SpaceState>();
  readonly previews: PreviewRun[] = [];
  private tick = 0;

  now(): string {
    return new Date(Date.UTC(2026, 0, 1) + 1000 * this.tick++).toISOString();
  }

  space(id: string): SpaceState {
    let s = this.spaces.get(id);
    if (!s) this.spaces.set(id, (s = { rules: new Map(), lists: new Map(), items: new Map() }));
    return s;
  }

  handle(req: OperationRequest): OperationResponse {
    const method = (this as unknown as Record<string, ((r: OperationRequest, s: SpaceState) => OperationResponse) | undefined>)[`op${req.operationId}`];
    if (!method) return siemError(501, `contract server: ${req.operationId} is not implemented`);
    return method.call(this, req, this.space(req.space));
  }

  // ------------------------------------------------------------------ rules

  opFindRules(req: OperationRequest, s: SpaceState): OperationResponse {
    const match = compileTagFilter(req.query.filter, "alert.attributes");
    if (match instanceof Error) return siemError(400, match.message);
    const perPage = Number(req.query.per_page ?? 20);
    const page = Number(req.query.page ?? 1);
    const all = [...s.rules.values()].filter((r) => match(r.tags as string[])).sort(compareBy((r) => String(r[req.query.sort_field ?? "created_at"] ?? ""), req.query.sort_order === "desc" ? "desc" : "asc"));
    return { status: 200, body: { page, perPage, total: all.length, data: pageOf(all, page, perPage) } };
  }

  opReadRule(req: OperationRequest, s: SpaceState): OperationResponse {
    const rule = this.findRule(req, s);
    return rule ? { status: 200, body: rule } : siemError(404, `rule_id: "${req.query.rule_id ?? req.query.id}" not found`);
  }

  opCreateRule(req: OperationRequest, s: SpaceState): OperationResponse {
    const ruleId = String(req.body.rule_id ?? randomUUID());
    if (s.rules.has(ruleId)) return siemError(409, `rule_id: "${ruleId}" already exists`);
    const rule = materializeRule({ ...req.body, rule_id: ruleId }, this);
    s.rules.set(ruleId, rule);
    return { status: 200, body: rule };
  }

  opUpdateRule(req: OperationRequest, s: SpaceState): OperationResponse {
    const previous = this.findRule({ ...req, query: { rule_id: String(req.body.rule_id ?? ""), id: String(req.body.id ?? "") } }, s);
    if (!previous) return siemError(404, `rule_id: "${String(req.body.rule_id ?? req.body.id)}" not found`);
    const rule = materializeRule({ ...req.body, rule_id: String(previous.rule_id) }, this, previous);
    s.rules.set(String(previous.rule_id), rule);
    return { status: 200, body: rule };
  }

  opPatchRule(req: OperationRequest, s: SpaceState): OperationResponse {
    const previous = this.findRule({ ...req, query: { rule_id: String(req.body.rule_id ?? ""), id: String(req.body.id ?? "") } }, s);
    if (!previous) return siemError(404, `rule_id: "${String(req.body.rule_id ?? req.body.id)}" not found`);
    const { id: _id, created_at: _c, updated_at: _u, revision: _r, ...kept } = previous;
    const rule = materializeRule({ ...kept, ...req.body, rule_id: String(previous.rule_id) }, this, previous);
    s.rules.set(String(previous.rule_id), rule);
    return { status: 200, body: rule };
  }

  /**
   * `_export`: the named rules (all when none are named) as ndjson, one rule per
   * line as Kibana returns it, then the export summary line Kibana appends.
   */
  opExportRules(req: OperationRequest, s: SpaceState): OperationResponse {
    const wanted = Array.isArray(req.body.objects) ? req.body.objects.map((o) => String((o as JsonObject).rule_id)) : undefined;
    const rules = wanted ? wanted.map((id) => s.rules.get(id)).filter((r): r is JsonObject => r !== undefined) : [...s.rules.values()];
    const missing = wanted ? wanted.filter((id) => !s.rules.has(id)).map((rule_id) => ({ rule_id })) : [];
    const summary = { exported_count: rules.length, exported_rules_count: rules.length, missing_rules: missing, missing_rules_count: missing.length, exported_exception_list_count: 0, exported_exception_list_item_count: 0, missing_exception_list_item_count: 0, missing_exception_list_items: [], missing_exception_lists: [], missing_exception_lists_count: 0, exported_action_connector_count: 0, missing_action_connection_count: 0, missing_action_connections: [], excluded_action_connection_count: 0, excluded_action_connections: [] };
    const lines = [...rules, ...(req.query.exclude_export_details === "true" ? [] : [summary])].map((o) => JSON.stringify(o));
    return { status: 200, body: lines.join("\n") + "\n" };
  }

  opDeleteRule(req: OperationRequest, s: SpaceState): OperationResponse {
    const rule = this.findRule(req, s);
    if (!rule) return siemError(404, `rule_id: "${req.query.rule_id ?? req.query.id}" not found`);
    s.rules.delete(String(rule.rule_id));
    return { status: 200, body: rule };
  }

  opRulePreview(req: OperationRequest): OperationResponse {
    const { invocationCount, timeframeEnd, ...rule } = req.body;
    const previewId = randomUUID();
    const count = Number(invocationCount);
    this.previews.push({ previewId, space: req.space, rule, invocationCount: count, timeframeEnd: String(timeframeEnd) });
    const logs = Array.from({ length: Math.max(count, 0) }, (_, i) => ({ errors: [], warnings: [], duration: 5 + i, startedAt: this.now() }));
    return { status: 200, body: { previewId, isAborted: false, logs } };
  }

  private findRule(req: Pick<OperationRequest, "query">, s: SpaceState): JsonObject | undefined {
    if (req.query.rule_id) return s.rules.get(req.query.rule_id);
    if (req.query.id) return [...s.rules.values()].find((r) => r.id === req.query.id);
    return undefined;
  }

  // ------------------------------------------------------- exception lists

  opCreateExceptionList(req: OperationRequest, s: SpaceState): OperationResponse {
    const listId = String(req.body.list_id ?? randomUUID());
    if (s.lists.has(listId)) return siemError(409, `exception list id: "${listId}" already exists`);
    const list = this.materializeList({ ...req.body, list_id: listId });
    s.lists.set(listId, list);
    return { status: 200, body: list };
  }

  opReadExceptionList(req: OperationRequest, s: SpaceState): OperationResponse {
    const list = s.lists.get(req.query.list_id ?? "") ?? [...s.lists.values()].find((l) => l.id === req.query.id);
    return list ? { status: 200, body: list } : siemError(404, `exception list list_id: "${req.query.list_id ?? req.query.id}" does not exist`);
  }

  opUpdateExceptionList(req: OperationRequest, s: SpaceState): OperationResponse {
    const previous = s.lists.get(String(req.body.list_id ?? "")) ?? [...s.lists.values()].find((l) => l.id === req.body.id);
    if (!previous) return siemError(404, `exception list list_id: "${String(req.body.list_id)}" does not exist`);
    const list = this.materializeList({ ...req.body, list_id: String(previous.list_id) }, previous);
    s.lists.set(String(previous.list_id), list);
    return { status: 200, body: list };
  }

  opDeleteExceptionList(req: OperationRequest, s: SpaceState): OperationResponse {
    const list = s.lists.get(req.query.list_id ?? "") ?? [...s.lists.values()].find((l) => l.id === req.query.id);
    if (!list) return siemError(404, `exception list list_id: "${req.query.list_id ?? req.query.id}" does not exist`);
    s.lists.delete(String(list.list_id));
    // Deleting a list deletes its items, as Kibana does.
    for (const [id, item] of s.items) if (item.list_id === list.list_id) s.items.delete(id);
    return { status: 200, body: list };
  }

  opFindExceptionLists(req: OperationRequest, s: SpaceState): OperationResponse {
    const match = compileTagFilter(req.query.filter, "exception-list.attributes");
    if (match instanceof Error) return siemError(400, match.message);
    const perPage = Number(req.query.per_page ?? 20);
    const page = Number(req.query.page ?? 1);
    const all = [...s.lists.values()].filter((l) => match(l.tags as string[])).sort(compareBy((l) => String(l.list_id)));
    return { status: 200, body: { page, per_page: perPage, total: all.length, data: pageOf(all, page, perPage) } };
  }

  // ------------------------------------------------------- exception items

  opCreateExceptionListItem(req: OperationRequest, s: SpaceState): OperationResponse {
    const itemId = String(req.body.item_id ?? randomUUID());
    if (!s.lists.has(String(req.body.list_id))) return siemError(404, `exception list id: "${String(req.body.list_id)}" does not exist`);
    if (s.items.has(itemId)) return siemError(409, `exception list item id: "${itemId}" already exists`);
    const item = this.materializeItem({ ...req.body, item_id: itemId });
    s.items.set(itemId, item);
    return { status: 200, body: item };
  }

  opReadExceptionListItem(req: OperationRequest, s: SpaceState): OperationResponse {
    const item = s.items.get(req.query.item_id ?? "");
    return item ? { status: 200, body: item } : siemError(404, `exception list item item_id: "${req.query.item_id}" does not exist`);
  }

  opUpdateExceptionListItem(req: OperationRequest, s: SpaceState): OperationResponse {
    const previous = s.items.get(String(req.body.item_id ?? ""));
    if (!previous) return siemError(404, `exception list item item_id: "${String(req.body.item_id)}" does not exist`);
    const item = this.materializeItem({ ...req.body, list_id: String(previous.list_id), item_id: String(previous.item_id) }, previous);
    s.items.set(String(previous.item_id), item);
    return { status: 200, body: item };
  }

  opDeleteExceptionListItem(req: OperationRequest, s: SpaceState): OperationResponse {
    const item = s.items.get(req.query.item_id ?? "");
    if (!item) return siemError(404, `exception list item item_id: "${req.query.item_id}" does not exist`);
    s.items.delete(String(item.item_id));
    return { status: 200, body: item };
  }

  opFindExceptionListItems(req: OperationRequest, s: SpaceState): OperationResponse {
    const listIds = (req.query.list_id ?? "").split(",");
    if (!listIds.every((id) => s.lists.has(id))) return siemError(404, `exception list id: "${req.query.list_id}" does not exist`);
    const perPage = Number(req.query.per_page ?? 20);
    const page = Number(req.query.page ?? 1);
    const all = [...s.items.values()].filter((i) => listIds.includes(String(i.list_id))).sort(compareBy((i) => String(i[req.query.sort_field ?? "item_id"]), req.query.sort_order === "desc" ? "desc" : "asc"));
    return { status: 200, body: { page, per_page: perPage, total: all.length, data: pageOf(all, page, perPage) } };
  }

  materializeList(input: JsonObject, previous?: JsonObject): JsonObject {
    const now = this.now();
    return {
      tags: [],
      os_types: [],
      namespace_type: "single",
      ...input,
      id: typeof previous?.id === "string" ? previous.id : randomUUID(),
      immutable: false,
      version: typeof previous?.version === "number" ? previous.version + 1 : 1,
      tie_breaker_id: randomUUID(),
      _version: `Wz${this.tick},MV0=`,
      created_at: typeof previous?.created_at === "string" ? previous.created_at : now,
      created_by: "elastic",
      updated_at: now,
      updated_by: "elastic",
    };
  }

  materializeItem(input: JsonObject, previous?: JsonObject): JsonObject {
    const now = this.now();
    return {
      tags: [],
      os_types: [],
      namespace_type: "single",
      ...input,
      comments: [],
      id: typeof previous?.id === "string" ? previous.id : randomUUID(),
      tie_breaker_id: randomUUID(),
      _version: `Wz${this.tick},MV0=`,
      created_at: typeof previous?.created_at === "string" ? previous.created_at : now,
      created_by: "elastic",
      updated_at: now,
      updated_by: "elastic",
    };
  }
}
