import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AdaptiveConcurrency } from "../../src/providers/adaptive-concurrency.js";

describe("adaptive concurrency (AIMD)", () => {
  it("halves the limit on overload, once per burst", async () => {
    const limiter = new AdaptiveConcurrency(8);
    const generations = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire()));
    for (const generation of generations) limiter.onOverload(generation);
    assert.equal(limiter.limit, 4);
    const next = await (async () => {
      for (let i = 0; i < 8; i++) limiter.release();
      return limiter.acquire();
    })();
    limiter.onOverload(next);
    assert.equal(limiter.limit, 2);
    limiter.release();
  });

  it("never goes below one, and recovers by one per `limit` successes up to the maximum", async () => {
    const limiter = new AdaptiveConcurrency(4);
    for (let i = 0; i < 5; i++) limiter.onOverload(await limiter.acquire().finally(() => limiter.release()));
    assert.equal(limiter.limit, 1);
    limiter.onSuccess();
    assert.equal(limiter.limit, 2);
    limiter.onSuccess();
    assert.equal(limiter.limit, 2);
    limiter.onSuccess();
    assert.equal(limiter.limit, 3);
    for (let i = 0; i < 20; i++) limiter.onSuccess();
    assert.equal(limiter.limit, 4);
  });

  it("makes callers wait while the limit is reached", async () => {
    const limiter = new AdaptiveConcurrency(2);
    await limiter.acquire();
    await limiter.acquire();
    let third = false;
    const waiting = limiter.acquire().then(() => {
      third = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(third, false);
    limiter.release();
    await waiting;
    assert.equal(third, true);
    assert.equal(limiter.active, 2);
  });

  it("lets an abort end the wait", async () => {
    const limiter = new AdaptiveConcurrency(1);
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort();
    await assert.rejects(waiting);
    assert.equal(limiter.active, 1);
  });
});
