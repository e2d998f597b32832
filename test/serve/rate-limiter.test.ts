import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RateLimiter } from "../../src/serve/rate-limiter.js";

describe("RateLimiter", () => {
  it("allows a burst, then refuses with the seconds until the next token, per client", () => {
    let now = 0;
    const limiter = new RateLimiter({ requestsPerMinute: 60, burst: 2 }, () => now);
    assert.deepEqual(limiter.take("a"), { allowed: true });
    assert.deepEqual(limiter.take("a"), { allowed: true });
    assert.deepEqual(limiter.take("a"), { allowed: false, retryAfterSeconds: 1 });
    assert.deepEqual(limiter.take("b"), { allowed: true });
    now = 1000;
    assert.deepEqual(limiter.take("a"), { allowed: true });
    assert.equal(limiter.take("a").allowed, false);
  });

  it("refills no further than the burst", () => {
    let now = 0;
    const limiter = new RateLimiter({ requestsPerMinute: 6, burst: 1 }, () => now);
    assert.equal(limiter.take("a").allowed, true);
    assert.deepEqual(limiter.take("a"), { allowed: false, retryAfterSeconds: 10 });
    now = 3_600_000;
    assert.equal(limiter.take("a").allowed, true);
    assert.equal(limiter.take("a").allowed, false);
  });

  it("forgets idle clients once it tracks very many, and still limits the busy ones", () => {
    let now = 0;
    const limiter = new RateLimiter({ requestsPerMinute: 60, burst: 1 }, () => now);
    assert.equal(limiter.take("busy").allowed, true);
    for (let i = 0; i < 9_999; i++) limiter.take(`idle-${i}`);
    assert.equal(limiter.trackedClients, 10_000);
    now = 500;
    // Half a second on, no bucket has refilled: nothing is forgotten and "busy" is still limited.
    assert.equal(limiter.take("busy").allowed, false);
    assert.equal(limiter.trackedClients, 10_000);
    now = 2000;
    assert.equal(limiter.take("new").allowed, true);
    assert.equal(limiter.trackedClients, 1);
    assert.equal(limiter.take("new").allowed, false);
  });
});
