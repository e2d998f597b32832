import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiKeys, bearerToken } from "../../src/serve/api-keys.js";

describe("ApiKeys", () => {
  it("identifies accepted keys by position, never by content", () => {
    const keys = new ApiKeys(["first-secret", "second-secret"]);
    assert.equal(keys.enabled, true);
    assert.equal(keys.identify("second-secret"), "key-2");
    assert.equal(keys.identify("first-secret"), "key-1");
  });

  it("rejects wrong keys, prefixes and extensions of accepted ones", () => {
    const keys = new ApiKeys(["secret"]);
    for (const wrong of ["", "secre", "secret2", "SECRET"]) assert.equal(keys.identify(wrong), undefined);
  });

  it("is disabled without keys", () => {
    assert.equal(new ApiKeys([]).enabled, false);
    assert.equal(new ApiKeys([""]).enabled, false);
  });

  it("reads the token of a Bearer authorization header", () => {
    assert.equal(bearerToken("Bearer abc"), "abc");
    assert.equal(bearerToken("bearer  abc "), "abc");
    assert.equal(bearerToken("Basic abc"), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });
});
