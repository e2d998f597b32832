import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type BertScorePair,
  type BertScorer,
  type BertScoreValues,
  createBertScorer,
} from "../../../src/metrics/bertscore/index.js";
import { repoRoot, sharedFixture } from "../../fixtures.js";

const modelFolder = sharedFixture("models", "tiny-bert-random");

/** Realistic pairs: every 40th row of the shared golden file (all kinds: perturbed, unicode, long, empty...). */
const goldenPairs: BertScorePair[] = readFileSync(
  sharedFixture("metrics-golden", "golden-shared.jsonl"),
  "utf8",
)
  .trim()
  .split("\n")
  .filter((_, index) => index % 40 === 0)
  .map((line) => {
    const row = JSON.parse(line) as { candidate: string; references: string[] };
    return { candidate: row.candidate, references: row.references };
  });

function assertClose(
  actual: BertScoreValues,
  expected: BertScoreValues,
  tolerance: number,
  label = "",
): void {
  for (const key of ["precision", "recall", "f1"] as const) {
    assert.ok(
      Math.abs(actual[key] - expected[key]) <= tolerance,
      `${label} ${key}: ${actual[key]} differs from ${expected[key]} by more than ${tolerance}`,
    );
  }
}

describe("BERTScore with the tiny-bert-random encoder", () => {
  let scorer: BertScorer;
  const warnings: string[] = [];
  before(async () => {
    scorer = await createBertScorer({ model: modelFolder, onWarning: (message) => warnings.push(message) });
  });
  after(async () => {
    await scorer.close();
  });

  it("gives P = R = F1 = 1 when the candidate equals the reference", async () => {
    const texts = [
      "The cat sat on the mat.",
      "Überraschung! Ça va très bien, 東京 🙂",
      goldenPairs.find((pair) => pair.candidate.length > 500)?.candidate ?? "",
    ];
    assert.ok((texts[2] as string).length > 500, "the golden file holds a long candidate");
    const { scores } = await scorer.score(texts.map((text) => ({ candidate: text, references: [text] })));
    for (const score of scores) {
      assertClose(score.first, { precision: 1, recall: 1, f1: 1 }, 1e-5);
      assertClose(score.max, { precision: 1, recall: 1, f1: 1 }, 1e-5);
    }
  });

  it("swaps precision and recall when candidate and reference swap", async () => {
    const pairs = goldenPairs.filter((pair) => pair.candidate.trim() !== "").slice(0, 10);
    const forward = await scorer.score(
      pairs.map((p) => ({ candidate: p.candidate, references: [p.references[0] as string] })),
    );
    const backward = await scorer.score(
      pairs.map((p) => ({ candidate: p.references[0] as string, references: [p.candidate] })),
    );
    forward.scores.forEach((score, index) => {
      const swapped = backward.scores[index]?.first as BertScoreValues;
      assert.ok(Math.abs(score.first.precision - swapped.recall) < 1e-9);
      assert.ok(Math.abs(score.first.recall - swapped.precision) < 1e-9);
      assert.ok(Math.abs(score.first.f1 - swapped.f1) < 1e-9);
    });
    assert.ok(
      forward.scores.some((score) => Math.abs(score.first.precision - score.first.recall) > 1e-3),
      "the check is not vacuous: some pairs have P != R",
    );
  });

  it("gives the same scores whatever the batch size, batch grouping and input order", async () => {
    const reference = await scorer.score(goldenPairs);
    const smallUnsorted = await createBertScorer({
      model: modelFolder,
      batchSize: 3,
      batchTokens: 100,
      lengthSortedBatches: false,
    });
    try {
      const reversed = [...goldenPairs].reverse();
      const other = await smallUnsorted.score(reversed);
      assert.ok(other.stats.paddedTokens !== reference.stats.paddedTokens, "the batches really differ");
      reference.scores.forEach((score, index) => {
        const same = other.scores[goldenPairs.length - 1 - index];
        assert.ok(same);
        assertClose(same.first, score.first, 1e-9, `pair ${index} first`);
        assertClose(same.max, score.max, 1e-9, `pair ${index} max`);
      });
    } finally {
      await smallUnsorted.close();
    }
  });

  it("cuts padding by batching texts of similar length", async () => {
    const unsorted = await createBertScorer({ model: modelFolder, batchSize: 8, lengthSortedBatches: false });
    const sorted = await createBertScorer({ model: modelFolder, batchSize: 8 });
    try {
      const a = await unsorted.score(goldenPairs);
      const b = await sorted.score(goldenPairs);
      assert.equal(a.stats.tokensEncoded, b.stats.tokensEncoded);
      assert.ok(b.stats.paddedTokens < a.stats.paddedTokens);
    } finally {
      await unsorted.close();
      await sorted.close();
    }
  });

  it("scores the first reference and the maximum over references, P, R and F1 each maximised", async () => {
    const candidate = "The quick brown fox jumps over the dog.";
    const references = [
      "A fox.",
      "The quick brown fox leaps over a lazy dog.",
      "Dogs sleep all day long in the sun.",
    ];
    const [combined] = (await scorer.score([{ candidate, references }])).scores;
    const single = (
      await scorer.score(references.map((reference) => ({ candidate, references: [reference] })))
    ).scores;
    assert.ok(combined);
    assertClose(combined.first, single[0]?.first as BertScoreValues, 1e-12);
    for (const key of ["precision", "recall", "f1"] as const) {
      assert.equal(combined.max[key], Math.max(...single.map((score) => score.first[key])));
    }
  });

  it("gives 0 for an empty or blank candidate or reference and warns, as bert_score does", async () => {
    warnings.length = 0;
    const { scores, stats } = await scorer.score([
      { candidate: "", references: ["Some reference text."] },
      { candidate: "  \n\t ", references: ["Some reference text."] },
      { candidate: "Some candidate text.", references: [""] },
      { candidate: "Some candidate text.", references: ["", "Some candidate text."] },
    ]);
    const zero = { precision: 0, recall: 0, f1: 0 };
    assert.deepEqual(scores[0], { first: zero, max: zero });
    assert.deepEqual(scores[1], { first: zero, max: zero });
    assert.deepEqual(scores[2], { first: zero, max: zero });
    assert.deepEqual(scores[3]?.first, zero);
    assertClose(scores[3]?.max as BertScoreValues, { precision: 1, recall: 1, f1: 1 }, 1e-5);
    assert.equal(stats.emptyComparisons, 4);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] as string, /4 candidate\/reference comparison\(s\) with an empty text/);
  });

  it("gives concurrent calls the results of sequential ones", async () => {
    const halves = [goldenPairs.slice(0, 20), goldenPairs.slice(20)];
    const concurrent = await Promise.all(halves.map((pairs) => scorer.score(pairs)));
    const sequential = [await scorer.score(halves[0] ?? []), await scorer.score(halves[1] ?? [])];
    assert.deepEqual(
      concurrent.map((batch) => batch.scores),
      sequential.map((batch) => batch.scores),
    );
  });

  it("rejects a pair without references", async () => {
    await assert.rejects(scorer.score([{ candidate: "x", references: [] }]), /pair 0 has no reference/);
  });

  it("records its full configuration with every batch", async () => {
    const batch = await scorer.score([{ candidate: "a", references: ["b"] }]);
    assert.equal(batch.config, scorer.config);
    assert.deepEqual(
      { ...batch.config, libraries: undefined },
      {
        metric: "bertscore",
        model: modelFolder,
        modelSource: "local",
        onnxFile: "onnx/model.onnx",
        // The hash published in the fixture's README.
        onnxSha256: "0f4b8cf5e1796461788324bdff112d359e04a070b2f079ac5246450540f5c0f1",
        layer: 2,
        layerOutput: "last_hidden_state",
        maxLength: 512,
        idf: false,
        rescale: null,
        libraries: undefined,
      },
    );
    const packageVersion = (name: string) =>
      (
        JSON.parse(readFileSync(path.join(repoRoot, "node_modules", name, "package.json"), "utf8")) as {
          version: string;
        }
      ).version;
    assert.deepEqual(batch.config.libraries, {
      transformersJs: packageVersion("@huggingface/transformers"),
      onnxruntimeNode: packageVersion("onnxruntime-node"),
    });
  });
});

describe("BERTScore options", () => {
  const pairs = goldenPairs.filter((pair) => pair.candidate.trim() !== "").slice(0, 12);

  it("with IDF still gives 1 for identical texts, changes other scores and says so in its configuration", async () => {
    const plain = await createBertScorer({ model: modelFolder });
    const weighted = await createBertScorer({ model: modelFolder, idf: true });
    try {
      assert.equal(weighted.config.idf, true);
      const withIdf = await weighted.score(pairs);
      const without = await plain.score(pairs);
      assert.ok(
        withIdf.scores.some(
          (score, i) => Math.abs(score.first.f1 - (without.scores[i]?.first.f1 ?? 0)) > 1e-4,
        ),
      );
      const identical = await weighted.score([
        { candidate: "the cat sat", references: ["the cat sat"] },
        { candidate: "a dog ran", references: ["a dog ran"] },
      ]);
      for (const score of identical.scores)
        assertClose(score.first, { precision: 1, recall: 1, f1: 1 }, 1e-5);
    } finally {
      await plain.close();
      await weighted.close();
    }
  });

  it("rescales with a baseline as (score - b) / (1 - b), empty pairs included", async () => {
    const baseline = { precision: 0.8, recall: 0.7, f1: 0.75 };
    const raw = await createBertScorer({ model: modelFolder });
    const rescaled = await createBertScorer({ model: modelFolder, rescale: { baseline } });
    try {
      assert.deepEqual(rescaled.config.rescale, { source: "values", baseline });
      const input = [...pairs, { candidate: "", references: ["x"] }];
      const a = await raw.score(input);
      const b = await rescaled.score(input);
      a.scores.forEach((score, index) => {
        for (const key of ["precision", "recall", "f1"] as const) {
          const expected = (score.max[key] - baseline[key]) / (1 - baseline[key]);
          assert.ok(Math.abs((b.scores[index]?.max[key] ?? Number.NaN) - expected) < 1e-12);
        }
      });
    } finally {
      await raw.close();
      await rescaled.close();
    }
  });

  it("refuses batch limits below 1", async () => {
    await assert.rejects(
      createBertScorer({ model: modelFolder, batchSize: 0 }),
      /batch size must be a positive integer/,
    );
    await assert.rejects(
      createBertScorer({ model: modelFolder, batchTokens: 0 }),
      /token budget must be a positive integer/,
    );
  });

  it("refuses to score after close", async () => {
    const scorer = await createBertScorer({ model: modelFolder });
    await scorer.close();
    await scorer.close();
    await assert.rejects(scorer.score([{ candidate: "a", references: ["a"] }]), /closed/);
  });
});
