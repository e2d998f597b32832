import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import type { Recommendation } from "../../../src/domain/recommend.js";
import { runCli } from "../../cli-process.js";
import { sharedFixture } from "../../fixtures.js";

describe("slm-eval recommend (CLI) on the paper's imported tables", () => {
  let store: string;
  before(async () => {
    store = path.join(await mkdtemp(path.join(tmpdir(), "recommend-cli-")), "paper.duckdb");
    const imported = await runCli(["import-reference", sharedFixture("paper-results"), "--store", store]);
    assert.equal(imported.code, 0, imported.stderr);
  });

  it("ranks published (model, style) pairs under a size and prompt budget, saying what the tables lack", async () => {
    const result = await runCli([
      "recommend",
      "--store",
      store,
      "--task-types",
      "Textual Entailment",
      "--max-params",
      "3B",
      "--styles",
      "0-shot-only",
      "--json",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const recommendation = JSON.parse(result.stdout) as Recommendation;
    assert.ok(recommendation.candidates.length > 0);
    for (const candidate of recommendation.candidates) {
      assert.equal(candidate.source, "reference");
      assert.ok(candidate.style.startsWith("0-"));
      assert.ok((candidate.parameters ?? Number.POSITIVE_INFINITY) <= 3e9);
      assert.equal(candidate.interval, undefined);
    }
    const scores = recommendation.candidates.map((candidate) => candidate.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
    assert.ok(recommendation.excluded.some((entry) => entry.model === "Mistral-7B-I"));
    assert.ok(recommendation.notes.some((note) => /no confidence intervals, latency/.test(note)));
  });

  it("prints a table with the per-model trade-off of each allowed style", async () => {
    const table = await runCli(["recommend", "--store", store, "--domains", "News", "--top", "3"]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /rank\s+model\s+style\s+score\s+95% CI/);
    assert.match(table.stdout, /you lose \d+\.\d points (without|with)/);
  });

  it("rejects unknown entities and metrics with exit 2, naming what is valid", async () => {
    const entity = await runCli(["recommend", "--store", store, "--reasoning", "Comonsense Reasoning"]);
    assert.equal(entity.code, 2);
    assert.match(
      entity.stderr,
      /unknown entity or group "Comonsense Reasoning"; closest: "Commonsense Reasoning"/,
    );
    const metric = await runCli(["recommend", "--store", store, "--metric", "bleu"]);
    assert.equal(metric.code, 2);
    assert.match(metric.stderr, /unknown metric "bleu".*valid: bert_score_recall/);
  });
});
