/**
 * The one error type both target adapters throw for a failed HTTP exchange, and
 * the one place that decides whether a failure is worth retrying. apply.ts
 * retries only what `isRetryable` accepts, so adapters must wrap their errors in
 * `TargetHttpError` (or let connection errors through untouched: their `code`
 * is inspected too).
 */

/** What the adapter was doing when the call failed (shown in the per-rule error report). */
export type TargetAction = "read" | "create" | "update" | "delete" | "enable" | "disable" | "export" | (string & {});

export interface TargetHttpErrorInit {
  /** HTTP status; 0 when no response arrived (connection refused/reset, timeout). */
  readonly status: number;
  readonly action: TargetAction;
  readonly message: string;
  readonly ruleId?: string;
  /** Node's error code for connection failures (ECONNRESET, ...), if known. */
  readonly code?: string;
  /** Seconds from a Retry-After header, if the server sent one. */
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

export class TargetHttpError extends Error {
  readonly status: number;
  readonly action: TargetAction;
  readonly ruleId?: string;
  readonly code?: string;
  readonly retryAfterSeconds?: number;

  constructor(init: TargetHttpErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "TargetHttpError";
    this.status = init.status;
    this.action = init.action;
    if (init.ruleId !== undefined) this.ruleId = init.ruleId;
    if (init.code !== undefined) this.code = init.code;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export function isTargetHttpError(err: unknown): err is TargetHttpError {
  return err instanceof TargetHttpError;
}

// Node (net, undici, http) reports dropped or refused connections through these
// codes; they say nothing about the request itself, so a retry may succeed.
const RETRYABLE_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);

const RETRYABLE_MESSAGES = /socket hang up|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|timed? ?out|other side closed|fetch failed|terminated/i;

/** True for a status worth retrying: 429 (throttled), 408, and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status <= 599);
}

function readCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Whether retrying the same call could succeed: throttling (429), server errors
 * (5xx), dropped/refused connections and timeouts. 4xx other than 408/429 are a
 * problem with the request and are never retried. Looks through `cause` chains
 * because fetch() wraps the socket error ("fetch failed" -> ECONNRESET).
 */
export function isRetryable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (e instanceof TargetHttpError) {
      // status 0 means no response arrived at all: a connection-level failure.
      return e.status === 0 ? true : isRetryableStatus(e.status);
    }
    if (typeof e === "object") {
      const status = (e as { statusCode?: unknown; status?: unknown }).statusCode ?? (e as { status?: unknown }).status;
      if (typeof status === "number" && status > 0) return isRetryableStatus(status);
    }
    const code = readCode(e);
    if (code !== undefined && RETRYABLE_CODES.has(code)) return true;
    if (e instanceof Error && (e.name === "AbortError" || e.name === "TimeoutError")) return true;
    if (e instanceof Error && RETRYABLE_MESSAGES.test(e.message)) return true;
    e = typeof e === "object" ? (e as { cause?: unknown }).cause : undefined;
  }
  return false;
}

/** Server-requested delay before a retry, in ms, if the error carries one. */
export function readRetryAfterMs(err: unknown): number | undefined {
  if (err instanceof TargetHttpError && err.retryAfterSeconds !== undefined) return err.retryAfterSeconds * 1000;
  return undefined;
}
