import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import {
  backoffDelay,
  classifyFailure,
  DEFAULT_BACKOFF,
  rateLimitExhausted,
  retryAfterFrom,
} from "../../src/providers/retry-policy.js";

const apiError = (status: number, message: string, headers: Record<string, string> = {}) =>
  APIError.generate(status, { message }, message, new Headers(headers));

describe("the retry policy", () => {
  it("retries 429, 408, 409 and 5xx, timeouts and connection errors; not other 4xx", () => {
    for (const status of [408, 409, 429, 500, 502, 503, 504])
      assert.equal(classifyFailure(apiError(status, "x")).retryable, true, `${status}`);
    for (const status of [400, 401, 403, 404, 422])
      assert.equal(classifyFailure(apiError(status, "x")).retryable, false, `${status}`);
    assert.equal(classifyFailure(new APIConnectionTimeoutError()).retryable, true);
    assert.equal(classifyFailure(new APIConnectionError({ message: "reset" })).retryable, true);
    assert.equal(classifyFailure(new Error("bug")).retryable, false);
  });

  it("reads overload from 429 and 503, and endpoint faults from other 5xx and connection failures", () => {
    assert.equal(classifyFailure(apiError(429, "slow down")).overload, true);
    assert.equal(classifyFailure(apiError(503, "busy")).overload, true);
    assert.equal(classifyFailure(apiError(500, "bug")).overload, false);
    assert.equal(classifyFailure(apiError(500, "bug", { "retry-after": "2" })).overload, true);
    assert.equal(classifyFailure(apiError(500, "bug")).endpointFault, true);
    assert.equal(classifyFailure(apiError(429, "slow")).endpointFault, false);
    assert.equal(classifyFailure(new APIConnectionTimeoutError()).endpointFault, true);
  });

  it("recognises context-length 400s as context overflow", () => {
    assert.equal(
      classifyFailure(apiError(400, "This model's maximum context length is 4096 tokens")).contextOverflow,
      true,
    );
    assert.equal(classifyFailure(apiError(400, "invalid temperature")).contextOverflow, false);
  });

  it("parses Retry-After in seconds, as an HTTP date, and retry-after-ms", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    assert.equal(retryAfterFrom(new Headers({ "retry-after": "3" })), 3000);
    assert.equal(retryAfterFrom(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now), 5000);
    assert.equal(retryAfterFrom(new Headers({ "retry-after-ms": "250", "retry-after": "9" })), 250);
    assert.equal(retryAfterFrom(new Headers({ "retry-after": "soon" })), undefined);
    assert.equal(retryAfterFrom(undefined), undefined);
    assert.equal(classifyFailure(apiError(429, "x", { "retry-after": "1" })).retryAfterMs, 1000);
  });

  it("backs off exponentially with full jitter, capped, but never below Retry-After", () => {
    const options = { ...DEFAULT_BACKOFF, baseMs: 100, maxMs: 1000 };
    assert.equal(backoffDelay(1, options, undefined, () => 0.999999) < 100, true);
    assert.equal(Math.round(backoffDelay(3, options, undefined, () => 1)), 400);
    assert.equal(
      backoffDelay(10, options, undefined, () => 1),
      1000,
    );
    assert.equal(
      backoffDelay(1, options, undefined, () => 0),
      0,
    );
    assert.equal(
      backoffDelay(1, options, 5000, () => 0.5),
      5000,
    );
    assert.equal(
      backoffDelay(1, { ...options, maxRetryAfterMs: 2000 }, 60_000, () => 0.5),
      2000,
    );
  });

  it("notices exhausted rate-limit headers", () => {
    assert.equal(rateLimitExhausted(new Headers({ "x-ratelimit-remaining-requests": "0" })), true);
    assert.equal(rateLimitExhausted(new Headers({ "x-ratelimit-remaining-requests": "12" })), false);
    assert.equal(rateLimitExhausted(new Headers()), false);
  });
});
