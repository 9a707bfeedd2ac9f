import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { JsonObject } from "../../src/sync/target.ts";
import { importKibanaNdjson } from "./kibana-contract-import.ts";
import { KibanaContractState, type PreviewRun } from "./kibana-contract-state.ts";
import { formatIssues, loadKibanaContract, type KibanaContract, type MatchedOperation } from "./openapi-contract.ts";
import { searchPreviewAlerts } from "./preview-alerts-stand-in.ts";

/**
 * A Kibana stand-in for contract tests: a real HTTP server on 127.0.0.1 (random
 * port) that checks every request against Kibana's pinned OpenAPI bundles
 * (path, query, headers, body), answers from in-memory state per space, and
 * validates every response body against the bundle before sending it. Anything
 * that breaks the contract is answered as Kibana would (400) and recorded in
 * `violations`, which tests assert to be empty. Faults (401/409/429/5xx) can be
 * injected per operation.
 */

export interface Fault {
  readonly operationId: string;
  readonly status: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  readonly retryAfterSeconds?: number;
  readonly message?: string;
  readonly space?: string;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly space: string;
  readonly operationId?: string;
  readonly status: number;
  /** Request headers with `authorization` removed. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface KibanaContractServerOptions {
  /** Credentials the server accepts; none means no auth check. */
  readonly basic?: { readonly username: string; readonly password: string };
  readonly apiKey?: string;
  /** The alerts a preview run produces (stands in for the rule executor). */
  readonly previewAlerts?: (run: PreviewRun) => JsonObject[];
}

export interface StartedKibanaContractServer extends AsyncDisposable {
  readonly url: string;
  readonly contract: KibanaContract;
  readonly state: KibanaContractState;
  readonly requests: RecordedRequest[];
  /** Contract violations seen (bad requests and bad responses); empty when everything conformed. */
  readonly violations: string[];
  injectFault(fault: Fault): void;
  close(): Promise<void>;
}

/**
 * Ajv compiles an operation's validators on first use; the rule schemas (an
 * anyOf of eight rule types) take a second or more each on a busy 2-core
 * machine, so contract tests get more than vitest's default 5 s.
 */
export const CONTRACT_TIMEOUT_MS = 60_000;

let cachedContract: Promise<KibanaContract> | undefined;
/** The bundles take ~0.5 s to load and compile; share them across servers in one test file. */
export function sharedKibanaContract(): Promise<KibanaContract> {
  return (cachedContract ??= loadKibanaContract());
}

const platformError = (status: number, error: string, message: string) => ({ statusCode: status, error, message });

export async function startKibanaContractServer(options: KibanaContractServerOptions = {}): Promise<StartedKibanaContractServer> {
  const contract = await sharedKibanaContract();
  const state = new KibanaContractState();
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const faults: Fault[] = [];

  function authorized(header: string | undefined): boolean {
    if (!options.basic && options.apiKey === undefined) return true;
    if (options.apiKey !== undefined && header === `ApiKey ${options.apiKey}`) return true;
    if (options.basic && header === `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString("base64")}`) return true;
    return false;
  }

  async function route(req: IncomingMessage, raw: Buffer, url: URL, space: string, apiPath: string): Promise<{ status: number; body: unknown; op?: MatchedOperation; headers?: Record<string, string> }> {
    const method = req.method ?? "GET";
    if (apiPath.startsWith("/.preview.alerts-security.alerts-")) {
      return { ...searchPreviewAlerts(state, options.previewAlerts, apiPath, raw), headers: { "x-elastic-product": "Elasticsearch" } };
    }
    if (!authorized(req.headers.authorization)) return { status: 401, body: platformError(401, "Unauthorized", "[security_exception]: unable to authenticate user") };
    const op = contract.match(method, apiPath);
    if (!op) {
      violations.push(`${method} ${apiPath}: no such operation in the bundles`);
      return { status: 404, body: platformError(404, "Not Found", "Not Found") };
    }
    if (method !== "GET" && req.headers["kbn-xsrf"] === undefined) {
      violations.push(`${op.operationId}: missing kbn-xsrf header`);
      return { status: 400, op, body: platformError(400, "Bad Request", "Request must contain a kbn-xsrf header.") };
    }
    if (req.headers["elastic-api-version"] !== contract.version) {
      violations.push(`${op.operationId}: elastic-api-version is ${String(req.headers["elastic-api-version"])}, expected ${contract.version}`);
      return { status: 400, op, body: platformError(400, "Bad Request", `Please specify a version via elastic-api-version header. Available versions: ${contract.version}`) };
    }
    const contentType = String(req.headers["content-type"] ?? "");
    let body: unknown = undefined;
    let fileText: string | undefined;
    if (contentType.startsWith("multipart/form-data")) {
      const form = await new Request("http://stand-in/", { method: "POST", headers: { "content-type": contentType }, body: new Uint8Array(raw) }).formData();
      const file = form.get("file");
      fileText = typeof file === "string" ? file : file ? await file.text() : undefined;
      body = fileText === undefined ? {} : { file: fileText };
    } else if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        body = raw.toString("utf8");
      }
    }
    const issues = contract.validateRequest(op, { method, path: apiPath + url.search, headers: req.headers as Record<string, string>, body: body as never });
    if (issues.length > 0) {
      const message = `[request]: ${formatIssues(issues)}`;
      violations.push(`${op.operationId}: ${message}`);
      return { status: 400, op, body: platformError(400, "Bad Request", message) };
    }
    const fault = faults.find((f) => f.operationId === op.operationId && (f.space === undefined || f.space === space) && (f.times ?? 1) > 0);
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { "retry-after": String(fault.retryAfterSeconds) } : {};
      const message = fault.message ?? `injected ${fault.status}`;
      const errorBody = fault.status === 401 || fault.status === 403 ? platformError(fault.status, fault.status === 401 ? "Unauthorized" : "Forbidden", message) : { message, status_code: fault.status };
      return { status: fault.status, op, body: errorBody, headers };
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    if (op.operationId === "ImportRules") return { op, ...importKibanaNdjson(contract, state.space(space), state, fileText ?? "", query) };
    const handled = state.handle({ operationId: op.operationId, space, query, params: op.params, body: (body ?? {}) as JsonObject });
    // `_export` answers with an ndjson file, not JSON.
    return { op, ...handled, ...(op.operationId === "ExportRules" && handled.status === 200 ? { headers: { "content-type": "application/ndjson" } } : {}) };
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const spaceMatch = /^\/s\/([^/]+)(\/.*)$/.exec(url.pathname);
    const space = spaceMatch ? decodeURIComponent(spaceMatch[1] ?? "default") : "default";
    const apiPath = spaceMatch ? (spaceMatch[2] ?? "/") : url.pathname;
    let result: Awaited<ReturnType<typeof route>>;
    try {
      result = await route(req, raw, url, space, apiPath);
    } catch (err) {
      violations.push(`${req.method} ${apiPath}: stand-in crashed: ${err instanceof Error ? err.stack : String(err)}`);
      result = { status: 500, body: { message: "contract server crashed", status_code: 500 } };
    }
    if (result.op) {
      const issues = contract.validateResponse(result.op, result.status, result.body);
      if (issues.length > 0) {
        violations.push(`${result.op.operationId}: response ${result.status} violates the bundle: ${formatIssues(issues)}`);
        result = { ...result, status: 500, body: { message: `contract server produced an invalid response: ${formatIssues(issues)}`, status_code: 500 } };
      }
    }
    const { authorization: _secret, ...headers } = req.headers as Record<string, string>;
    requests.push({ method: req.method ?? "GET", path: apiPath + url.search, space, status: result.status, headers, body: raw.length > 0 && !String(req.headers["content-type"]).startsWith("multipart") ? safeJson(raw) : undefined, ...(result.op ? { operationId: result.op.operationId } : {}) });
    res.writeHead(result.status, { "content-type": "application/json", ...result.headers });
    const ndjson = result.headers?.["content-type"] === "application/ndjson" && typeof result.body === "string";
    res.end(result.body === undefined ? "" : ndjson ? result.body : JSON.stringify(result.body));
  }

  const server = createServer((req, res) => void onRequest(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  return {
    url: `http://127.0.0.1:${port}`,
    contract,
    state,
    requests,
    violations,
    injectFault: (fault) => void faults.push({ ...fault }),
    close,
    [Symbol.asyncDispose]: close,
  };
}

function safeJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return raw.toString("utf8");
  }
}
