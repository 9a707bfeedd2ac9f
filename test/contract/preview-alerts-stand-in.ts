import type { JsonObject } from "../../src/sync/target.ts";
import type { KibanaContractState, PreviewRun } from "./kibana-contract-state.ts";

/**
 * The two Elasticsearch calls preview replay makes against the preview alerts
 * index (`_refresh`, `_search` filtered on kibana.alert.rule.uuid). Not part of
 * Kibana's bundles, so not contract-validated: a stand-in for the real node.
 */
export function searchPreviewAlerts(
  state: KibanaContractState,
  produce: ((run: PreviewRun) => JsonObject[]) | undefined,
  apiPath: string,
  raw: Buffer,
): { status: number; body: unknown } {
  const m = /^\/(\.preview\.alerts-security\.alerts-[^/]+)\/(_search|_refresh)$/.exec(apiPath);
  if (!m) return { status: 404, body: { error: { type: "stand_in", reason: `unsupported ${apiPath}` }, status: 404 } };
  const index = m[1] ?? "";
  if (m[2] === "_refresh") return { status: 200, body: { _shards: { total: 1, successful: 1, failed: 0 } } };
  const uuid = /"kibana\.alert\.rule\.uuid"\s*:\s*(?:\{\s*"value"\s*:\s*)?"([^"]+)"/.exec(raw.toString("utf8"))?.[1];
  const run = state.previews.find((p) => p.previewId === uuid && index === `.preview.alerts-security.alerts-${p.space}`);
  const docs = run && produce ? produce(run) : [];
  const hits = docs.map((source, i) => ({ _index: index, _id: `${run?.previewId}-${i}`, _score: 1, _source: { ...source, "kibana.alert.rule.uuid": run?.previewId } }));
  return { status: 200, body: { took: 1, timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 }, hits: { total: { value: hits.length, relation: "eq" }, max_score: 1, hits } } };
}
