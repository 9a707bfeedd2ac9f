import type { ResolvedDetection } from "../../../src/detection/model.ts";
import { createKibanaAdapter, compileKibanaDesiredResource } from "../../../src/sync/clients/kibana-adapter.ts";
import { createKibanaClient, type KibanaClientOptions } from "../../../src/sync/clients/kibana-client.ts";
import type { DesiredResource, TargetAdapter } from "../../../src/sync/target.ts";
import type { StartedKibanaContractServer } from "../../contract/kibana-contract-server.ts";

/** An adapter on the contract server with no real waiting between retries (sleeps are recorded). */
export function connectAdapter(server: StartedKibanaContractServer, options: Partial<KibanaClientOptions> = {}) {
  const sleeps: number[] = [];
  const client = createKibanaClient({
    url: server.url,
    sleep: async (ms) => void sleeps.push(ms),
    ...options,
  });
  const adapter: TargetAdapter = createKibanaAdapter(client);
  return { client, adapter, sleeps };
}

export function desiredOf(detection: ResolvedDetection): DesiredResource {
  return compileKibanaDesiredResource(detection);
}

/** The operationIds the server saw, in order, from `from` on. */
export function operationsSince(server: StartedKibanaContractServer, from = 0): string[] {
  return server.requests.slice(from).map((r) => r.operationId ?? `${r.method} ${r.path}`);
}
