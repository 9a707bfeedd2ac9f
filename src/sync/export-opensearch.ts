import { readDacMetadata } from "../targets/opensearch/index.ts";
import type { OpenSearchHttp } from "./clients/opensearch-client.ts";
import type { ExportedLiveObject, JsonObject } from "./target.ts";

interface SearchHit {
  readonly _id: string;
  readonly _source?: JsonObject;
}

const PAGE = 1000;

/**
 * Every monitor on the node as export sees it, for adapters without
 * `exportLive`: managed ones carry the detection fields dac embedded in
 * `ui_metadata.dac.source` (targets/opensearch/metadata.ts), so their export
 * is exact; the rest come raw for translation.
 */
export async function readOpenSearchExport(http: OpenSearchHttp): Promise<ExportedLiveObject[]> {
  const out: ExportedLiveObject[] = [];
  for (let from = 0; ; from += PAGE) {
    const response = await http.request<{ hits?: { hits?: SearchHit[] } }>({
      method: "POST",
      path: "/_plugins/_alerting/monitors/_search",
      body: { from, size: PAGE, query: { match_all: {} }, sort: [{ _id: { order: "asc" } }] },
      action: "export",
      accept: [404],
    });
    if (response.status === 404) break;
    const hits = response.body.hits?.hits ?? [];
    for (const hit of hits) {
      const monitor = hit._source;
      if (!monitor || monitor.type !== "monitor") continue; // workflows share the config index
      const dac = readDacMetadata(monitor);
      const source = dac?.source;
      const name = typeof monitor.name === "string" ? monitor.name : hit._id;
      if (dac && typeof dac.id === "string" && typeof source === "object" && source !== null && !Array.isArray(source)) {
        out.push({ managed: true, id: dac.id, name, detection: { id: dac.id, ...source }, raw: { _id: hit._id, ...monitor } });
      } else {
        out.push({ managed: false, id: hit._id, name, raw: { _id: hit._id, ...monitor } });
      }
    }
    if (hits.length < PAGE) break;
  }
  return out;
}
