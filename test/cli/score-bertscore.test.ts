import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../cli-process.js";
import { sharedFixture } from "../fixtures.js";

const modelFolder = sharedFixture("models", "tiny-bert-random");
const BERT_KEYS = ["bert_score_precision", "bert_score_recall", "bert_score_f1"];

describe("slm-eval score --metrics bertscore", () => {
  let dir: string;
  let pairsFile: string;
  const rows = [
    { id: "same", candidate: "The cat sat on the mat.", references: ["The cat sat on the mat."] },
    {
      id: "two-refs",
      candidate: "A dog barked.",
      references: ["The dog was quiet.", "A dog barked loudly."],
    },
    { id: "empty", candidate: "", references: ["Something."] },
  ];

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "slm-score-bertscore-"));
    pairsFile = path.join(dir, "pairs.jsonl");
    writeFileSync(pairsFile, `${rows.map((row) => JSON.stringify(row)).join("\n")}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("adds P, R and F1 against the first reference and their maxima, with the configuration in --json", async () => {
    const out = path.join(dir, "scores.jsonl");
    const result = await runCli([
      "score",
      "--in",
      pairsFile,
      "--out",
      out,
      "--metrics",
      "bleu,bertscore",
      "--bertscore-model",
      modelFolder,
      "--json",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const scored = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      scored.map((row) => row.id),
      rows.map((row) => row.id),
    );
    for (const row of scored) {
      assert.equal(typeof row.bleu, "number");
      for (const key of BERT_KEYS) {
        assert.equal(typeof row[key], "number", `${row.id} ${key}`);
        assert.ok((row[`${key}_max`] as number) >= (row[key] as number), `${row.id} ${key}_max`);
      }
    }
    for (const key of BERT_KEYS) {
      assert.ok(Math.abs((scored[0]?.[key] as number) - 1) < 1e-5, `identical pair ${key}`);
      assert.equal(scored[2]?.[key], 0, `empty candidate ${key}`);
    }
    assert.match(result.stderr, /empty text/);
    const summary = JSON.parse(result.stdout) as {
      keys: string[];
      configs: Record<string, { parameters: Record<string, unknown>; references: string }>;
    };
    assert.ok(summary.keys.includes("bert_score_recall_max"));
    const recall = summary.configs.bert_score_recall;
    assert.equal(recall?.references, "first");
    assert.equal(
      recall?.parameters.onnx_sha256,
      "0f4b8cf5e1796461788324bdff112d359e04a070b2f079ac5246450540f5c0f1",
    );
    assert.equal(recall?.parameters.layer, 2);
  });

  it("requires --bertscore-model with exit code 2", async () => {
    const out = path.join(dir, "no-model.jsonl");
    const result = await runCli(["score", "--in", pairsFile, "--out", out, "--metrics", "bertscore"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--bertscore-model: required with --metrics bertscore/);
    assert.equal(existsSync(out), false);
  });

  it("names a missing model folder with exit code 2", async () => {
    const out = path.join(dir, "missing-model.jsonl");
    const missing = path.join(dir, "no-such-model");
    const result = await runCli([
      "score",
      "--in",
      pairsFile,
      "--out",
      out,
      "--metrics",
      "bertscore",
      "--bertscore-model",
      missing,
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--bertscore-model: BERTScore model folder not found: .*no-such-model/);
    assert.equal(existsSync(out), false);
  });

  it("explains the option and its output fields in --help", async () => {
    const result = await runCli(["score", "--help"]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /--bertscore-model <id-or-dir>/);
    assert.match(result.stdout, /bert_score_precision, bert_score_recall, bert_score_f1/);
  });
});
