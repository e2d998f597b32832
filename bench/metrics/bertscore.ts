/**
 * BERTScore throughput on the tiny-bert-random fixture encoder: tokens per second with length-sorted batches
 * against batches in input order (the reference measured in the same run), on the golden candidate/reference pairs.
 *
 *   npx tsx bench/metrics/bertscore.ts [--pairs N] [--batch-size N] [--rounds N]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type BertScorePair, createBertScorer } from "../../src/metrics/bertscore/index.js";
import { sharedFixture } from "../../test/fixtures.js";

const { values } = parseArgs({
  options: {
    pairs: { type: "string", default: "2200" },
    "batch-size": { type: "string", default: "64" },
    rounds: { type: "string", default: "3" },
  },
});
const pairCount = Number(values.pairs);
const batchSize = Number(values["batch-size"]);
const rounds = Number(values.rounds);

const pairs: BertScorePair[] = readFileSync(sharedFixture("metrics-golden", "golden-shared.jsonl"), "utf8")
  .trim()
  .split("\n")
  .slice(0, pairCount)
  .map((line) => {
    const row = JSON.parse(line) as { candidate: string; references: string[] };
    return { candidate: row.candidate, references: row.references };
  });

const model = sharedFixture("models", "tiny-bert-random");

async function measure(lengthSortedBatches: boolean) {
  const scorer = await createBertScorer({ model, batchSize, lengthSortedBatches });
  try {
    let best = Number.POSITIVE_INFINITY;
    let batch = await scorer.score(pairs.slice(0, 50)); // warm-up
    for (let round = 0; round < rounds; round++) {
      const start = process.hrtime.bigint();
      batch = await scorer.score(pairs);
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
    }
    return {
      seconds: best,
      ...batch.stats,
      tokensPerSecond: batch.stats.tokensEncoded / best,
      scores: batch.scores,
    };
  } finally {
    await scorer.close();
  }
}

const unsorted = await measure(false);
const sorted = await measure(true);

let largestDifference = 0;
sorted.scores.forEach((score, index) => {
  const other = unsorted.scores[index];
  if (!other) return;
  for (const key of ["precision", "recall", "f1"] as const) {
    largestDifference = Math.max(largestDifference, Math.abs(score.max[key] - other.max[key]));
  }
});

const line = (label: string, run: typeof sorted) =>
  `${label.padEnd(22)} ${run.tokensPerSecond.toFixed(0).padStart(9)} tokens/s  ${run.seconds.toFixed(3)} s  ` +
  `padding ${((1 - run.tokensEncoded / run.paddedTokens) * 100).toFixed(1)}% of ${run.paddedTokens} token slots`;

console.log(
  `BERTScore, tiny-bert-random (2 layers, hidden 32), ${pairs.length} golden pairs, ` +
    `${sorted.textsEncoded} distinct texts, ${sorted.tokensEncoded} tokens, batch size ${batchSize}, best of ${rounds}`,
);
console.log(line("input-order batches", unsorted));
console.log(line("length-sorted batches", sorted));
console.log(`ratio sorted / input order: ${(sorted.tokensPerSecond / unsorted.tokensPerSecond).toFixed(2)}x`);
console.log(`largest score difference between the two: ${largestDifference.toExponential(2)}`);
