import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";

export interface BackoffOptions {
  /** First retry waits up to this long (default 500 ms). */
  baseMs: number;
  /** No single wait is longer, except when the server asks for more with Retry-After (default 30 s). */
  maxMs: number;
  /** Retry-After values beyond this are capped (default 5 min). */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000, maxRetryAfterMs: 300_000 };

/** How one failed attempt is handled. */
export interface FailureClass {
  /** Worth another attempt: 408, 409, 429, 5xx, timeouts, connection errors. */
  retryable: boolean;
  /** The server signals overload (429, 503, or a Retry-After): cut concurrency. */
  overload: boolean;
  /** The endpoint itself looks broken (5xx, timeout, connection error): take it out for a while. */
  endpointFault: boolean;
  /** The prompt does not fit the model's context (a 400 saying so): recorded as `context_overflow`. */
  contextOverflow: boolean;
  /** Wait the server asked for, from `retry-after-ms` or `Retry-After` (seconds or HTTP date). */
  retryAfterMs?: number;
  /** Short description for the result's error, without secrets. */
  message: string;
}

const CONTEXT_OVERFLOW =
  /context length|context window|maximum context|too many tokens|prompt is too long|exceeds the (?:model'?s? )?(?:context|maximum)/i;

export function classifyFailure(error: unknown, now = Date.now()): FailureClass {
  if (error instanceof APIConnectionTimeoutError) {
    return {
      retryable: true,
      overload: false,
      endpointFault: true,
      contextOverflow: false,
      message: "request timed out",
    };
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return {
      retryable: true,
      overload: false,
      endpointFault: true,
      contextOverflow: false,
      message: `connection error${cause}`,
    };
  }
  if (error instanceof APIError && error.status !== undefined) {
    const status = error.status;
    const retryAfterMs = retryAfterFrom(error.headers, now);
    // The SDK's message already starts with the status code.
    const message = `HTTP ${error.message}`;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    return {
      retryable,
      overload: status === 429 || status === 503 || (retryable && retryAfterMs !== undefined),
      endpointFault: status >= 500 && status !== 503,
      contextOverflow: status === 400 && CONTEXT_OVERFLOW.test(error.message),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      message,
    };
  }
  return {
    retryable: false,
    overload: false,
    endpointFault: false,
    contextOverflow: false,
    message: error instanceof Error ? error.message : String(error),
  };
}

/** `retry-after-ms` (OpenAI's, milliseconds) or `Retry-After` (seconds, or an HTTP date). */
export function retryAfterFrom(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Wait before retry number `retry` (1-based): "full jitter" exponential backoff, a uniform draw in
 * [0, min(maxMs, baseMs · 2^(retry-1))], but never less than what the server asked for (capped).
 */
export function backoffDelay(
  retry: number,
  options: BackoffOptions,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  const jittered = random() * ceiling;
  return retryAfterMs === undefined
    ? jittered
    : Math.max(jittered, Math.min(retryAfterMs, options.maxRetryAfterMs));
}

/** Whether the response's rate-limit headers say the quota is used up (OpenAI and many proxies send them). */
export function rateLimitExhausted(headers: Headers | undefined): boolean {
  for (const name of [
    "x-ratelimit-remaining-requests",
    "x-ratelimit-remaining-tokens",
    "ratelimit-remaining",
  ]) {
    const value = headers?.get(name);
    if (value !== null && value !== undefined && Number(value) === 0) return true;
  }
  return false;
}
