import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { Recommendation } from "../../../src/domain/recommend.js";
import { runCli } from "../../cli-process.js";
import { smallEvalArgs, temporaryStoreFile } from "../../runner/eval-fixture.js";

/** Real predictions: the tiny fixture GGUF over two SNI tasks (Answerability Classification, Coreference Resolution). */
describe("slm-eval recommend on own runs of the fixture model", () => {
  let store: string;
  before(async () => {
    store = await temporaryStoreFile();
    const evaluated = await runCli(smallEvalArgs(store));
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const scored = await runCli(["metrics", "--store", store, "--metrics", "rouge"]);
    assert.equal(scored.code, 0, scored.stderr);
  });

  it("reports measured size, latency and throughput, and falls back to the group for a one-task entity", async () => {
    const result = await runCli([
      "recommend",
      "--store",
      store,
      "--metric",
      "rougeL",
      "--task-types",
      "Coreference Resolution",
      "--json",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const recommendation = JSON.parse(result.stdout) as Recommendation;
    assert.deepEqual(recommendation.candidates.map((candidate) => candidate.style).sort(), [
      "0-def",
      "2-nodef",
    ]);
    for (const candidate of recommendation.candidates) {
      assert.equal(candidate.source, "run");
      assert.equal(candidate.provider, "llama-cpp");
      assert.ok((candidate.parameters ?? 0) > 0, "parameter count read from the GGUF");
      assert.ok((candidate.latencyMs ?? 0) > 0);
      assert.ok((candidate.tokensPerSecond ?? 0) > 0);
      assert.equal(candidate.instances, 3);
      assert.ok(candidate.score >= 0 && candidate.score <= 100);
    }
    const criterion = recommendation.criteria[0]?.criteria[0];
    assert.equal(criterion?.level, "group");
    assert.equal(criterion?.group, "Semantic and Pragmatic Analysis");
    assert.ok(
      recommendation.notes.some((note) => note.includes("too little data for Coreference Resolution")),
    );
    assert.equal(recommendation.tradeOffs[0]?.styles.length, 1);
  });
});
