import { deriveExceptionListId, KIBANA_MANAGED_TAG, readKibanaProject } from "../../targets/elastic/index.ts";
import type { LiveResource, LiveState } from "../target.ts";
import { countRules, findAllExceptionItems, findAllExceptionLists, findAllRules, type KibanaItemResponse, type KibanaListResponse } from "./kibana-api.ts";
import type { KibanaClient } from "./kibana-client.ts";
import { composeKibanaLiveBody, readAppliedHash } from "./kibana-normalize.ts";

/** What the adapter needs to write back to the objects it read (opaque to sync). */
export type KibanaHandle = {
  space: string;
  ruleObjectId: string;
  /** Saved-object id of the rule's exception list, null when it has none. */
  listObjectId: string | null;
};

/** KQL over rule saved objects: only rules carrying dac's tag. */
export const MANAGED_RULES_FILTER = `alert.attributes.tags:"${KIBANA_MANAGED_TAG}"`;
/** KQL over space-local exception list saved objects carrying dac's tag. */
export const MANAGED_LISTS_FILTER = `exception-list.attributes.tags:"${KIBANA_MANAGED_TAG}"`;
/** Item reads in flight at once: enough to hide latency, few enough not to trip Kibana's rate limits. */
const ITEM_READ_CONCURRENCY = 4;

/** Whether a managed object is `project`'s: tagged with it, or with no project yet (adopted). */
export function isOwnedBy(tags: unknown, project: string | undefined): boolean {
  const owner = readKibanaProject(tags);
  return project === undefined || owner === undefined || owner === project;
}

/**
 * Reads every managed rule of one space with its exception list and items.
 * With a `project`, rules and lists tagged with another dac project are left
 * out (counted in otherProjectsCount); untagged managed ones are adopted.
 * The split happens here rather than in the KQL filter so one read also
 * yields the other projects' count.
 * Calls: rule pages + 1 count + list pages + one item read per managed list.
 */
export async function readKibanaLive(client: KibanaClient, project?: string): Promise<LiveState> {
  return (await readKibanaOwnership(client, project)).live;
}

export interface KibanaOwnership {
  readonly live: LiveState;
  /** rule_id -> project, for the managed rules of other dac projects in this space. */
  readonly otherProjectRules: ReadonlyMap<string, string>;
}

/** readKibanaLive, plus which rule ids other dac projects hold (the adapter refuses to create over them). */
export async function readKibanaOwnership(client: KibanaClient, project?: string): Promise<KibanaOwnership> {
  const before = client.calls;
  const marked = await findAllRules(client, MANAGED_RULES_FILTER);
  const rules = marked.filter((rule) => isOwnedBy(rule.tags, project));
  const otherProjectRules = new Map<string, string>();
  for (const rule of marked) if (!isOwnedBy(rule.tags, project)) otherProjectRules.set(rule.rule_id, readKibanaProject(rule.tags) ?? "");
  const total = await countRules(client, "");
  const lists = new Map<string, KibanaListResponse>();
  for (const list of await findAllExceptionLists(client, MANAGED_LISTS_FILTER)) {
    if (isOwnedBy(list.tags, project)) lists.set(list.list_id, list);
  }
  const withLists = rules.map((rule) => ({ rule, list: lists.get(deriveExceptionListId(rule.rule_id)) }));
  const items = await mapLimit(withLists, ITEM_READ_CONCURRENCY, ({ list }) =>
    list ? findAllExceptionItems(client, list.list_id) : Promise.resolve<KibanaItemResponse[]>([]),
  );
  const managed: LiveResource[] = withLists.map(({ rule, list }, i) => {
    const handle: KibanaHandle = { space: client.space, ruleObjectId: rule.id, listObjectId: list?.id ?? null };
    const appliedHash = readAppliedHash(rule);
    return {
      id: rule.rule_id,
      name: rule.name,
      body: composeKibanaLiveBody(rule, list, items[i] ?? []),
      handle,
      remoteId: rule.id,
      ...(appliedHash !== undefined ? { appliedHash } : {}),
    };
  });
  managed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const live: LiveState = { managed, unmanagedCount: Math.max(0, total - marked.length), otherProjectsCount: otherProjectRules.size, calls: client.calls - before };
  return { live, otherProjectRules };
}

async function mapLimit<T, R>(values: readonly T[], limit: number, fn: (v: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(values.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < values.length; i = next++) out[i] = await fn(values[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
  return out;
}
