/**
 * Runner overhead: the same generations through the full engine (plan, prompt rendering, store writes in
 * transactions, response-cache lookups, progress accounting, the llama.cpp provider) versus a bare loop calling
 * node-llama-cpp directly on the same prompts, both on the tiny fixture model with one sequence and one thread.
 *
 * The engine writes to a fresh DuckDB store each round (so the response cache never answers); prompts are distinct.
 * Rounds rotate the order of bare loop, provider alone and engine; figures: engine / bare - 1 on the median round,
 * and wall and CPU time summed over all rounds (CPU time counts every thread of the process).
 * Run: npx tsx bench/engine/overhead.ts   (BENCH_TASKS=6 BENCH_INSTANCES=10 BENCH_TOKENS=16 BENCH_ROUNDS=5)
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { getLlama, LlamaCompletion, LlamaLogLevel } from "node-llama-cpp";
import { openDataset } from "../../src/data/dataset.js";
import type { DecodingOptions } from "../../src/domain/provider.js";
import { buildStyles, promptText } from "../../src/prompts/index.js";
import { LlamaCppProvider } from "../../src/providers/llama-cpp.js";
import { parseModelSpec } from "../../src/providers/model-spec.js";
import { evaluateRuns } from "../../src/runner/evaluate.js";
import { planRuns } from "../../src/runner/plan.js";
import { preparePrompts } from "../../src/runner/prepare-prompts.js";
import { ResultsStore } from "../../src/store/results-store.js";
import { sharedFixture } from "../../test/fixtures.js";

const TASKS = Number(process.env.BENCH_TASKS ?? 6);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 10);
const TOKENS = Number(process.env.BENCH_TOKENS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MODEL = sharedFixture("models", "llama-2-tiny-random.gguf");

const dataset = await openDataset(sharedFixture("sni"), { onWarning: () => undefined });
const tasks = [];
for (const meta of dataset.tasks.slice(0, TASKS)) tasks.push(await dataset.loadTask(meta, INSTANCES));
const decoding: DecodingOptions = { maxNewTokens: TOKENS, temperature: 0, seed: 0 };

const spec = parseModelSpec(`llama-cpp:${MODEL}`, { promptMode: "completion" });
if (spec.provider !== "llama-cpp") throw new Error("expected a llama.cpp spec");
const provider = await LlamaCppProvider.open(spec, { sequences: 1, threads: 1 });
const [run] = planRuns({
  models: [provider.info],
  styles: buildStyles([{ examples: 2, withDefinition: true }]),
  decodings: [decoding],
  tasks,
  selection: { instancesPerTask: INSTANCES },
});
if (!run) throw new Error("empty plan");
const prompts = (await preparePrompts(run, run.items, provider, { seed: 0, fitExamples: false })).map((p) =>
  promptText(p.prompt),
);
const distinct = new Set(prompts).size;

const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath: MODEL });
const context = await model.createContext({
  sequences: 1,
  threads: 1,
  contextSize: provider.info.contextSize,
});
const sequence = context.getSequence();
const completion = new LlamaCompletion({ contextSequence: sequence });

async function bare(): Promise<number> {
  const started = performance.now();
  for (const prompt of prompts) {
    await sequence.clearHistory();
    await completion.generateCompletion(prompt, { maxTokens: TOKENS });
  }
  return performance.now() - started;
}

/** The provider alone, request by request: separates the backend's own cost from the runner's. */
async function providerOnly(): Promise<number> {
  const started = performance.now();
  for (const [i, prompt] of prompts.entries()) {
    for await (const _ of provider.generate([
      { id: String(i), prompt: { mode: "completion", text: prompt }, decoding },
    ])) {
    }
  }
  return performance.now() - started;
}

async function engine(): Promise<number> {
  const dir = await mkdtemp(path.join(tmpdir(), "slm-bench-"));
  const store = await ResultsStore.open(path.join(dir, "bench.duckdb"), { threads: 1 });
  const started = performance.now();
  const summary = await evaluateRuns({
    store,
    runs: [run as NonNullable<typeof run>],
    provider,
    concurrency: 1,
    prompts: { seed: 0, fitExamples: false },
    softwareVersion: "bench",
  });
  const elapsed = performance.now() - started;
  store.close();
  await rm(dir, { recursive: true, force: true });
  const generated = summary.runs[0]?.generated ?? 0;
  if (generated !== prompts.length) throw new Error(`engine generated ${generated} of ${prompts.length}`);
  return elapsed;
}

await bare(); // warm-up: first evaluations allocate buffers
/** Process CPU time (all threads, user + system) spent by `measure`, ms: less sensitive than wall time to a busy machine. */
async function withCpu(measure: () => Promise<number>): Promise<{ wall: number; cpu: number }> {
  const before = process.cpuUsage();
  const wall = await measure();
  const used = process.cpuUsage(before);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

const cpu: Record<"bare" | "provider" | "engine", number> = { bare: 0, provider: 0, engine: 0 };
const rounds: { bare: number; provider: number; engine: number }[] = [];
const measures = [
  ["bare", bare],
  ["provider", providerOnly],
  ["engine", engine],
] as const;
for (let i = 0; i < ROUNDS; i++) {
  // Rotating the order spreads the drifts of a shared machine's load over all three.
  const round = { bare: 0, provider: 0, engine: 0 };
  for (let k = 0; k < measures.length; k++) {
    const [name, measure] = measures[(i + k) % measures.length] as (typeof measures)[number];
    const { wall, cpu: used } = await withCpu(measure);
    round[name] = wall;
    cpu[name] += used;
  }
  rounds.push(round);
}

const ratios = rounds.map((r) => r.engine / r.bare).sort((a, b) => a - b);
const median = ratios[Math.floor(ratios.length / 2)] as number;
console.log(
  `work: ${prompts.length} prompts (${distinct} distinct), ${TOKENS} new tokens each, tiny GGUF, 1 sequence, 1 thread`,
);
for (const [i, r] of rounds.entries()) {
  console.log(
    `round ${i + 1}: bare ${r.bare.toFixed(0)} ms (${((r.bare / prompts.length) | 0).toString()} ms/prompt), ` +
      `provider alone ${r.provider.toFixed(0)} ms, engine ${r.engine.toFixed(0)} ms, ` +
      `provider/bare ${(r.provider / r.bare).toFixed(3)}, engine/bare ${(r.engine / r.bare).toFixed(3)}`,
  );
}
const total = (key: "bare" | "provider" | "engine") => rounds.reduce((sum, r) => sum + r[key], 0);
console.log(`runner overhead (median round): ${((median - 1) * 100).toFixed(1)}% (target < 10%)`);
console.log(
  `all rounds, wall: engine/bare ${(total("engine") / total("bare")).toFixed(3)}, ` +
    `engine/provider alone ${(total("engine") / total("provider")).toFixed(3)}`,
);
console.log(
  `all rounds, CPU: bare ${cpu.bare.toFixed(0)} ms, provider alone ${cpu.provider.toFixed(0)} ms, engine ${cpu.engine.toFixed(0)} ms; ` +
    `engine/bare ${(cpu.engine / cpu.bare).toFixed(3)}, engine/provider alone ${(cpu.engine / cpu.provider).toFixed(3)}, ` +
    `runner CPU per prediction ${((cpu.engine - cpu.provider) / ROUNDS / prompts.length).toFixed(2)} ms`,
);

await context.dispose();
await model.dispose();
await llama.dispose();
await provider.close();
