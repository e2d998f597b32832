/**
 * (c) Parallel sequences vs one sequence in the embedded llama.cpp provider (tiny model, CPU).
 *
 * The same batch of paper prompts (fixture tasks × the eight styles) is generated greedily with 1 sequence (the
 * reference, measured in the same run) and with 2, 4 and 8 sequences in one context. Prints generated tokens/s, the
 * throughput ratio against one sequence, and how many outputs are byte-identical to the one-sequence outputs
 * (llama.cpp's batched evaluation is not batch-invariant, so parallel sequences can change greedy text).
 *
 * Run: npx tsx bench/engine/parallel.ts   (BENCH_THREADS=2 to give llama.cpp two threads; default 1, as in tests)
 */
import type { GenerationRequest, GenerationResult } from "../../src/domain/provider.js";
import { buildPrompt } from "../../src/prompts/build-prompt.js";
import { buildStyles, formatStyleId, PAPER_STYLES } from "../../src/prompts/style-id.js";
import { generateAll, openTinyModel } from "../../test/support/embedded-model.js";
import { fixtureTask } from "../../test/support/sni-tasks.js";

const THREADS = Number(process.env.BENCH_THREADS ?? 1);
const TASKS = ["task1153_bard_analogical_reasoning_affordance", "task033_winogrande_answer_generation"];
const SEQUENCES = [1, 2, 4, 8];

const requests: GenerationRequest[] = [];
for (const name of TASKS) {
  const task = fixtureTask(name, 3);
  for (const style of buildStyles(PAPER_STYLES)) {
    for (const instance of task.instances) {
      const { prompt } = buildPrompt({ task, instance, style, seed: 1 });
      requests.push({
        id: `${name}/${formatStyleId(style)}/${instance.index}`,
        prompt,
        decoding: { maxNewTokens: 32, temperature: 0 },
      });
    }
  }
}

async function measure(sequences: number) {
  const provider = await openTinyModel({ sequences, threads: THREADS });
  try {
    await generateAll(provider, requests.slice(0, sequences * 2)); // warm-up
    const started = performance.now();
    const results = await generateAll(provider, requests);
    const seconds = (performance.now() - started) / 1000;
    const tokens = [...results.values()].reduce(
      (sum, result) => sum + result.promptTokens + result.completionTokens,
      0,
    );
    const generated = [...results.values()].reduce((sum, result) => sum + result.completionTokens, 0);
    return { seconds, tokens, generated, results };
  } finally {
    await provider.close();
  }
}

const same = (a: Map<string, GenerationResult>, b: Map<string, GenerationResult>) =>
  requests.filter((request) => a.get(request.id)?.text === b.get(request.id)?.text).length;

console.log(
  `${requests.length} requests (prompt + up to 32 new tokens each), ${THREADS} llama.cpp thread(s)`,
);
const reference = await measure(1);
console.log(
  "sequences  seconds  generated-tokens/s  (prompt+generated)/s  vs-1-sequence  identical-to-1-sequence",
);
for (const sequences of SEQUENCES) {
  const run = sequences === 1 ? reference : await measure(sequences);
  const rate = run.generated / run.seconds;
  console.log(
    `${String(sequences).padStart(9)}  ${run.seconds.toFixed(2).padStart(7)}  ${rate.toFixed(0).padStart(18)}  ` +
      `${(run.tokens / run.seconds).toFixed(0).padStart(20)}  ${(rate / (reference.generated / reference.seconds)).toFixed(2).padStart(12)}x  ` +
      `${same(run.results, reference.results)}/${requests.length}`,
  );
}
