import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SamplerGarbage, samplerBytes, samplerGarbage } from "../../src/providers/sampler-garbage.js";

describe("SamplerGarbage", () => {
  it("forces a collection each time the native bytes awaiting collection reach the budget", () => {
    let collections = 0;
    const garbage = new SamplerGarbage(() => collections++, 1000);
    for (let i = 0; i < 3; i++) garbage.generated(400);
    assert.equal(collections, 1, "1200 bytes passed the budget once");
    for (let i = 0; i < 4; i++) garbage.generated(400);
    assert.equal(collections, 2, "the count restarts after a collection");
  });

  it("does not collect below the budget", () => {
    let collections = 0;
    const garbage = new SamplerGarbage(() => collections++, 1000);
    garbage.generated(999);
    assert.equal(collections, 0);
  });

  it("counts llama.cpp's 12-byte candidate entry per vocabulary token", () => {
    assert.equal(samplerBytes(32_000), 384_000);
  });

  it("gets a working full garbage collection in a process started without --expose-gc", async () => {
    assert.equal(
      typeof (globalThis as { gc?: unknown }).gc,
      "undefined",
      "run this test without --expose-gc",
    );
    const garbage = samplerGarbage();
    assert.equal(samplerGarbage(), garbage, "one tracker per process");
    const unreachable = new WeakRef({ payload: new Array(1000).fill(0) });
    // A WeakRef keeps its target alive until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    garbage.generated(Number.MAX_SAFE_INTEGER);
    assert.equal(unreachable.deref(), undefined, "the forced full GC collected the unreachable object");
  });
});
