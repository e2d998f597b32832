/**
 * Metadata index speed on a repository-sized SNI directory.
 *
 * Generates BENCH_TASKS (default 1,600) task files of realistic sizes (log-uniform from a few KB to a few MB, like
 * the public repository's tasks/) in a temp dir, then measures in one run:
 *   - reading every file once (the reference), and reading + JSON.parse of every file,
 *   - building the index cold (no cache), and reopening warm (cache present, files unchanged).
 * Ratios are against reading every file once, wall and CPU time, best of BENCH_ROUNDS (default 3) runs.
 * Run: npx tsx bench/data/index.ts   (BENCH_TASKS=200 for a quick try; BENCH_KEEP=1 keeps the folder)
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { forEachConcurrently } from "../../src/data/concurrency.js";
import { openDataset } from "../../src/data/dataset.js";

const TASKS = Number(process.env.BENCH_TASKS ?? 1600);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MIN_BYTES = 3_000;
const MAX_BYTES = 4_000_000;

const WORDS =
  "the of and to in is was for on that with as by at from his her an which it be are this were or".split(" ");

/** Deterministic pseudo-random numbers, so every run generates the same files. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(next: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]).join(" ");
}

/** A task file of about `targetBytes`, shaped like SNI's (metadata first, then examples, then Instances). */
function taskText(name: string, targetBytes: number, next: () => number): string {
  const header = {
    Contributors: ["Bench"],
    Source: ["bench"],
    URL: ["https://example.org"],
    Categories: [
      ["Title Generation", "Textual Entailment", "Word Analogy", "Data to Text"][Math.floor(next() * 4)],
    ],
    Reasoning: next() < 0.5 ? [] : ["Commonsense Reasoning -> Social Situations"],
    Definition: [sentence(next, 60)],
    Input_language: ["English"],
    Output_language: ["English"],
    Instruction_language: ["English"],
    Domains: ["News", "Wikipedia -> Biographies"],
    "Positive Examples": Array.from({ length: 3 }, () => ({
      input: sentence(next, 40),
      output: sentence(next, 5),
      explanation: sentence(next, 15),
    })),
    "Negative Examples": Array.from({ length: 2 }, () => ({
      input: sentence(next, 40),
      output: sentence(next, 5),
      explanation: sentence(next, 15),
    })),
  };
  const parts = [JSON.stringify(header, null, 4).slice(0, -2), ',\n    "Instances": ['];
  let size = parts[0]?.length ?? 0;
  for (let index = 0; index === 0 || size < targetBytes; index++) {
    const instance = JSON.stringify({
      id: `${name}-${Math.floor(next() * 1e9).toString(16)}`,
      input: sentence(next, 20 + Math.floor(next() * 120)),
      output: [sentence(next, 3 + Math.floor(next() * 10))],
    });
    parts.push(`${index === 0 ? "" : ","}\n        ${instance}`);
    size += instance.length + 10;
  }
  parts.push("\n    ]\n}\n");
  return parts.join("");
}

interface Timing {
  wall: number;
  /** CPU seconds of this process (main thread and I/O threads): steadier than wall time on a shared machine. */
  cpu: number;
}

/** Best of `ROUNDS` runs, wall and CPU time each, so other load on the machine distorts the figures less. */
async function best(work: (round: number) => Promise<unknown>): Promise<Timing> {
  const timing: Timing = { wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY };
  for (let round = 0; round < ROUNDS; round++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await work(round);
    const cpu = process.cpuUsage(cpuStart);
    timing.wall = Math.min(timing.wall, (performance.now() - start) / 1000);
    timing.cpu = Math.min(timing.cpu, (cpu.user + cpu.system) / 1e6);
  }
  return timing;
}

const dir = await mkdtemp(path.join(os.tmpdir(), "slm-bench-index-"));
try {
  const next = random(42);
  const names = Array.from({ length: TASKS }, (_, index) => `task${index}_bench_generated`);
  await mkdir(path.join(dir, "tasks"));
  await mkdir(path.join(dir, "splits", "default"), { recursive: true });
  let totalBytes = 0;
  for (const name of names) {
    const target = Math.exp(Math.log(MIN_BYTES) + next() * (Math.log(MAX_BYTES) - Math.log(MIN_BYTES)));
    const text = taskText(name, target, next);
    totalBytes += Buffer.byteLength(text);
    await writeFile(path.join(dir, "tasks", `${name}.json`), text);
  }
  await writeFile(path.join(dir, "splits", "default", "test_tasks.txt"), `${names.join("\n")}\n`);
  const files = names.map((name) => path.join(dir, "tasks", `${name}.json`));
  console.log(`generated ${TASKS} task files, ${(totalBytes / 1e6).toFixed(0)} MB in ${dir}`);

  const readOnce = await best(() =>
    forEachConcurrently(files, 8, async (file) => void (await readFile(file))),
  );
  const readAndParse = await best(() =>
    forEachConcurrently(files, 8, async (file) => void JSON.parse(await readFile(file, "utf8"))),
  );
  const checkAllIndexed = (dataset: { tasks: unknown[] }) => {
    if (dataset.tasks.length !== TASKS)
      throw new Error(`index holds ${dataset.tasks.length} of ${TASKS} tasks`);
  };
  const cacheFile = (round: number) => path.join(dir, `index-cache-${round}.json`);
  const cold = await best(async (round) =>
    checkAllIndexed(await openDataset(dir, { cacheFile: cacheFile(round) })),
  );
  const warm = await best(async () => checkAllIndexed(await openDataset(dir, { cacheFile: cacheFile(0) })));

  console.log(`best of ${ROUNDS} runs each${" ".repeat(22)}wall           CPU`);
  const row = (label: string, timing: Timing, note: string) => {
    const ratio = (value: number, reference: number) => `${(value / reference).toFixed(2)}x`.padStart(6);
    console.log(
      `${label.padEnd(38)} ${timing.wall.toFixed(3).padStart(7)} s ${ratio(timing.wall, readOnce.wall)}` +
        ` ${timing.cpu.toFixed(3).padStart(7)} s ${ratio(timing.cpu, readOnce.cpu)}  ${note}`,
    );
  };
  row("read every file once (reference)", readOnce, "");
  row("read + JSON.parse every file", readAndParse, "");
  row("index build, cold", cold, "target: at most the reference");
  row("reopen, warm (cache, files unchanged)", warm, "target: under 0.5 s wall");
} finally {
  if (process.env.BENCH_KEEP === undefined) await rm(dir, { recursive: true, force: true });
}
