/**
 * The index template replay indices are created from: ECS field types from
 * `@elastic/ecs`, adjusted so the Query DSL that targets/opensearch compiles
 * (term, terms, wildcard and prefix queries with case_insensitive) matches
 * exactly what EQL matches:
 *  - EQL compares whole values. ECS `wildcard` (process.command_line, ...) and
 *    `match_only_text` (message, error.message) fields become `keyword`, with a
 *    `text` multi-field for full-text search, because a term or wildcard query
 *    on an analysed field matches tokens, not the value.
 *  - `constant_keyword` (data_stream.*) becomes `keyword`: one replay index
 *    holds events of several data streams, and a constant_keyword field
 *    rejects a second value.
 *  - `nested` becomes `object`: compiled monitors use plain (not nested)
 *    queries, and EQL has no nested semantics either.
 *  - `flattened` becomes OpenSearch's `flat_object`; `scaled_float` becomes
 *    `double` (mapper-extras, which has it, is not on every node).
 *  - Everything outside ECS that arrives as a string (winlog.event_data.*,
 *    winlog.channel, ...) is `keyword`, as Winlogbeat and Elastic Agent map it.
 * Date detection is off: `winlog.event_data` values that look like dates must
 * stay strings, as they are keywords at the source.
 */
import { EcsFlat } from "@elastic/ecs";
import type { Client } from "@opensearch-project/opensearch";

/** Replay indices are `dac-replay-<detection>-<n>` (and `dac-up-*` for the `dac up` scenario). */
export const REPLAY_INDEX_PREFIX = "dac-replay-";
export const REPLAY_TEMPLATE_NAME = "dac-replay-ecs";

/**
 * Keywords longer than this are kept in _source but not indexed: Lucene
 * refuses terms over 32,766 bytes, and a UTF-8 character takes up to 4.
 */
const LONG_KEYWORD_IGNORE_ABOVE = 8191;

export interface EcsFieldSpec {
  readonly type: string;
  readonly ignore_above?: number;
  readonly multi_fields?: readonly { readonly name: string; readonly type: string }[];
}

export type FieldMapping = Record<string, unknown>;

/** One ECS field -> the OpenSearch mapping replay uses for it (undefined: left to dynamic mapping). */
export function mapEcsField(spec: EcsFieldSpec): FieldMapping | undefined {
  switch (spec.type) {
    case "object":
      return undefined;
    case "nested":
      return { type: "object", properties: {} };
    case "flattened":
      return { type: "flat_object" };
    case "constant_keyword":
      return { type: "keyword" };
    case "wildcard":
    case "match_only_text":
      return { type: "keyword", ignore_above: LONG_KEYWORD_IGNORE_ABOVE, fields: { text: { type: "text" } } };
    case "scaled_float":
      // scaled_float lives in the mapper-extras module, which minimal nodes lack; a double holds the same values.
      return { type: "double" };
    case "keyword": {
      const textFields = (spec.multi_fields ?? []).filter((m) => m.type === "match_only_text" || m.type === "text");
      return {
        type: "keyword",
        ...(spec.ignore_above !== undefined ? { ignore_above: spec.ignore_above } : {}),
        ...(textFields.length > 0 ? { fields: Object.fromEntries(textFields.map((m) => [m.name, { type: "text" }])) } : {}),
      };
    }
    default:
      // date, ip, long, integer, float, double, boolean, geo_point: same name in OpenSearch.
      return { type: spec.type };
  }
}

const ECS_FIELDS = EcsFlat as unknown as Readonly<Record<string, EcsFieldSpec>>;

/**
 * Whether `value` needs a wider mapping than `current`: a string needs a
 * keyword whatever else was seen (one fixture writes winlog.keywords as a
 * number, another as "0x8000000000000000"), a fraction or huge number a double.
 */
function widerSample(value: unknown, current: unknown): boolean {
  if (current === undefined) return true;
  if (typeof current === "string") return false;
  if (typeof value === "string") return true;
  return typeof value === "number" && typeof current === "number" && Number.isSafeInteger(current) && !Number.isSafeInteger(value);
}

/** A field path met while walking events: its children by key, so a path string is built once per field, not once per event. */
interface PathNode {
  readonly path: string;
  /** An ECS leaf (geo_point, flattened) holds objects that are values, not sub-fields. */
  readonly ecsLeaf: boolean;
  readonly children: Map<string, PathNode>;
  sample: unknown;
}

/** Every leaf field path in `events` with the value that decides its mapping (see widerSample), in first-seen order. */
export function collectFieldPaths(events: Iterable<Record<string, unknown>>, ecs: Readonly<Record<string, EcsFieldSpec>> = ECS_FIELDS): Map<string, unknown> {
  const leaves = ecsLeafPaths(ecs);
  const seen: PathNode[] = [];
  const child = (parent: PathNode, key: string): PathNode => {
    let node = parent.children.get(key);
    if (node === undefined) {
      const path = parent.path === "" ? key : `${parent.path}.${key}`;
      node = { path, ecsLeaf: leaves.has(path), children: new Map(), sample: undefined };
      parent.children.set(key, node);
    }
    return node;
  };
  const visit = (value: unknown, node: PathNode): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v, node);
      return;
    }
    if (typeof value === "object" && value !== null && !node.ecsLeaf) {
      const object = value as Record<string, unknown>;
      for (const key in object) visit(object[key], child(node, key));
      return;
    }
    if (value === null || value === undefined || !widerSample(value, node.sample)) return;
    if (node.sample === undefined) seen.push(node);
    node.sample = value;
  };
  const root: PathNode = { path: "", ecsLeaf: leaves.has(""), children: new Map(), sample: undefined };
  for (const event of events) visit(event, root);
  return new Map(seen.map((node) => [node.path, node.sample] as const));
}

const leafPathsByFieldSet = new WeakMap<object, ReadonlySet<string>>();

/** The ECS paths that are leaves (not `object` or `nested`), computed once per field set (a hot lookup when laying out thousands of fixtures). */
function ecsLeafPaths(ecs: Readonly<Record<string, EcsFieldSpec>>): ReadonlySet<string> {
  let leaves = leafPathsByFieldSet.get(ecs);
  if (!leaves) {
    leaves = new Set(Object.keys(ecs).filter((k) => ecs[k]!.type !== "object" && ecs[k]!.type !== "nested"));
    leafPathsByFieldSet.set(ecs, leaves);
  }
  return leaves;
}

/** A field outside ECS: strings are keywords (as Winlogbeat maps them), numbers by range. */
function mapUnknownField(sample: unknown): FieldMapping {
  if (typeof sample === "boolean") return { type: "boolean" };
  // Beyond 2^53 a JSON number has already lost digits (winlog.keywords is a 64-bit mask): no long holds it.
  if (typeof sample === "number") return Number.isSafeInteger(sample) ? { type: "long" } : { type: "double" };
  return { type: "keyword", ignore_above: LONG_KEYWORD_IGNORE_ABOVE };
}

/**
 * Explicit mappings for exactly the fields `events` carry: ECS fields with
 * their ECS type (adjusted as above), others by their values. Creating the
 * index with them up front costs one cluster-state update; leaving 2,600 ECS
 * fields in the template, or dozens of fields to dynamic mapping, makes each
 * bulk wait on one mapping update per new field.
 */
export function deriveEventMappings(events: Iterable<Record<string, unknown>>, ecs: Readonly<Record<string, EcsFieldSpec>> = ECS_FIELDS): Record<string, unknown> {
  return deriveMappingsOfPaths(collectFieldPaths(events, ecs), ecs);
}

/**
 * The kind of sample that decides an unknown field's mapping (mapUnknownField):
 * two path maps with the same paths and kinds get the same mappings.
 */
export function describeSampleKind(sample: unknown): string {
  if (typeof sample === "number") return Number.isSafeInteger(sample) ? "i" : "d";
  return typeof sample === "boolean" ? "b" : "s";
}

/** deriveEventMappings from collectFieldPaths' result. */
export function deriveMappingsOfPaths(paths: ReadonlyMap<string, unknown>, ecs: Readonly<Record<string, EcsFieldSpec>> = ECS_FIELDS): Record<string, unknown> {
  const root: Record<string, FieldMapping> = {};
  for (const path of [...paths.keys()].sort()) {
    const spec = ecs[path];
    const mapping = spec ? mapEcsField(spec) : mapUnknownField(paths.get(path));
    if (!mapping) continue;
    const parts = path.split(".");
    let level: Record<string, FieldMapping> | undefined = root;
    for (const part of parts.slice(0, -1)) {
      const parent = (level[part] ??= { properties: {} }) as { properties?: Record<string, FieldMapping> };
      // A field that is a value in one event and an object in another: the value wins, bulk reports the rest.
      level = parent.properties;
      if (!level) break;
    }
    const leaf = parts.at(-1) as string;
    if (level && level[leaf] === undefined) level[leaf] = mapping;
  }
  return { properties: root };
}

const DYNAMIC_POLICY = {
  date_detection: false,
  numeric_detection: false,
  dynamic_templates: [
    // Windows event data is strings at the source; numbers-as-text ("0x3e7", "4") stay exact.
    { winlog_event_data: { path_match: "winlog.event_data.*", match_mapping_type: "string", mapping: { type: "keyword", ignore_above: LONG_KEYWORD_IGNORE_ABOVE } } },
    { strings_as_keyword: { match_mapping_type: "string", mapping: { type: "keyword", ignore_above: LONG_KEYWORD_IGNORE_ABOVE } } },
  ],
} as const;

/**
 * Complete mappings for one replay index: the dynamic policy plus explicit
 * properties, for the fields of `events` when given, else for every ECS field
 * (2,600 fields: fine for one long-lived index, slow to create per fixture).
 */
export function deriveReplayMappings(events?: Iterable<Record<string, unknown>>, ecs: Readonly<Record<string, EcsFieldSpec>> = ECS_FIELDS): Record<string, unknown> {
  const properties = events ? deriveEventMappings(events, ecs).properties : deriveEventMappings([ecsSkeleton(ecs)], ecs).properties;
  return { ...DYNAMIC_POLICY, properties };
}

/** One event carrying every ECS leaf (value kinds do not matter: ECS types win). */
function ecsSkeleton(ecs: Readonly<Record<string, EcsFieldSpec>>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(ecs).filter((k) => ecs[k]?.type !== "object").map((k) => [k, ""]));
}

/**
 * The template replay indices are created from: the policy for fields the
 * index was not created with (strings keyword, no date or numeric detection),
 * one shard so `_doc` order is input order (EQL's last tiebreaker), no replica
 * on a single node. Replay indices are throwaway and loaded in one go, then
 * refreshed once by the loader: no periodic refresh (it would cut segments
 * mid-load) and no fsync per `_bulk` request (async translog).
 */
export function buildReplayIndexTemplate(patterns: readonly string[] = [`${REPLAY_INDEX_PREFIX}*`]): Record<string, unknown> {
  return {
    index_patterns: [...patterns],
    priority: 500,
    template: {
      settings: { number_of_shards: 1, number_of_replicas: 0, "mapping.total_fields.limit": 10_000, "translog.durability": "async", refresh_interval: "-1" },
      mappings: { ...DYNAMIC_POLICY, properties: { "@timestamp": { type: "date" } } },
    },
    _meta: { managed_by: "dac", description: "ECS replay indices: exact-match keywords for EQL" },
  };
}

/** Installs (or replaces) the replay template; idempotent. */
export async function installReplayTemplate(client: Client, patterns?: readonly string[], name = REPLAY_TEMPLATE_NAME): Promise<void> {
  try {
    await client.indices.putIndexTemplate({ name, body: buildReplayIndexTemplate(patterns) as never });
  } catch (err) {
    throw new Error(`while installing the replay index template ${name}: ${describeClientError(err)}`);
  }
}

/** The server's reason from a client error, else its message. */
export function describeClientError(err: unknown): string {
  type Cause = { reason?: string; type?: string; caused_by?: Cause };
  const meta = (err as { meta?: { statusCode?: number; body?: unknown } }).meta;
  let cause = (meta?.body as { error?: Cause } | undefined)?.error;
  if (!cause?.reason) {
    // The client's own message is only "Response Error": say what the node answered.
    const message = err instanceof Error ? err.message : String(err);
    if (meta?.statusCode === undefined) return message;
    const body = typeof meta.body === "string" ? meta.body : JSON.stringify(meta.body ?? "");
    return `${message} (HTTP ${meta.statusCode}${body ? `: ${body.slice(0, 300)}` : ""})`;
  }
  // The innermost cause names the field or setting at fault; the outer ones only say "invalid".
  while (cause.caused_by?.reason) cause = cause.caused_by;
  return `${cause.type ?? "error"}: ${cause.reason}`;
}
