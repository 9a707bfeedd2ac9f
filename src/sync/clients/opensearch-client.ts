import { readFileSync } from "node:fs";
import { Client, errors } from "@opensearch-project/opensearch";
import type { ResolvedAuth, ResolvedEnvironment } from "../../config/index.ts";
import { explainForbidden, explainTlsFailure, explainUnauthorized, type AccessContext } from "./access-errors.ts";
import { TargetHttpError, type TargetAction } from "./http-errors.ts";
import { warnInsecureTls } from "./insecure-tls.ts";

/**
 * The HTTP transport to one OpenSearch node, over the official client:
 * auth (basic or API key), TLS (CA file or PEM, or insecure for test nodes),
 * a call counter for the sync bench, and errors as TargetHttpError naming
 * the rule and quoting OpenSearch's reason. Secrets go into request headers
 * only: never into `location`, errors or logs.
 */
export interface OpenSearchConnection {
  readonly url: string;
  readonly auth?: ResolvedAuth;
  readonly tls?: { readonly caFile?: string; readonly ca?: string; readonly insecure?: boolean };
  /** Per-request timeout in ms (default 30 s, the Alerting input timeout). */
  readonly timeoutMs?: number;
  /** The environments.yaml environment it was made from, named in errors. */
  readonly environment?: string;
}

export interface OpenSearchRequest {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  /** What dac was doing, for errors. */
  readonly action: TargetAction;
  readonly ruleId?: string;
  /** Statuses that are an answer, not an error (e.g. 404 on delete). */
  readonly accept?: readonly number[];
}

export interface OpenSearchResponse<T> {
  readonly status: number;
  readonly body: T;
}

export interface OpenSearchHttp {
  /** `http://host:9200`: no credentials. */
  readonly location: string;
  /** HTTP calls made so far. */
  readonly calls: number;
  request<T = unknown>(request: OpenSearchRequest): Promise<OpenSearchResponse<T>>;
}

/**
 * The Alerting plugin leaves `ui_metadata` (where dac keeps its ownership
 * marker and content hash) out of GET and _search responses unless the
 * User-Agent contains "OpenSearch-Dashboards" (alerting
 * RestHandlerUtils.context(): FetchSourceContext excludes
 * monitor.ui_metadata otherwise); checked on 2.19.4.
 */
const USER_AGENT = "dac (reads ui_metadata like OpenSearch-Dashboards)";

export function connectionOf(env: ResolvedEnvironment | OpenSearchConnection): OpenSearchConnection {
  const tls = env.tls as OpenSearchConnection["tls"];
  const environment = "name" in env ? env.name : env.environment;
  return { url: env.url, ...(env.auth ? { auth: env.auth } : {}), ...(tls ? { tls } : {}), ...(environment !== undefined ? { environment } : {}) };
}

export function describeOpenSearchLocation(url: string): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  return parsed.toString().replace(/\/$/, "");
}

export function createOpenSearchHttp(connection: OpenSearchConnection): OpenSearchHttp {
  const location = describeOpenSearchLocation(connection.url);
  const headers: Record<string, string> = { "user-agent": USER_AGENT };
  const auth = connection.auth;
  if (auth?.kind === "api-key") headers.authorization = `ApiKey ${auth.apiKey.reveal()}`;
  const tls = connection.tls;
  const ca = tls?.ca ?? (tls?.caFile !== undefined ? readCaFile(tls.caFile, connection.environment) : undefined);
  if (tls?.insecure) warnInsecureTls(location, connection.environment);
  const context: AccessContext = { ...(connection.environment !== undefined ? { environment: connection.environment } : {}), ...(auth ? { auth } : {}) };
  const client = new Client({
    node: location,
    headers,
    // Retries belong to sync/apply (isRetryable), which knows the whole plan.
    maxRetries: 0,
    requestTimeout: connection.timeoutMs ?? 30_000,
    ...(auth?.kind === "basic" ? { auth: { username: auth.username, password: auth.password.reveal() } } : {}),
    ...(ca !== undefined || tls?.insecure ? { ssl: { ...(ca !== undefined ? { ca } : {}), rejectUnauthorized: !tls?.insecure } } : {}),
  });
  let calls = 0;
  return {
    location,
    get calls() {
      return calls;
    },
    async request<T>(request: OpenSearchRequest): Promise<OpenSearchResponse<T>> {
      calls++;
      const querystring = Object.fromEntries(Object.entries(request.query ?? {}).filter(([, v]) => v !== undefined));
      try {
        const response = await client.transport.request(
          { method: request.method, path: request.path, querystring, ...(request.body !== undefined ? { body: request.body as Record<string, unknown> } : {}) },
          { ignore: [...(request.accept ?? [])] },
        );
        return { status: response.statusCode ?? 200, body: response.body as T };
      } catch (err) {
        throw toTargetHttpError(err, request, location, context);
      }
    },
  };
}

/** OpenSearch's own reason (`error.reason`, root cause first) or the client's message. */
export function readOpenSearchReason(body: unknown): string | undefined {
  if (typeof body === "string") return body.slice(0, 500);
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error === "string") return error;
  if (typeof error === "object" && error !== null) {
    const e = error as { reason?: unknown; type?: unknown; root_cause?: { reason?: unknown }[] };
    const root = e.root_cause?.[0]?.reason;
    const reason = typeof e.reason === "string" ? e.reason : undefined;
    const rootText = typeof root === "string" && root !== reason ? ` (${root})` : "";
    return `${typeof e.type === "string" ? `${e.type}: ` : ""}${reason ?? ""}${rootText}`;
  }
  return undefined;
}

/**
 * A node without the Alerting plugin has no `_plugins/_alerting` routes; say
 * what that means instead of leaving "no handler found" to be decoded (dac's
 * own image is such a node: Maven Central does not publish Alerting).
 */
function explainMissingAlerting(path: string, reason: string): string {
  if (!path.startsWith("/_plugins/_alerting") || !reason.includes("no handler found")) return "";
  return ". This cluster has no Alerting plugin, so monitors cannot be deployed to it; use a cluster with Alerting (the official image has it: `DAC_OPENSEARCH_IMAGE=opensearchproject/opensearch:2.19.4 ./dac cluster start`)";
}

/** The CA file's text; a missing or unreadable file names the setting. */
function readCaFile(file: string, environment: string | undefined): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    const where = environment !== undefined ? ` of environment "${environment}"` : "";
    throw new Error(`cannot read tls.caFile${where} (${file}): ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** 401 and 403 get a sentence on which setting or role to look at; other statuses none. */
function explainStatus(status: number, context: AccessContext): string {
  if (status === 401) return `. ${explainUnauthorized(context)}`;
  if (status === 403) return `. ${explainForbidden(context)}`;
  return "";
}

function toTargetHttpError(err: unknown, request: OpenSearchRequest, location: string, context: AccessContext = {}): TargetHttpError {
  const what = `${request.action}${request.ruleId !== undefined ? ` monitor for rule ${request.ruleId}` : ""} (${request.method} ${request.path} on ${location})`;
  if (err instanceof errors.ResponseError) {
    const status = err.statusCode ?? 0;
    // A 401 body is the plugin's "Unauthorized" text (or the basic-auth challenge): say which credentials.
    const reason = readOpenSearchReason(err.body) ?? err.message;
    return new TargetHttpError({ status, action: request.action, message: `OpenSearch answered ${status} to ${what}: ${reason}${explainMissingAlerting(request.path, reason)}${explainStatus(status, context)}`, ...(request.ruleId !== undefined ? { ruleId: request.ruleId } : {}), cause: err });
  }
  const code = typeof (err as { code?: unknown })?.code === "string" ? ((err as { code: string }).code) : undefined;
  const tls = explainTlsFailure(err, context);
  const message = `${err instanceof Error ? err.message : String(err)}${tls !== undefined ? `: ${tls}` : ""}`;
  return new TargetHttpError({
    status: 0,
    action: request.action,
    message: `No answer from OpenSearch to ${what}: ${message}`,
    ...(request.ruleId !== undefined ? { ruleId: request.ruleId } : {}),
    ...(code !== undefined ? { code } : {}),
    cause: err,
  });
}
