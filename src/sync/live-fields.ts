/**
 * The field types an environment's indices really have: Elasticsearch's and
 * OpenSearch's `_field_caps` over the index patterns the detections read, so
 * `dac validate --schema-from-target` checks queries against the live
 * mappings (integration fields, custom fields) instead of ECS alone.
 */
import type { OpenSearchHttp } from "./clients/opensearch-client.ts";

interface FieldCapsResponse {
  readonly fields?: Readonly<Record<string, Readonly<Record<string, { readonly type?: string }>>>>;
}

const NUMERIC = new Set(["long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float", "unsigned_long"]);

/** One type for a field mapped differently across indices: numbers read as double, anything else mixed as keyword. */
function mergeTypes(types: readonly string[]): string {
  if (types.length === 1) return types[0]!;
  if (types.every((t) => NUMERIC.has(t))) return "double";
  return "keyword";
}

/**
 * Field name -> mapping type for every concrete field of `indices`. Object and
 * nested parents are left out: declaring them would make every name below
 * them "known", which is what this check must not do.
 */
export async function readLiveFieldTypes(http: OpenSearchHttp, indices: readonly string[]): Promise<Record<string, string>> {
  const target = [...new Set(indices)].map(encodeURIComponent).join(",");
  const response = await http.request<FieldCapsResponse>({
    method: "GET",
    path: `/${target}/_field_caps`,
    query: { fields: "*", ignore_unavailable: true, allow_no_indices: true },
    action: "read field mappings",
  });
  const out: Record<string, string> = {};
  for (const [name, byType] of Object.entries(response.body.fields ?? {})) {
    if (name.startsWith("_")) continue;
    const types = Object.keys(byType).filter((t) => !t.startsWith("_") && t !== "object" && t !== "nested" && t !== "unmapped");
    if (types.length > 0) out[name] = mergeTypes(types);
  }
  return out;
}
