/**
 * BERTScore throughput on the tiny-bert-random fixture encoder, on the golden candidate/reference pairs: tokens per
 * second with length-sorted batches (with and without the token budget per run, and streamed 64 pairs per call as
 * `slm-eval score` does) against fixed-size batches in input order, the reference measured in the same run.
 *
 *   npx tsx bench/metrics/bertscore.ts [--pairs N] [--batch-size N] [--rounds N]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  type BertScorePair,
  type BertScorePairScore,
  createBertScorer,
} from "../../src/metrics/bertscore/index.js";
import { sharedFixture } from "../../test/fixtures.js";

const { values } = parseArgs({
  options: {
    pairs: { type: "string", default: "2200" },
    "batch-size": { type: "string", default: "64" },
    rounds: { type: "string", default: "2" },
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

interface Setup {
  label: string;
  lengthSortedBatches: boolean;
  /** Token slots per encoder run; undefined keeps the scorer's default budget. */
  batchTokens?: number;
  /** Pairs per `score` call; the score command streams 64 at a time. */
  pairsPerCall: number;
}

async function measure(setup: Setup) {
  const scorer = await createBertScorer({
    model,
    batchSize,
    batchTokens: setup.batchTokens,
    lengthSortedBatches: setup.lengthSortedBatches,
  });
  try {
    await scorer.score(pairs.slice(0, 50)); // warm-up
    let best = Number.POSITIVE_INFINITY;
    let tokens = 0;
    let slots = 0;
    let scores: BertScorePairScore[] = [];
    for (let round = 0; round < rounds; round++) {
      const start = process.hrtime.bigint();
      tokens = 0;
      slots = 0;
      scores = [];
      for (let offset = 0; offset < pairs.length; offset += setup.pairsPerCall) {
        const batch = await scorer.score(pairs.slice(offset, offset + setup.pairsPerCall));
        tokens += batch.stats.tokensEncoded;
        slots += batch.stats.paddedTokens;
        scores.push(...batch.scores);
      }
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
    }
    return { ...setup, seconds: best, tokens, slots, scores };
  } finally {
    await scorer.close();
  }
}

const NO_BUDGET = Number.MAX_SAFE_INTEGER;
const setups: Setup[] = [
  { label: "input order", lengthSortedBatches: false, batchTokens: NO_BUDGET, pairsPerCall: pairs.length },
  { label: "length-sorted", lengthSortedBatches: true, batchTokens: NO_BUDGET, pairsPerCall: pairs.length },
  { label: "sorted + token budget", lengthSortedBatches: true, pairsPerCall: pairs.length },
  { label: "same, 64 pairs a call", lengthSortedBatches: true, pairsPerCall: 64 },
];
const runs = [];
for (const setup of setups) runs.push(await measure(setup));
const reference = runs[0] as (typeof runs)[number];
// Rates count the job's tokens (its distinct texts once): calls of 64 pairs re-encode texts shared across calls.
const jobTokens = reference.tokens;

let largestDifference = 0;
for (const run of runs) {
  run.scores.forEach((score, index) => {
    const other = reference.scores[index] as BertScorePairScore;
    for (const key of ["precision", "recall", "f1"] as const) {
      largestDifference = Math.max(largestDifference, Math.abs(score.max[key] - other.max[key]));
    }
  });
}

console.log(
  `BERTScore, tiny-bert-random (2 layers, hidden 32), ${pairs.length} golden pairs, ` +
    `at most ${batchSize} texts per encoder run, best of ${rounds}; ${jobTokens} tokens in distinct texts`,
);
for (const run of runs) {
  console.log(
    `${run.label.padEnd(22)} ${(jobTokens / run.seconds).toFixed(0).padStart(8)} tokens/s  ` +
      `${(reference.seconds / run.seconds).toFixed(2).padStart(6)}x  ${run.seconds.toFixed(2)} s  ` +
      `padding ${((1 - run.tokens / run.slots) * 100).toFixed(1)}% of ${run.slots} slots`,
  );
}
console.log(`largest score difference from the input-order run: ${largestDifference.toExponential(2)}`);
