import type { JsonObject } from "../../src/sync/target.ts";
import { materializeRule } from "./kibana-contract-rules.ts";
import type { KibanaContractState, OperationResponse, SpaceState } from "./kibana-contract-state.ts";
import { formatIssues, type KibanaContract } from "./openapi-contract.ts";

/**
 * `_import` of an ndjson file: each line is classified the way Kibana's import
 * does (rule: has rule_id; exception item: has item_id; exception list: has
 * list_id), validated against the matching create operation of the bundle, and
 * stored. Lists are imported before rules so rule refs resolve by list_id.
 */
export function importKibanaNdjson(
  contract: KibanaContract,
  space: SpaceState,
  state: KibanaContractState,
  text: string,
  query: Readonly<Record<string, string>>,
): OperationResponse {
  const objects = text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as JsonObject);
  const rules = objects.filter((o) => "rule_id" in o);
  const items = objects.filter((o) => "item_id" in o);
  const lists = objects.filter((o) => !("rule_id" in o) && !("item_id" in o) && "list_id" in o);
  const errors: JsonObject[] = [];
  const exceptionsErrors: JsonObject[] = [];
  let exceptionsOk = 0;
  let rulesOk = 0;

  for (const list of lists) {
    const issues = contract.validateBodyAs("CreateExceptionList", list);
    if (issues.length > 0) exceptionsErrors.push({ list_id: String(list.list_id), error: { status_code: 400, message: formatIssues(issues) } });
    else if (space.lists.has(String(list.list_id)) && query.overwrite_exceptions !== "true") exceptionsErrors.push({ list_id: String(list.list_id), error: { status_code: 409, message: `Found that list_id: "${String(list.list_id)}" already exists` } });
    else {
      for (const [id, item] of space.items) if (item.list_id === list.list_id) space.items.delete(id);
      space.lists.set(String(list.list_id), state.materializeList(list, space.lists.get(String(list.list_id))));
      exceptionsOk++;
    }
  }
  for (const item of items) {
    const issues = contract.validateBodyAs("CreateExceptionListItem", item);
    if (issues.length > 0) exceptionsErrors.push({ item_id: String(item.item_id), error: { status_code: 400, message: formatIssues(issues) } });
    else {
      space.items.set(String(item.item_id), state.materializeItem(item, space.items.get(String(item.item_id))));
      exceptionsOk++;
    }
  }
  for (const rule of rules) {
    const ruleId = String(rule.rule_id);
    const issues = contract.validateBodyAs("CreateRule", rule);
    if (issues.length > 0) {
      errors.push({ rule_id: ruleId, error: { status_code: 400, message: formatIssues(issues) } });
      continue;
    }
    const refs = ((rule.exceptions_list as JsonObject[] | undefined) ?? []).map((ref) => {
      const list = space.lists.get(String(ref.list_id));
      return list ? { ...ref, id: String(list.id) } : undefined;
    });
    if (refs.includes(undefined)) {
      errors.push({ rule_id: ruleId, error: { status_code: 400, message: `Rule with rule_id: "${ruleId}" references a non existent exception list` } });
      continue;
    }
    const previous = space.rules.get(ruleId);
    if (previous && query.overwrite !== "true") {
      errors.push({ rule_id: ruleId, error: { status_code: 409, message: `rule_id: "${ruleId}" already exists` } });
      continue;
    }
    space.rules.set(ruleId, materializeRule({ ...rule, exceptions_list: refs as JsonObject[] }, state, previous));
    rulesOk++;
  }
  return {
    status: 200,
    body: {
      success: errors.length === 0,
      success_count: rulesOk,
      rules_count: rules.length,
      errors,
      exceptions_success: exceptionsErrors.length === 0,
      exceptions_success_count: exceptionsOk,
      exceptions_errors: exceptionsErrors,
      action_connectors_success: true,
      action_connectors_success_count: 0,
      action_connectors_errors: [],
      action_connectors_warnings: [],
    },
  };
}
