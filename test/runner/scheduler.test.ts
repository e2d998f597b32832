import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { GenerationRequest, GenerationResult, Provider } from "../../src/domain/index.js";
import { generateBounded } from "../../src/runner/scheduler.js";

/** A backend that answers after a short pause and records how many requests it holds at once. */
class CountingBackend implements Provider {
  readonly info = { spec: "test:counting", label: "counting", kind: "pretrained" as const };
  inFlight = 0;
  maxInFlight = 0;
  started = 0;

  async *generate(requests: GenerationRequest[], signal?: AbortSignal): AsyncIterable<GenerationResult> {
    for (const request of requests) {
      this.started++;
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      await sleep(5);
      this.inFlight--;
      if (request.id === "boom") throw new Error("backend crashed");
      yield {
        id: request.id,
        text: signal?.aborted ? "" : `out ${request.id}`,
        promptTokens: 1,
        completionTokens: 1,
        latencyMs: 5,
        finishReason: "stop",
      };
    }
  }

  async close(): Promise<void> {}
}

function requests(ids: string[]): GenerationRequest[] {
  return ids.map((id) => ({
    id,
    prompt: { mode: "completion", text: id },
    decoding: { maxNewTokens: 1, temperature: 0 },
  }));
}

describe("bounded scheduler", () => {
  it("keeps at most `concurrency` requests in flight and yields every result", async () => {
    const backend = new CountingBackend();
    const ids = Array.from({ length: 20 }, (_, i) => String(i));
    const results: string[] = [];
    for await (const result of generateBounded(backend, requests(ids), 3)) results.push(result.id);
    assert.equal(backend.maxInFlight, 3);
    assert.deepEqual([...results].sort(), [...ids].sort());
  });

  it("turns a backend that throws into an error result for that request only", async () => {
    const results: GenerationResult[] = [];
    for await (const result of generateBounded(new CountingBackend(), requests(["a", "boom", "b"]), 2)) {
      results.push(result);
    }
    const failed = results.find((r) => r.id === "boom");
    assert.equal(failed?.finishReason, "error");
    assert.match(failed?.error ?? "", /backend crashed/);
    assert.equal(results.filter((r) => r.finishReason === "stop").length, 2);
  });

  it("starts no new request once aborted", async () => {
    const backend = new CountingBackend();
    const controller = new AbortController();
    let seen = 0;
    for await (const _ of generateBounded(
      backend,
      requests(["1", "2", "3", "4", "5", "6"]),
      2,
      controller.signal,
    )) {
      seen++;
      if (seen === 1) controller.abort();
    }
    assert.ok(backend.started <= 3, `started ${backend.started} of 6`);
  });
});
