import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RoutingTable } from "../../src/domain/serve.js";
import { StaticRouter } from "../../src/serve/static-router.js";

const table: RoutingTable = {
  routes: [
    { name: "qa", aspect: "task_type", entity: "Answerability Classification", models: ["a", "b"] },
    { name: "commonsense", aspect: "reasoning", entity: "Commonsense Reasoning", models: ["b"] },
  ],
  fallback: { models: ["c"] },
};

describe("StaticRouter", () => {
  const router = new StaticRouter(table);

  it("picks the first route, in table order, whose aspect and entity the request names", () => {
    const decision = router.decide({
      reasoning: "Commonsense Reasoning",
      task_type: "Answerability Classification",
    });
    assert.deepEqual(decision, {
      route: "qa",
      models: ["a", "b"],
      reason: "task_type=Answerability Classification",
      prompt: undefined,
    });
  });

  it("matches entities case-insensitively and by the first part of a hierarchical path", () => {
    assert.equal(router.decide({ reasoning: "commonsense reasoning -> Physical" })?.route, "commonsense");
  });

  it("falls back when nothing matches, and says what was asked", () => {
    assert.deepEqual(router.decide({ domain: "Law" }), {
      route: "fallback",
      models: ["c"],
      reason: "no route for domain=Law",
      prompt: undefined,
    });
    assert.equal(router.decide({})?.reason, "no aspects named");
  });

  it("routes nothing without a fallback", () => {
    assert.equal(new StaticRouter({ routes: [] }).decide({ domain: "Law" }), undefined);
  });
});
