import { compileKibanaDesired, deriveExceptionListId, sortJsonKeys } from "../../targets/elastic/index.ts";
import type { CompileDesired, DesiredResource, Json, JsonObject, LiveResource, LiveState, TargetAdapter } from "../target.ts";
import { createRule, deleteExceptionList, deleteRule, setRuleEnabled, updateRule } from "./kibana-api.ts";
import { createKibanaClient, type KibanaAuth, type KibanaClient, type KibanaClientOptions, type KibanaTls } from "./kibana-client.ts";
import { isConflict, syncExceptionItems, updateExceptionListIfChanged, upsertExceptionItem, upsertExceptionList } from "./kibana-exceptions-sync.ts";
import { readKibanaExport } from "./kibana-export.ts";
import { readKibanaOwnership, type KibanaHandle } from "./kibana-live.ts";
import { renderAppliedHashTag } from "./kibana-normalize.ts";
import { hashBody } from "../hash.ts";

/**
 * The Elastic target: one TargetAdapter per Kibana space. Bodies are the
 * composite `{ rule, exceptionList?, exceptionItems? }` from compileKibanaDesired;
 * the adapter splits them into the rule and exception-list API calls.
 */

/** `CompileDesired` for Elastic (re-exported here with sync's type, which targets/ may not import). */
export const compileKibanaDesiredResource: CompileDesired = compileKibanaDesired;

/** The parts of a ResolvedEnvironment (engine "elastic") the Elastic target reads. */
export interface KibanaEnvironment {
  readonly url: string;
  /** Kibana's URL when it differs from `url` (Elasticsearch's, in a ResolvedEnvironment). */
  readonly kibanaUrl?: string;
  readonly auth?: KibanaAuth;
  readonly tls?: KibanaTls;
  /** One adapter per space; none means the default space. */
  readonly spaces?: readonly string[];
  /** The dac project the adapters manage (KibanaAdapterProject). */
  readonly project?: string;
}

export interface KibanaAdapterProject {
  /**
   * Only rules and lists tagged `dac:project:<project>` (or not tagged with
   * any project: adopted) are managed. Undefined: every `dac:managed` object is.
   */
  readonly project?: string;
}

export type KibanaAdapterOptions = Pick<KibanaClientOptions, "retries" | "backoffMs" | "sleep" | "timeoutMs">;

export function createKibanaAdapters(env: KibanaEnvironment, options: KibanaAdapterOptions = {}): TargetAdapter[] {
  const spaces = env.spaces && env.spaces.length > 0 ? env.spaces : ["default"];
  const url = env.kibanaUrl ?? env.url;
  const project = env.project !== undefined ? { project: env.project } : {};
  return spaces.map((space) =>
    createKibanaAdapter(createKibanaClient({ ...options, url, ...(env.auth ? { auth: env.auth } : {}), ...(env.tls ? { tls: env.tls } : {}), space }), project),
  );
}

export function createKibanaAdapter(client: KibanaClient, options: KibanaAdapterProject = {}): TargetAdapter {
  // Rule ids are unique per space, so a create over another project's rule
  // would fall into the 409 -> update path and take it over. The last read
  // (apply always reads, or is handed the plan's read, before it writes) says
  // which ids other projects hold.
  let otherProjectRules: ReadonlyMap<string, string> = new Map();
  return {
    kind: "elastic",
    location: client.location,
    readLive: async (): Promise<LiveState> => {
      const read = await readKibanaOwnership(client, options.project);
      otherProjectRules = read.otherProjectRules;
      return read.live;
    },
    create: (desired) => {
      const owner = otherProjectRules.get(desired.id);
      if (owner !== undefined) {
        const message = `rule ${desired.id} already exists in ${client.location}, owned by dac project "${owner}": rule ids are unique per Kibana space, so give the detection another id or deploy it from that project`;
        return Promise.reject(new Error(message));
      }
      return createOnKibana(client, desired);
    },
    update: (desired, live) => updateOnKibana(client, desired, live),
    delete: (live) => deleteOnKibana(client, live),
    exportLive: () => readKibanaExport(client, options.project),
  };
}

interface Composite {
  readonly rule: JsonObject;
  readonly exceptionList?: JsonObject;
  readonly exceptionItems: readonly JsonObject[];
}

function splitComposite(body: JsonObject): Composite {
  const rule = body.rule as JsonObject;
  const exceptionList = body.exceptionList as JsonObject | undefined;
  const exceptionItems = (body.exceptionItems as JsonObject[] | undefined) ?? [];
  return { rule, exceptionList, exceptionItems };
}

/**
 * The rule body to send: list refs get Kibana's saved-object id back, and the
 * tags carry the hash of the whole desired composite (see readAppliedHash).
 */
function ruleForWrite(desired: DesiredResource, listObjectId: string | null, enabled: boolean): JsonObject {
  const rule = splitComposite(desired.body).rule;
  const refs = ((rule.exceptions_list as JsonObject[] | undefined) ?? []).map((ref) => ({ ...ref, id: listObjectId ?? String(ref.list_id) }));
  const tags = [...((rule.tags as string[] | undefined) ?? []), renderAppliedHashTag(hashBody(desired.body))];
  return sortJsonKeys({ ...rule, tags, exceptions_list: refs, enabled } as JsonObject);
}

/**
 * Safe rollout: the exception list and its items exist before the rule does,
 * the rule is created disabled with the list attached, and only then enabled.
 * At no point does an enabled rule run without its exceptions.
 */
async function createOnKibana(client: KibanaClient, desired: DesiredResource): Promise<void> {
  const { rule, exceptionList, exceptionItems } = splitComposite(desired.body);
  let listObjectId: string | null = null;
  if (exceptionList) {
    listObjectId = await upsertExceptionList(client, exceptionList);
    for (const item of exceptionItems) await upsertExceptionItem(client, item);
  }
  const disabled = ruleForWrite(desired, listObjectId, false);
  try {
    await createRule(client, disabled);
  } catch (err) {
    // An earlier run created it (or someone else did): converge by replacing it.
    if (!isConflict(err)) throw err;
    await updateRule(client, disabled);
  }
  if (rule.enabled === true) await setRuleEnabled(client, desired.id, true);
}

/**
 * Exceptions change before the rule (so a rule enabled by this update already
 * sees them); a list no longer wanted is deleted only after the rule's PUT
 * has detached it, so the rule never points at a missing list.
 */
async function updateOnKibana(client: KibanaClient, desired: DesiredResource, live: LiveResource): Promise<void> {
  const handle = live.handle as KibanaHandle;
  const want = splitComposite(desired.body);
  const have = splitComposite(live.body);
  let listObjectId: string | null = null;
  if (want.exceptionList) {
    listObjectId = await updateExceptionListIfChanged(client, want.exceptionList, have.exceptionList, handle.listObjectId);
    await syncExceptionItems(client, want.exceptionItems, have.exceptionList ? have.exceptionItems : []);
  }
  await updateRule(client, ruleForWrite(desired, listObjectId, want.rule.enabled === true));
  if (!want.exceptionList && (have.exceptionList || handle.listObjectId !== null)) {
    await deleteExceptionList(client, listIdOf(have, desired.id));
  }
}

/** Deletes the rule, then its list (Kibana deletes a list's items with it). 404s count as done. */
async function deleteOnKibana(client: KibanaClient, live: LiveResource): Promise<void> {
  const handle = live.handle as KibanaHandle;
  const have = splitComposite(live.body);
  await deleteRule(client, live.id);
  if (have.exceptionList || handle.listObjectId !== null) await deleteExceptionList(client, listIdOf(have, live.id));
}

function listIdOf(composite: Composite, ruleId: string): string {
  const fromBody: Json | undefined = composite.exceptionList?.list_id;
  return typeof fromBody === "string" ? fromBody : deriveExceptionListId(ruleId);
}
