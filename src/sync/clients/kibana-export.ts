import { deriveExceptionListId, KIBANA_MANAGED_TAG, readKibanaProject } from "../../targets/elastic/index.ts";
import { translateKibanaRule } from "../export-kibana.ts";
import type { ExportedLiveObject, JsonObject } from "../target.ts";
import { findAllExceptionItems, findAllExceptionLists, findAllRules, type KibanaListResponse, type KibanaRuleResponse } from "./kibana-api.ts";
import type { KibanaClient } from "./kibana-client.ts";
import { isOwnedBy, MANAGED_LISTS_FILTER } from "./kibana-live.ts";

/**
 * Every rule of one Kibana space as `dac export` sees it. Rules this project
 * manages come back with their detection fields (exact: the rule is what
 * compileKibanaRule wrote, and the exception names are the item names of its
 * list); every other rule comes back raw, for export to translate or skip.
 * Calls: rule pages + managed list pages + one item read per managed list.
 */
export async function readKibanaExport(client: KibanaClient, project?: string): Promise<ExportedLiveObject[]> {
  const rules = await findAllRules(client, "");
  const lists = new Map<string, KibanaListResponse>();
  for (const list of await findAllExceptionLists(client, MANAGED_LISTS_FILTER)) lists.set(list.list_id, list);
  const out: ExportedLiveObject[] = [];
  for (const rule of rules) {
    const tags = Array.isArray(rule.tags) ? rule.tags : [];
    const raw: JsonObject = { ...rule };
    if (!tags.includes(KIBANA_MANAGED_TAG)) {
      out.push({ managed: false, id: rule.rule_id, name: rule.name, raw });
      continue;
    }
    if (!isOwnedBy(tags, project)) {
      const reason = `managed by the dac project "${readKibanaProject(tags) ?? ""}": export it from that project`;
      out.push({ managed: false, id: rule.rule_id, name: rule.name, raw, skipReason: reason });
      continue;
    }
    const exceptionNames = await readExceptionNames(client, rule, lists);
    const translated = translateKibanaRule(rule, true, { exceptionNames });
    if (!translated.ok) {
      out.push({ managed: false, id: rule.rule_id, name: rule.name, raw, skipReason: `managed by dac but ${translated.reason}` });
      continue;
    }
    const notes = Object.keys(translated.notes).length > 0 ? { notes: translated.notes } : {};
    out.push({ managed: true, id: rule.rule_id, name: rule.name, detection: translated.detection, raw, ...notes });
  }
  return out;
}

/**
 * The names of the exceptions dac attached: its list's item names, in the
 * order the list's description names them (the detection's order, which the
 * description embeds), falling back to item order.
 */
async function readExceptionNames(client: KibanaClient, rule: KibanaRuleResponse, lists: ReadonlyMap<string, KibanaListResponse>): Promise<string[]> {
  const listId = deriveExceptionListId(rule.rule_id);
  const refs = Array.isArray(rule.exceptions_list) ? rule.exceptions_list : [];
  const attached = refs.some((ref) => typeof ref === "object" && ref !== null && !Array.isArray(ref) && ref.list_id === listId);
  if (!attached) return [];
  const names = (await findAllExceptionItems(client, listId)).map((item) => item.name).filter((n): n is string => typeof n === "string");
  const description = lists.get(listId)?.description;
  const listed = typeof description === "string" ? /managed by dac: (.*)$/s.exec(description)?.[1]?.split(", ") : undefined;
  if (listed && listed.length === names.length && listed.every((n) => names.includes(n))) return listed;
  return names;
}
