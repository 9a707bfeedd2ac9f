import { readFileSync } from "node:fs";
import addFormats from "ajv-formats";
import $RefParser from "@apidevtools/json-schema-ref-parser";
import { OpenAPIBackend, type Request as OpenApiRequest } from "openapi-backend";
import { parse } from "yaml";

/**
 * Kibana's own OpenAPI bundles (pinned in shared/specs) loaded into
 * openapi-backend, which routes a request to its operation and validates path
 * params, query, headers and body with Ajv, and validates response bodies per
 * status. Errors come back as "requestBody.risk_score: must be integer" lines.
 */

/** Copies of shared/specs, pinned here (see specs/README.md for source commits and sha256). */
export const SPECS_DIR = new URL("./specs/", import.meta.url);
export const DETECTIONS_BUNDLE = "security_solution_detections_api_2023_10_31.bundled.schema.yaml";
export const EXCEPTIONS_BUNDLE = "security_solution_exceptions_api_2023_10_31.bundled.schema.yaml";

export interface ContractIssue {
  readonly where: string; // "requestBody.risk_score"
  readonly message: string; // "must be integer"
}

export interface MatchedOperation {
  readonly operationId: string;
  readonly api: OpenAPIBackend;
  readonly params: Readonly<Record<string, string>>;
}

export interface KibanaContract {
  readonly version: string;
  match(method: string, path: string): MatchedOperation | undefined;
  validateRequest(op: MatchedOperation, req: OpenApiRequest): ContractIssue[];
  validateResponse(op: MatchedOperation, status: number, body: unknown): ContractIssue[];
  /** Validates a JSON value as the request body of an operation (used for `_import` lines). */
  validateBodyAs(operationId: string, body: unknown): ContractIssue[];
}

/**
 * Kibana-specific string formats from the bundles. `nonempty` is enforced
 * (with minLength it guards every id); date math is checked loosely.
 */
type AjvLike = { addFormat(name: string, format: RegExp | boolean): unknown };

function customizeAjv<A extends AjvLike>(ajv: A): A {
  (addFormats as unknown as (a: A) => void)(ajv);
  ajv.addFormat("nonempty", /\S/);
  ajv.addFormat("date-math", /^now(?:[-+]\d+[smhdwMy])*(?:\/[smhdwMy])?$|^\d{4}-\d{2}-\d{2}/);
  ajv.addFormat("strict_date_optional_time", true);
  ajv.addFormat("binary", true);
  return ajv;
}

async function loadApi(file: string): Promise<OpenAPIBackend> {
  // Dereferenced up front with json-schema-ref-parser: openapi-backend's quick
  // mode resolver leaves some nested $refs (e.g. UUID) unresolved. The bundles
  // have no circular refs, so the result is a plain tree Ajv compiles.
  const dereferenced = await $RefParser.dereference(parse(readFileSync(new URL(file, SPECS_DIR), "utf8")) as never);
  // A JSON copy unshares subschemas: openapi-backend rewrites schemas in place
  // per operation, which corrupts a subschema shared by several operations.
  const definition = rewriteUntypedNullable(JSON.parse(JSON.stringify(dereferenced))) as Record<string, unknown>;
  // quick: skips openapi-backend's document check, which rejects the bundles
  // for siblings next to $ref (Kibana's generator emits them); request and
  // response schemas are still compiled and enforced.
  const api = new OpenAPIBackend({ definition: definition as never, quick: true, strict: false, validate: true, ajvOpts: { strict: false }, customizeAjv: customizeAjv as never });
  await api.init();
  return api;
}

/**
 * OpenAPI 3.0 `nullable: true` next to a `$ref` (as on RuleAction.frequency.throttle)
 * ends up without a `type` once dereferenced, which Ajv's nullable support
 * refuses to compile. Rewritten to its meaning: the schema, or null.
 */
export function rewriteUntypedNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteUntypedNullable);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = rewriteUntypedNullable(v);
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _n, description, ...rest } = out;
    return { ...(description !== undefined ? { description } : {}), anyOf: [rest, { enum: [null] }] };
  }
  return out;
}

/** Ajv errors as located, de-duplicated lines (anyOf branches repeat the same error per rule type). */
export function summarizeAjvErrors(errors: readonly { instancePath: string; message?: string; params?: unknown; keyword: string }[] | null | undefined): ContractIssue[] {
  const seen = new Set<string>();
  const out: ContractIssue[] = [];
  for (const e of errors ?? []) {
    const where = e.instancePath.replace(/^\//, "").split("/").join(".") || "(root)";
    const extra = e.keyword === "required" ? "" : e.keyword === "enum" ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})` : "";
    const message = `${e.message ?? e.keyword}${extra}`;
    const key = `${where} ${message}`;
    if (seen.has(key) || e.keyword === "anyOf" || e.keyword === "oneOf") continue;
    seen.add(key);
    out.push({ where, message });
  }
  return out;
}

export async function loadKibanaContract(): Promise<KibanaContract> {
  const apis = [await loadApi(DETECTIONS_BUNDLE), await loadApi(EXCEPTIONS_BUNDLE)];
  const byOperation = new Map<string, OpenAPIBackend>();
  for (const api of apis) for (const op of api.getOperations()) if (op.operationId) byOperation.set(op.operationId, api);
  const version = String((apis[0]?.definition as { info?: { version?: string } } | undefined)?.info?.version);
  return {
    version,
    match(method, path) {
      for (const api of apis) {
        const op = api.router.matchOperation({ method, path, headers: {} });
        if (op?.operationId) {
          const parsed = api.router.parseRequest({ method, path, headers: {} }, op);
          return { operationId: op.operationId, api, params: parsed.params as Record<string, string> };
        }
      }
      return undefined;
    },
    validateRequest(op, req) {
      const result = op.api.validateRequest(req, op.operationId);
      return summarizeAjvErrors(result.errors as never);
    },
    validateResponse(op, status, body) {
      const result = op.api.validateResponse(body, op.operationId, status);
      return summarizeAjvErrors(result.errors as never);
    },
    validateBodyAs(operationId, body) {
      const api = byOperation.get(operationId);
      const op = api?.getOperation(operationId);
      if (!api || !op) throw new Error(`unknown operation ${operationId}`);
      const result = api.validateRequest({ method: op.method, path: op.path, headers: { "content-type": "application/json" }, body: body as never }, operationId);
      return summarizeAjvErrors(result.errors as never).filter((i) => i.where.startsWith("requestBody"));
    },
  };
}

export function formatIssues(issues: readonly ContractIssue[]): string {
  return issues.map((i) => `${i.where}: ${i.message}`).join("; ");
}
