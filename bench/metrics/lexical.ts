/**
 * Pairs per second of each lexical metric on the golden pairs repeated to at least 30,000 pairs, on one thread and
 * with 2 worker threads, next to the Python reference figures (NLTK 3.8 / rouge_score) from
 * ../shared/fixtures/metrics-golden/python-speed.txt, as ratios.
 *
 * Like the Python measurement: first reference only, tokenization included, best of 3 runs, the one-off WordNet load
 * excluded (a warm-up pass over the pairs runs first; its time is printed too).
 *
 * Run: npx tsx bench/metrics/lexical.ts [--runs 3] [--min-pairs 30000]
 */
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { LexicalMetricName } from "../../src/domain/metric.js";
import { bleuFromTokens } from "../../src/metrics/bleu.js";
import { exactMatch } from "../../src/metrics/exact-match.js";
import { type ScoringPair, scoreLexicalBatch } from "../../src/metrics/lexical.js";
import { LexicalWorkerPool } from "../../src/metrics/lexical-pool.js";
import { meteorFromTokens } from "../../src/metrics/meteor.js";
import {
  rougeLFromTokens,
  rougeNFromTokens,
  rougeScoresFromTokens,
  rougeTokenize,
} from "../../src/metrics/rouge.js";
import { treebankTokenize } from "../../src/metrics/treebank-tokenizer.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const RUNS = option("--runs", 3);
const MIN_PAIRS = option("--min-pairs", 30_000);

const fixtures =
  process.env.SLM_EVAL_FIXTURES ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "shared", "fixtures");
const golden = readFileSync(path.join(fixtures, "metrics-golden", "golden-shared.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line !== "")
  .map((line) => {
    const row = JSON.parse(line) as ScoringPair;
    return { candidate: row.candidate, references: row.references };
  });
const pairs: ScoringPair[] = [];
while (pairs.length < MIN_PAIRS) pairs.push(...golden);

/** Python pairs/s per metric name in python-speed.txt. */
function pythonFigures(): Map<string, number> {
  const text = readFileSync(path.join(fixtures, "metrics-golden", "python-speed.txt"), "utf8");
  const figures = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = /^(\S+(?: \(one RougeScorer for all three\))?)\s+([\d.]+)\s+([\d.]+)\s/.exec(line);
    if (match) figures.set((match[1] as string).split(" ")[0] as string, Number(match[3]));
  }
  return figures;
}

const first = (pair: ScoringPair) => pair.references[0] as string;

/** Single-reference scoring functions as the Python reference timed them. */
const FIRST_REFERENCE: Record<string, (pair: ScoringPair) => number> = {
  bleu: (pair) => bleuFromTokens(treebankTokenize(pair.candidate), treebankTokenize(first(pair))),
  rouge1: (pair) => rougeNFromTokens(rougeTokenize(pair.candidate), rougeTokenize(first(pair)), 1).fmeasure,
  rouge2: (pair) => rougeNFromTokens(rougeTokenize(pair.candidate), rougeTokenize(first(pair)), 2).fmeasure,
  rougeL: (pair) => rougeLFromTokens(rougeTokenize(pair.candidate), rougeTokenize(first(pair))).fmeasure,
  "rouge1+rouge2+rougeL": (pair) =>
    rougeScoresFromTokens(rougeTokenize(pair.candidate), rougeTokenize(first(pair))).rougeL.fmeasure,
  meteor: (pair) => meteorFromTokens(treebankTokenize(pair.candidate), treebankTokenize(first(pair))),
  exact_match: (pair) => exactMatch(pair.candidate, first(pair)),
};

function timeSeconds(work: () => void): number {
  const start = performance.now();
  work();
  return (performance.now() - start) / 1000;
}

/** Wall-clock and CPU seconds of this process (CPU time is less distorted when other processes compete). */
function timeWallAndCpu(work: () => void): { wall: number; cpu: number } {
  const cpuStart = process.cpuUsage();
  const wall = timeSeconds(work);
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

async function timeSecondsAsync(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

const fmt = (value: number, width: number, digits = 0) => value.toFixed(digits).padStart(width);

const warmup = timeSeconds(() => scoreLexicalBatch(golden));
console.log(
  `pairs: ${pairs.length} (${golden.length} golden pairs repeated), best of ${RUNS} runs; load average at start: ${loadavg()
    .map((load) => load.toFixed(1))
    .join(" ")} on ${availableParallelism()} CPUs`,
);
console.log(
  `warm-up (one pass over the ${golden.length} golden pairs, all metrics, all references, WordNet load included): ${warmup.toFixed(2)} s\n`,
);

console.log(
  "One thread, first reference only, tokenization included (ratio = pairs/s over Python's pairs/s)",
);
console.log(
  `${"metric".padEnd(22)} ${"wall pairs/s".padStart(13)} ${"ratio".padStart(7)} ${"CPU pairs/s".padStart(12)} ${"ratio".padStart(7)} ${"python pairs/s".padStart(15)}`,
);
const python = pythonFigures();
for (const [metric, score] of Object.entries(FIRST_REFERENCE)) {
  let wall = Infinity;
  let cpu = Infinity;
  for (let run = 0; run < RUNS; run++) {
    const timing = timeWallAndCpu(() => {
      for (const pair of pairs) score(pair);
    });
    wall = Math.min(wall, timing.wall);
    cpu = Math.min(cpu, timing.cpu);
  }
  const reference = python.get(metric);
  const ratio = (rate: number) =>
    reference === undefined ? "-".padStart(7) : `${fmt(rate / reference, 6, 1)}x`;
  console.log(
    `${metric.padEnd(22)} ${fmt(pairs.length / wall, 13)} ${ratio(pairs.length / wall)} ${fmt(pairs.length / cpu, 12)} ${ratio(pairs.length / cpu)} ${reference === undefined ? "-".padStart(15) : fmt(reference, 15)}`,
  );
}

console.log("\nscoreLexical (first reference and max over references), 1 thread vs 2 worker threads");
console.log(
  `${"metric".padEnd(22)} ${"1 thread".padStart(10)} ${"2 workers".padStart(10)} ${"scaling".padStart(8)}`,
);
const BATCH = 256;
const pool = new LexicalWorkerPool(2);
try {
  // Starts the workers and loads WordNet in each before timing.
  await Promise.all([
    pool.score(golden.slice(0, 1100), ["meteor"]),
    pool.score(golden.slice(1100), ["meteor"]),
  ]);
  const metricSets: Array<[string, LexicalMetricName[]]> = [
    ["bleu", ["bleu"]],
    ["rouge", ["rouge"]],
    ["meteor", ["meteor"]],
    ["exact_match", ["exact_match"]],
    ["all four", ["bleu", "rouge", "meteor", "exact_match"]],
  ];
  for (const [label, metrics] of metricSets) {
    let single = Infinity;
    let parallel = Infinity;
    for (let run = 0; run < RUNS; run++) {
      single = Math.min(
        single,
        timeSeconds(() => scoreLexicalBatch(pairs, metrics)),
      );
      parallel = Math.min(
        parallel,
        await timeSecondsAsync(async () => {
          const batches: Array<Promise<unknown>> = [];
          for (let start = 0; start < pairs.length; start += BATCH) {
            batches.push(pool.score(pairs.slice(start, start + BATCH), metrics));
          }
          await Promise.all(batches);
        }),
      );
    }
    console.log(
      `${label.padEnd(22)} ${fmt(pairs.length / single, 10)} ${fmt(pairs.length / parallel, 10)} ${fmt(single / parallel, 7, 2)}x`,
    );
  }
} finally {
  await pool.close();
}
