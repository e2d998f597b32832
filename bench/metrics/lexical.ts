/**
 * Pairs per second of each lexical metric on the golden pairs repeated to at least 30,000 pairs, on one thread and
 * with 2 worker threads, next to the Python reference figures (NLTK 3.8 / rouge_score) from
 * ../shared/fixtures/metrics-golden/python-speed.txt, as ratios.
 *
 * Like the Python measurement: first reference only, tokenization included, best of 3 runs, the one-off WordNet load
 * excluded (a warm-up pass over the pairs runs first; its time is printed too).
 *
 * Where Debian's python3-nltk 3.8 is installed, NLTK's BLEU and METEOR are also timed in the same run (same machine,
 * same load) by nltk_speed.py; rouge_score is not packaged, so ROUGE compares with python-speed.txt only.
 *
 * Run: npx tsx bench/metrics/lexical.ts [--runs 3] [--min-pairs 30000]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
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
import { wndbFileReader } from "../../src/metrics/wordnet-files.js";

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

/**
 * NLTK 3.8's BLEU and METEOR pairs/s measured now, on this machine under its current load, when Debian's
 * python3-nltk 3.8 is installed (rouge_score is not packaged, so ROUGE compares with python-speed.txt only).
 */
function pythonFiguresNow(): Map<string, number> | undefined {
  const python = "/usr/bin/python3";
  if (!existsSync(python)) return undefined;
  try {
    execFileSync(python, ["-c", "import nltk; assert nltk.__version__ == '3.8'"], { stdio: "ignore" });
  } catch {
    return undefined;
  }
  const work = mkdtempSync(path.join(tmpdir(), "slm-nltk-speed-"));
  try {
    const readWordNet = wndbFileReader();
    for (const pos of ["noun", "verb", "adj", "adv"]) {
      for (const name of [`index.${pos}`, `data.${pos}`, `${pos}.exc`]) {
        writeFileSync(path.join(work, name), new Uint8Array(readWordNet(name)));
      }
    }
    const lexnames = Array.from({ length: 45 }, (_, i) => `${String(i).padStart(2, "0")}\tlex${i}\t0\n`).join(
      "",
    );
    writeFileSync(path.join(work, "lexnames"), lexnames);
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "nltk_speed.py");
    const golden = path.join(fixtures, "metrics-golden", "golden-shared.jsonl");
    const output = execFileSync(python, [script, golden, work, String(RUNS)], { encoding: "utf8" });
    return new Map(Object.entries(JSON.parse(output) as Record<string, number>));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
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

async function timeWallAndCpuAsync(work: () => Promise<void>): Promise<{ wall: number; cpu: number }> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await work();
  const cpu = process.cpuUsage(cpuStart);
  return { wall: (performance.now() - start) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
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

const python = pythonFigures();
const pythonNow = pythonFiguresNow();
console.log(
  pythonNow === undefined
    ? "NLTK 3.8 not installed for /usr/bin/python3: ratios against python-speed.txt only\n"
    : `NLTK 3.8 measured now on this machine (same method): ${[...pythonNow].map(([metric, rate]) => `${metric} ${rate.toFixed(0)} pairs/s`).join(", ")}\n`,
);
console.log(
  "One thread, first reference only, tokenization included; ratio = our pairs/s over Python's pairs/s",
);
console.log(
  `${"metric".padEnd(22)} ${"wall pairs/s".padStart(13)} ${"CPU pairs/s".padStart(12)} ${"python-speed.txt".padStart(17)} ${"wall ratio".padStart(11)} ${"CPU ratio".padStart(10)} ${"NLTK now".padStart(9)} ${"wall ratio".padStart(11)}`,
);
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
  const ratio = (rate: number, reference: number | undefined, width: number) =>
    reference === undefined ? "-".padStart(width) : `${fmt(rate / reference, width - 1, 1)}x`;
  const fromFile = python.get(metric);
  const now = pythonNow?.get(metric);
  console.log(
    `${metric.padEnd(22)} ${fmt(pairs.length / wall, 13)} ${fmt(pairs.length / cpu, 12)} ${fromFile === undefined ? "-".padStart(17) : fmt(fromFile, 17)} ${ratio(pairs.length / wall, fromFile, 11)} ${ratio(pairs.length / cpu, fromFile, 10)} ${now === undefined ? "-".padStart(9) : fmt(now, 9)} ${ratio(pairs.length / wall, now, 11)}`,
  );
}

console.log(
  "\nscoreLexical (first reference AND max over all references, so more work per pair than the Python figures), 1 thread vs 2 worker threads;",
);
console.log(
  `ratio = pairs/s over python-speed.txt; CPU s = this process's CPU time over all threads (workers included); ${availableParallelism()} CPUs, load ${loadavg()[0]?.toFixed(1)}`,
);
console.log(
  `${"metric".padEnd(12)} ${"1 thread".padStart(9)} ${"ratio".padStart(7)} ${"CPU s".padStart(6)} ${"2 workers".padStart(10)} ${"ratio".padStart(7)} ${"CPU s".padStart(6)} ${"wall scaling".padStart(13)} ${"CPU/pair 2w:1t".padStart(15)}`,
);
const BATCH = 256;
const pool = new LexicalWorkerPool(2);
try {
  // Starts the workers and loads WordNet in each before timing.
  await Promise.all([
    pool.score(golden.slice(0, 1100), ["meteor"]),
    pool.score(golden.slice(1100), ["meteor"]),
  ]);
  const metricSets: Array<[string, LexicalMetricName[], string | undefined]> = [
    ["bleu", ["bleu"], "bleu"],
    ["rouge", ["rouge"], "rouge1+rouge2+rougeL"],
    ["meteor", ["meteor"], "meteor"],
    ["exact_match", ["exact_match"], undefined],
    ["all four", ["bleu", "rouge", "meteor", "exact_match"], undefined],
  ];
  for (const [label, metrics, pythonMetric] of metricSets) {
    let single = { wall: Infinity, cpu: Infinity };
    let parallel = { wall: Infinity, cpu: Infinity };
    for (let run = 0; run < RUNS; run++) {
      const one = timeWallAndCpu(() => scoreLexicalBatch(pairs, metrics));
      if (one.wall < single.wall) single = one;
      const two = await timeWallAndCpuAsync(async () => {
        const batches: Array<Promise<unknown>> = [];
        for (let start = 0; start < pairs.length; start += BATCH) {
          batches.push(pool.score(pairs.slice(start, start + BATCH), metrics));
        }
        await Promise.all(batches);
      });
      if (two.wall < parallel.wall) parallel = two;
    }
    const reference = pythonMetric === undefined ? undefined : python.get(pythonMetric);
    const ratio = (seconds: number) =>
      reference === undefined ? "-".padStart(7) : `${fmt(pairs.length / seconds / reference, 6, 1)}x`;
    console.log(
      `${label.padEnd(12)} ${fmt(pairs.length / single.wall, 9)} ${ratio(single.wall)} ${fmt(single.cpu, 6, 2)} ${fmt(pairs.length / parallel.wall, 10)} ${ratio(parallel.wall)} ${fmt(parallel.cpu, 6, 2)} ${fmt(single.wall / parallel.wall, 12, 2)}x ${fmt(parallel.cpu / single.cpu, 14, 2)}x`,
    );
  }
} finally {
  await pool.close();
}
