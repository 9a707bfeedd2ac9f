/**
 * Replay on Elastic: run one detection through Kibana's rule preview
 * (POST /api/detection_engine/rules/preview), then read the alerts the preview
 * wrote to `.preview.alerts-security.alerts-<space>` from Elasticsearch,
 * filtered on `kibana.alert.rule.uuid` = previewId (Kibana's own alert search
 * route reads the normal alerts index, not the preview one).
 *
 * `dac test --env <elastic env>` uses it: the result's `alerts` are replay
 * `Alert`s, so the same report and comparison code applies.
 *
 * Exceptions: the preview body references a temporary copy of the detection's
 * exception list (`<rule id>--preview-exceptions`), created before and deleted
 * after the run, so previewing never touches the deployed list.
 */
import { readFileSync } from "node:fs";
import { Client as ElasticsearchClient } from "@elastic/elasticsearch";
import type { ResolvedEnvironment } from "../config/index.ts";
import { readFieldValues } from "../detection/index.ts";
import type { ResolvedDetection } from "../detection/index.ts";
// Direct imports: sync/index.ts does not re-export the Kibana client yet (see report).
import {
  createKibanaClient,
  deleteExceptionList,
  upsertExceptionItem,
  upsertExceptionList,
  type JsonObject,
  type KibanaClient,
  type KibanaClientOptions,
} from "../sync/index.ts";
import { compileKibanaExceptionItems, compileKibanaExceptionList, compileKibanaRule } from "../targets/elastic/index.ts";
import { assembleAlert, type Alert } from "./alert.ts";

export interface KibanaPreviewClients {
  /** Kibana, scoped to the space the preview runs in. */
  readonly kibana: KibanaClient;
  /** Elasticsearch behind that Kibana; needs `read` on `.preview.alerts-security.alerts-<space>`. */
  readonly elasticsearch: ElasticsearchClient;
}

export interface KibanaPreviewOptions {
  /** End of the last rule run (the fixture's latest event, rebased, plus a margin). */
  readonly timeframeEnd: string;
  /** Rule runs, each one `interval` after the previous; together they must cover the fixture. */
  readonly invocationCount: number;
  /** Upper bound of alerts read back (default 10,000, the index's result window). */
  readonly maxAlerts?: number;
}

export interface KibanaPreviewResult {
  readonly previewId?: string;
  readonly isAborted: boolean;
  /** Errors Kibana logged for any run (a non-empty list means the replay is not trustworthy). */
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  /** One per detection hit: building-block alerts of a sequence are folded into their shell alert. */
  readonly alerts: readonly Alert[];
  /** Alert count per entity value (`"(none)"` when the alert has no entity field). */
  readonly alertsByEntity: Readonly<Record<string, number>>;
}

interface PreviewResponse {
  readonly previewId?: string;
  readonly isAborted?: boolean;
  readonly logs: readonly { readonly errors: readonly string[]; readonly warnings: readonly string[] }[];
}

/**
 * Clients for one space of an elastic environment: Kibana at `kibanaUrl ?? url`,
 * Elasticsearch at `url`, both with the environment's credentials and TLS.
 */
export function createKibanaPreviewClients(env: ResolvedEnvironment, space = env.spaces[0] ?? "default", options: Pick<KibanaClientOptions, "sleep" | "retries"> = {}): KibanaPreviewClients {
  const auth = env.auth;
  const kibana = createKibanaClient({ ...options, url: env.kibanaUrl ?? env.url, auth, tls: env.tls, space });
  const ca = env.tls.caFile !== undefined ? readFileSync(env.tls.caFile, "utf8") : undefined;
  const elasticsearch = new ElasticsearchClient({
    node: env.url,
    ...(auth.kind === "basic" ? { auth: { username: auth.username, password: auth.password.reveal() } } : {}),
    ...(auth.kind === "api-key" ? { auth: { apiKey: auth.apiKey.reveal() } } : {}),
    tls: { ...(ca !== undefined ? { ca } : {}), rejectUnauthorized: !env.tls.insecure },
  });
  return { kibana, elasticsearch };
}

export function derivePreviewListId(ruleId: string): string {
  return `${ruleId}--preview-exceptions`;
}

/** The preview request body: the rule exactly as deployed, with its exceptions on the temporary list. */
export function compileKibanaPreviewBody(detection: ResolvedDetection, listObjectId: string | undefined, options: KibanaPreviewOptions): JsonObject {
  const { exceptions_list: _refs, ...rule } = compileKibanaRule(detection);
  const exceptionsList = listObjectId === undefined ? [] : [{ id: listObjectId, list_id: derivePreviewListId(detection.id), type: "detection", namespace_type: "single" }];
  return { ...rule, exceptions_list: exceptionsList, invocationCount: options.invocationCount, timeframeEnd: options.timeframeEnd } as JsonObject;
}

export async function previewDetectionOnKibana(clients: KibanaPreviewClients, detection: ResolvedDetection, options: KibanaPreviewOptions): Promise<KibanaPreviewResult> {
  const listObjectId = await uploadPreviewExceptions(clients.kibana, detection);
  try {
    const response = await clients.kibana.request<PreviewResponse>({
      method: "POST",
      path: "/api/detection_engine/rules/preview",
      body: compileKibanaPreviewBody(detection, listObjectId, options),
      action: "preview",
      subject: `rule ${detection.id}`,
      ruleId: detection.id,
    });
    const errors = response.logs.flatMap((l) => l.errors);
    const warnings = response.logs.flatMap((l) => l.warnings);
    const docs = response.previewId === undefined ? [] : await readPreviewAlerts(clients, response.previewId, options.maxAlerts ?? 10_000);
    const alerts = buildPreviewAlerts(detection, docs);
    return {
      ...(response.previewId !== undefined ? { previewId: response.previewId } : {}),
      isAborted: response.isAborted === true,
      errors,
      warnings,
      alerts,
      alertsByEntity: countByEntity(alerts),
    };
  } finally {
    if (listObjectId !== undefined) await deleteExceptionList(clients.kibana, derivePreviewListId(detection.id));
  }
}

async function uploadPreviewExceptions(kibana: KibanaClient, detection: ResolvedDetection): Promise<string | undefined> {
  const list = compileKibanaExceptionList(detection);
  if (!list) return undefined;
  const listId = derivePreviewListId(detection.id);
  const id = await upsertExceptionList(kibana, { ...list, list_id: listId, name: `${list.name} (preview)` } as JsonObject);
  for (const item of compileKibanaExceptionItems(detection)) {
    await upsertExceptionItem(kibana, { ...item, list_id: listId, item_id: `preview--${item.item_id}` } as JsonObject);
  }
  return id;
}

async function readPreviewAlerts(clients: KibanaPreviewClients, previewId: string, size: number): Promise<JsonObject[]> {
  const index = `.preview.alerts-security.alerts-${clients.kibana.space}`;
  // The preview executor writes without waiting for a refresh; make its alerts searchable.
  await clients.elasticsearch.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true }).catch(() => undefined);
  const result = await clients.elasticsearch.search<JsonObject>({
    index,
    ignore_unavailable: true,
    size,
    query: { bool: { filter: [{ term: { "kibana.alert.rule.uuid": previewId } }] } },
    sort: [{ "kibana.alert.original_time": { order: "asc", unmapped_type: "date" } }],
  });
  return result.hits.hits.flatMap((h) => (h._source ? [{ ...h._source, _id: h._id ?? "" }] : []));
}

function firstText(doc: JsonObject, field: string): string | null {
  const value = readFieldValues(doc, field)[0];
  return value === undefined ? null : String(value);
}

/**
 * Kibana writes one alert per matching event, and for a sequence one shell
 * alert plus one building-block alert per event (same kibana.alert.group.id).
 * A hit is a shell or a plain alert; building blocks become its events.
 */
export function buildPreviewAlerts(detection: Pick<ResolvedDetection, "id" | "severity" | "entityField" | "timestampField">, docs: readonly JsonObject[]): Alert[] {
  const blocksByGroup = new Map<string, JsonObject[]>();
  for (const doc of docs) {
    if (firstText(doc, "kibana.alert.building_block_type") === null) continue;
    const group = firstText(doc, "kibana.alert.group.id") ?? "";
    blocksByGroup.set(group, [...(blocksByGroup.get(group) ?? []), doc]);
  }
  const eventOf = (doc: JsonObject) => ({
    timestamp: firstText(doc, "kibana.alert.original_time") ?? firstText(doc, detection.timestampField) ?? "",
    id: firstText(doc, "kibana.alert.ancestors.id") ?? String(doc._id ?? ""),
  });
  return docs
    .filter((doc) => firstText(doc, "kibana.alert.building_block_type") === null)
    .map((doc) => {
      const group = firstText(doc, "kibana.alert.group.id");
      const blocks = group === null ? [] : [...(blocksByGroup.get(group) ?? [])].sort((a, b) => Number(firstText(a, "kibana.alert.group.index")) - Number(firstText(b, "kibana.alert.group.index")));
      const events = blocks.length > 0 ? blocks.map(eventOf) : [eventOf(doc)];
      let entity = firstText(doc, detection.entityField);
      for (let i = blocks.length - 1; i >= 0 && entity === null; i--) entity = firstText(blocks[i]!, detection.entityField);
      return assembleAlert(detection, entity, events);
    });
}

function countByEntity(alerts: readonly Alert[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const alert of alerts) {
    const key = alert.entity ?? "(none)";
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
