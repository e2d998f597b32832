import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EndpointPool } from "../../src/providers/endpoint-pool.js";

const pool = (now: () => number) =>
  new EndpointPool(
    [
      { baseURL: "http://a/v1", client: "a" },
      { baseURL: "http://b/v1", client: "b" },
    ],
    1000,
    8000,
    now,
  );

describe("the endpoint pool", () => {
  it("picks the endpoint with the fewest outstanding requests", () => {
    const endpoints = pool(() => 0);
    const first = endpoints.pick();
    first.outstanding++;
    const second = endpoints.pick();
    assert.notEqual(second.client, first.client);
    second.outstanding += 2;
    assert.equal(endpoints.pick().client, first.client);
  });

  it("takes a failing endpoint out for a cooldown that doubles, then tries it again", () => {
    let now = 0;
    const endpoints = pool(() => now);
    const [a, b] = endpoints.endpoints;
    assert.ok(a && b);
    endpoints.onFailure(a);
    b.outstanding = 5;
    assert.equal(endpoints.pick().client, "b");
    now = 1000;
    assert.equal(endpoints.pick().client, "a");
    endpoints.onFailure(a);
    now = 2999;
    assert.equal(endpoints.pick().client, "b");
    now = 3000;
    assert.equal(endpoints.pick().client, "a");
    endpoints.onSuccess(a);
    assert.equal(a.consecutiveFailures, 0);
  });

  it("still returns an endpoint when all are out: the one due back first", () => {
    const endpoints = pool(() => 0);
    const [a, b] = endpoints.endpoints;
    assert.ok(a && b);
    endpoints.onFailure(a);
    endpoints.onFailure(b);
    endpoints.onFailure(b);
    assert.equal(endpoints.pick().client, "a");
  });
});
