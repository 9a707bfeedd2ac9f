/**
 * The targets sync can talk to, chosen from an environment's engine: the
 * adapters (one per Kibana space for Elastic) and the matching compiler. Both
 * get the environment's dac project: the compiler writes it into every body,
 * the adapters manage (and prune) only objects of that project.
 */
import { deriveDefaultProjectName, type ResolvedEnvironment } from "../../config/index.ts";
import { compileKibanaDesired } from "../../targets/elastic/index.ts";
import { checkOpenSearchSupport, compileOpenSearchDesired } from "../../targets/opensearch/index.ts";
import type { DesiredCompiler } from "../desired.ts";
import type { TargetAdapter } from "../target.ts";
import { createKibanaAdapters, type KibanaEnvironment } from "./kibana-adapter.ts";
import { withMonitorBookkeeping } from "./monitor-bookkeeping.ts";
import { createOpenSearchAdapter } from "./opensearch-adapter.ts";

export function createTargetAdapters(env: ResolvedEnvironment): TargetAdapter[] {
  const project = selectProject(env);
  if (env.engine === "opensearch") return [withMonitorBookkeeping(createOpenSearchAdapter(env, undefined, { project }))];
  return createKibanaAdapters({ ...toKibanaEnvironment(env), project });
}

export function selectDesiredCompiler(env: ResolvedEnvironment): DesiredCompiler {
  const project = selectProject(env);
  if (env.engine === "opensearch") return { compile: (d) => compileOpenSearchDesired(d, { project }), check: checkOpenSearchSupport };
  return { compile: (d) => compileKibanaDesired(d, { project }) };
}

/**
 * The environment's project; an environment built by hand (not loaded from
 * environments.yaml) gets the working directory's default, never "no project":
 * an adapter without one would treat every project's objects as its own.
 */
export function selectProject(env: ResolvedEnvironment): string {
  return env.project ?? deriveDefaultProjectName(process.cwd());
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
