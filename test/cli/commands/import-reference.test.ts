import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { assertSameComparison, PAPER_MODEL_SETS } from "../../analysis/paper-comparison-check.js";
import { runCli } from "../../cli-process.js";
import { sharedFixture } from "../../fixtures.js";

const paperResults = sharedFixture("paper-results");
const paperMetricDir = sharedFixture("paper-results", "paper_results", "bert_score_recall");

describe("slm-eval import-reference, then analyze", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "import-reference-"));
  const store = path.join(dir, "results.duckdb");
  const out = path.join(dir, "tables");

  before(async () => {
    const imported = await runCli(["import-reference", paperResults, "--store", store, "--json"]);
    assert.equal(imported.code, 0, imported.stderr);
    const summary = JSON.parse(imported.stdout);
    assert.equal(summary.tables, 33, "30 prompt-style tables and 3 large-model comparisons");
    const kinds = Object.fromEntries(
      summary.models.map((m: { model: string; kind: string }) => [m.model, m.kind]),
    );
    assert.equal(kinds["Gemma-2B"], "pretrained");
    assert.equal(kinds["Gemma-2B-I"], "instruction-tuned");
    assert.equal(kinds["GPT-4o"], "instruction-tuned");
    assert.deepEqual(summary.metrics, ["bert_score_recall"]);
    // The paper's comparisons cover its ten small models; the imported large models (GPT-4o, …) stay out.
    const small = [...PAPER_MODEL_SETS.pt, ...PAPER_MODEL_SETS.it].join(",");
    const analyzed = await runCli(["analyze", "--store", store, "--models", small, "--out", out]);
    assert.equal(analyzed.code, 0, analyzed.stderr);
  });

  for (const aspect of ["categories", "domains", "reasoning"]) {
    for (const set of ["pt", "it"]) {
      it(`reproduces the paper's comparison_across_${aspect}/results_${set}_models.csv from the prompt-style tables alone`, () => {
        const relative = path.join(
          "aspect_level_lm_analysis",
          `comparison_across_${aspect}`,
          `results_${set}_models.csv`,
        );
        assertSameComparison(
          path.join(out, "aggregated_results", "bert_score_recall", relative),
          path.join(paperMetricDir, relative),
        );
      });
    }
  }

  it("rejects a folder that does not exist (exit 2)", async () => {
    const result = await runCli(["import-reference", path.join(dir, "missing"), "--store", store]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /reference folder not found/);
  });

  it("rejects a folder without tables (exit 2)", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "import-reference-empty-"));
    const result = await runCli(["import-reference", empty, "--store", path.join(empty, "other.duckdb")]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no prompt-style tables found/);
  });

  it("names the valid metrics when given an unknown one (exit 2)", async () => {
    const metric = await runCli(["analyze", "--store", store, "--metric", "rougeL"]);
    assert.equal(metric.code, 2);
    assert.match(metric.stderr, /unknown metric "rougeL".*valid: bert_score_recall/);
  });

  it("refuses a store that does not exist, saying how to create one (exit 2)", async () => {
    const result = await runCli(["analyze", "--store", path.join(dir, "absent.duckdb")]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /results store not found/);
  });
});
