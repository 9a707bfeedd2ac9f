/**
 * The targets sync can talk to, chosen from an environment's engine: the
 * adapters (one per Kibana space for Elastic) and the matching compiler.
 */
import type { ResolvedEnvironment } from "../../config/index.ts";
import { checkOpenSearchSupport, compileOpenSearchDesired } from "../../targets/opensearch/index.ts";
import type { DesiredCompiler } from "../desired.ts";
import type { TargetAdapter } from "../target.ts";
import { compileKibanaDesiredResource, createKibanaAdapters, type KibanaEnvironment } from "./kibana-adapter.ts";
import { withMonitorBookkeeping } from "./monitor-bookkeeping.ts";
import { createOpenSearchAdapter } from "./opensearch-adapter.ts";

export function createTargetAdapters(env: ResolvedEnvironment): TargetAdapter[] {
  if (env.engine === "opensearch") return [withMonitorBookkeeping(createOpenSearchAdapter(env))];
  return createKibanaAdapters(toKibanaEnvironment(env));
}

export function selectDesiredCompiler(env: ResolvedEnvironment): DesiredCompiler {
  if (env.engine === "opensearch") return { compile: compileOpenSearchDesired, check: checkOpenSearchSupport };
  return { compile: compileKibanaDesiredResource };
}

// Rules live in Kibana; `url` is Elasticsearch unless kibanaUrl says otherwise.
// Secrets are revealed here only to hand them to the HTTP client's headers.
function toKibanaEnvironment(env: ResolvedEnvironment): KibanaEnvironment {
  const auth: KibanaEnvironment["auth"] =
    env.auth.kind === "basic"
      ? { kind: "basic", username: env.auth.username, password: env.auth.password.reveal() }
      : env.auth.kind === "api-key"
        ? { kind: "api-key", apiKey: env.auth.apiKey.reveal() }
        : undefined;
  return {
    url: env.kibanaUrl ?? env.url,
    ...(auth ? { auth } : {}),
    tls: { ...(env.tls.caFile ? { caFile: env.tls.caFile } : {}), insecure: env.tls.insecure },
    spaces: env.spaces,
  };
}
