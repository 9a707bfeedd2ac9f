import { isRetryableStatus, TargetHttpError, type TargetAction } from "./http-errors.ts";

/**
 * Failures talking to Kibana as `TargetHttpError`s whose message names what we
 * were doing (action, rule id, location) and quotes Kibana's own message.
 * Built from the request context only, never from request headers, so
 * credentials cannot leak through an error.
 */

export type KibanaFailure =
  | { readonly kind: "status"; readonly status: number; readonly body: string; readonly retryAfter: string | null }
  | { readonly kind: "network"; readonly message: string; readonly code?: string; readonly cause: unknown };

export interface KibanaRequestContext {
  readonly location: string;
  readonly method: string;
  readonly path: string;
  readonly action: TargetAction;
  /** "rule psexec-service-install", "exception list x--exceptions". */
  readonly subject: string;
  readonly ruleId?: string;
  readonly attempts: number;
}

/** 429 (throttled) and 5xx are transient; so are dropped connections. */
export function isKibanaRetryable(failure: KibanaFailure): boolean {
  return failure.kind === "network" || isRetryableStatus(failure.status);
}

/** Kibana's error text from `{statusCode, error, message}` or `{status_code, message}`; raw text otherwise. */
export function extractKibanaMessage(body: string): string | undefined {
  if (body.trim() === "") return undefined;
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: unknown };
    if (typeof parsed.message === "string") return parsed.message;
    if (typeof parsed.error === "string") return parsed.error;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.length > 500 ? `${body.slice(0, 500)}...` : body;
}

export function createKibanaHttpError(failure: KibanaFailure, ctx: KibanaRequestContext): TargetHttpError {
  const tries = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : "";
  const head = `${ctx.action} ${ctx.subject} on ${ctx.location} failed${tries}: ${ctx.method} ${ctx.path}`;
  const ruleId = ctx.ruleId !== undefined ? { ruleId: ctx.ruleId } : {};
  if (failure.kind === "network") {
    return new TargetHttpError({
      status: 0,
      action: ctx.action,
      message: `${head}: ${failure.message}`,
      ...ruleId,
      ...(failure.code !== undefined ? { code: failure.code } : {}),
      cause: failure.cause,
    });
  }
  const remote = extractKibanaMessage(failure.body);
  const retryAfter = failure.retryAfter !== null && /^\d+$/.test(failure.retryAfter) ? { retryAfterSeconds: Number(failure.retryAfter) } : {};
  return new TargetHttpError({
    status: failure.status,
    action: ctx.action,
    message: `${head} returned HTTP ${failure.status}${remote !== undefined ? `: "${remote}"` : ""}`,
    ...ruleId,
    ...retryAfter,
  });
}
