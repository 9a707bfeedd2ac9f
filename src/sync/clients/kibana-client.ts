import { readFileSync } from "node:fs";
import { Secret, type ResolvedAuth } from "../../config/index.ts";
import { Agent, fetch as undiciFetch, FormData } from "undici";
import type { TargetAction } from "./http-errors.ts";
import { explainTlsFailure } from "./access-errors.ts";
import { warnInsecureTls } from "./insecure-tls.ts";
import { createKibanaHttpError, isKibanaRetryable, type KibanaFailure } from "./kibana-errors.ts";

/**
 * The HTTP transport to one Kibana space: base URL and `/s/<space>` prefix,
 * the headers Kibana's versioned detection routes need, auth, TLS, and retries
 * with backoff on 429/5xx. Secrets go into request headers only: never into
 * `location`, errors or logs.
 */

/**
 * Credentials: preferably still wrapped in Secret (prints as ***) until the
 * header is built; plain strings are accepted from callers that already
 * revealed them.
 */
export type KibanaAuth =
  | ResolvedAuth
  | { readonly kind: "basic"; readonly username: string; readonly password: string }
  | { readonly kind: "api-key"; readonly apiKey: string };

export interface KibanaTls {
  /** PEM file of the CA that signed Kibana's certificate. */
  readonly caFile?: string;
  /** PEM text (wins over caFile). */
  readonly ca?: string;
  /** Skip certificate verification (self-signed test stacks only). */
  readonly insecure?: boolean;
}

export interface KibanaClientOptions {
  readonly url: string;
  /** Kibana space id; "default" (or undefined) means no `/s/<space>` prefix. */
  readonly space?: string;
  readonly auth?: KibanaAuth;
  readonly tls?: KibanaTls;
  /** Retries after the first attempt on 429/5xx/network errors (default 4). */
  readonly retries?: number;
  /** First backoff in ms, doubled per retry (default 500). */
  readonly backoffMs?: number;
  /** Injected so tests run without real waiting. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Per-request timeout in ms (default 60 s: Kibana's preview route can take that long). */
  readonly timeoutMs?: number;
}

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface KibanaRequest {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** API path without the space prefix, e.g. `/api/detection_engine/rules`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  /** multipart/form-data upload: field name `file`, for `_import`. */
  readonly file?: { readonly name: string; readonly content: string };
  /** What we were doing, for errors: action "create", subject "rule psexec-service-install". */
  readonly action: TargetAction;
  readonly subject: string;
  readonly ruleId?: string;
}

export interface KibanaClient {
  /** `https://kibana:5601 (space soc)`: no credentials. */
  readonly location: string;
  readonly space: string;
  /** HTTP calls made so far (retries included). */
  readonly calls: number;
  /** Sends a request and returns the parsed JSON body; throws TargetHttpError on failure. */
  request<T>(req: KibanaRequest): Promise<T>;
  /** Like request, but a 404 returns undefined (reads and idempotent deletes). */
  requestOptional<T>(req: KibanaRequest): Promise<T | undefined>;
}

const API_VERSION = "2023-10-31";
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The URL without user-info, path or trailing slash, for labels and errors. */
export function describeKibanaLocation(url: string, space: string): string {
  const u = new URL(url);
  const base = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}`;
  return space === "default" ? base : `${base} (space ${space})`;
}

export function createKibanaClient(options: KibanaClientOptions): KibanaClient {
  const space = options.space ?? "default";
  const base = new URL(options.url);
  // Credentials embedded in the URL would leak into error texts; take them out of the URL and into auth.
  const urlAuth: KibanaAuth | undefined = base.username
    ? { kind: "basic", username: decodeURIComponent(base.username), password: new Secret(decodeURIComponent(base.password), "url") }
    : undefined;
  base.username = "";
  base.password = "";
  const auth = options.auth && options.auth.kind !== "none" ? options.auth : urlAuth;
  const root = base.toString().replace(/\/+$/, "") + (space === "default" ? "" : `/s/${encodeURIComponent(space)}`);
  const location = describeKibanaLocation(base.toString(), space);
  const dispatcher = createDispatcher(options.tls);
  if (options.tls?.insecure) warnInsecureTls(location, undefined);
  const retries = options.retries ?? 4;
  const backoffMs = options.backoffMs ?? 500;
  const sleep = options.sleep ?? defaultSleep;
  const timeoutMs = options.timeoutMs ?? 60_000;
  let calls = 0;

  async function attempt(req: KibanaRequest): Promise<{ status: number; text: string; retryAfter: string | null } | KibanaFailure> {
    const url = root + req.path + renderQuery(req.query);
    const headers: Record<string, string> = { "kbn-xsrf": "dac", "elastic-api-version": API_VERSION, accept: "application/json" };
    const authorization = auth ? renderAuthorization(auth) : undefined;
    if (authorization !== undefined) headers.authorization = authorization;
    let body: string | FormData | undefined;
    if (req.file) {
      const form = new FormData();
      form.append("file", new Blob([req.file.content], { type: "application/ndjson" }), req.file.name);
      body = form;
    } else if (req.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.body);
    }
    calls++;
    try {
      const res = await undiciFetch(url, { method: req.method, headers, body, dispatcher, signal: AbortSignal.timeout(timeoutMs) });
      return { status: res.status, text: await res.text(), retryAfter: res.headers.get("retry-after") };
    } catch (err) {
      return { kind: "network", message: err instanceof Error ? describeNetworkError(err) : String(err), ...networkCode(err), cause: err };
    }
  }

  async function send<T>(req: KibanaRequest, allow404: boolean): Promise<T | undefined> {
    for (let n = 0; ; n++) {
      const res = await attempt(req);
      const failure: KibanaFailure | undefined =
        "kind" in res ? res : res.status >= 200 && res.status < 300 ? undefined : { kind: "status", status: res.status, body: res.text, retryAfter: res.retryAfter };
      if (!failure) return ("text" in res && res.text !== "" ? JSON.parse(res.text) : undefined) as T;
      if (allow404 && failure.kind === "status" && failure.status === 404) return undefined;
      if (n < retries && isKibanaRetryable(failure)) {
        await sleep(backoffDelay(n, backoffMs, failure.kind === "status" ? failure.retryAfter : null));
        continue;
      }
      throw createKibanaHttpError(failure, {
        location,
        method: req.method,
        path: req.path,
        action: req.action,
        subject: req.subject,
        ...(req.ruleId !== undefined ? { ruleId: req.ruleId } : {}),
        attempts: n + 1,
      });
    }
  }

  return {
    location,
    space,
    get calls() {
      return calls;
    },
    request: async <T>(req: KibanaRequest) => (await send<T>(req, false)) as T,
    requestOptional: <T>(req: KibanaRequest) => send<T>(req, true),
  };
}

/** The only place a secret is revealed: straight into the Authorization header. */
function renderAuthorization(auth: KibanaAuth): string | undefined {
  if (auth.kind === "none") return undefined;
  if (auth.kind === "api-key") return `ApiKey ${reveal(auth.apiKey)}`;
  return `Basic ${Buffer.from(`${auth.username}:${reveal(auth.password)}`).toString("base64")}`;
}

function reveal(value: Secret | string): string {
  return typeof value === "string" ? value : value.reveal();
}

function createDispatcher(tls: KibanaTls | undefined): Agent | undefined {
  if (!tls || (tls.ca === undefined && tls.caFile === undefined && !tls.insecure)) return undefined;
  const ca = tls.ca ?? (tls.caFile !== undefined ? readFileSync(tls.caFile, "utf8") : undefined);
  return new Agent({ connect: { ...(ca !== undefined ? { ca } : {}), rejectUnauthorized: !tls.insecure } });
}

/** `?a=1&b=x,y`: arrays comma-joined, the form Kibana's query schemas (ArrayFromString) parse. */
export function renderQuery(query: KibanaRequest["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.append(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

/** Exponential backoff; a Retry-After in seconds (Kibana's 429s send one) wins when longer. */
export function backoffDelay(retry: number, baseMs: number, retryAfter: string | null): number {
  const exponential = baseMs * 2 ** retry;
  const after = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : 0;
  return Math.min(Math.max(exponential, after), 30_000);
}

function networkCode(err: unknown): { code?: string } {
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === "string" ? { code: cause.code } : {};
}

function describeNetworkError(err: Error): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const tls = explainTlsFailure(err, {});
  const text = cause?.code ? `${err.message} (${cause.code}${cause.message ? `: ${cause.message}` : ""})` : err.message;
  return tls !== undefined ? `${text}: ${tls}` : text;
}
