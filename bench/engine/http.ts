/**
 * (b) The HTTP path: the OpenAI-compatible provider against the local OpenAI-compatible test server (wrapping the
 * embedded tiny model, in a child process) at concurrency 1, 8 and 64.
 *
 * Per level: requests/s, and the client-side overhead per request = the provider's latency for the request minus
 * the server's handling time for it (body received → response written, including the wait for the model), paired
 * by prompt. That difference is what the SDK, the HTTP round trip, JSON and the retry/concurrency machinery add.
 * References in the same run: the same requests through the embedded provider directly, in this process; and at
 * concurrency 1, plain `fetch` POSTs of the same bodies (the floor for any HTTP client), so that the provider's own
 * share of the overhead (SDK + retry/concurrency machinery) is its overhead minus fetch's.
 *
 * Run: npx tsx bench/engine/http.ts   (BENCH_REQUESTS=400 for more requests per level; default 200)
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { GenerationRequest, GenerationResult, Provider } from "../../src/domain/provider.js";
import { parseModelSpec } from "../../src/providers/model-spec.js";
import { OpenAICompatibleProvider } from "../../src/providers/openai-compatible.js";
import { openTinyModel } from "../../test/support/embedded-model.js";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const LEVELS = [1, 8, 64];

function workload(count: number, tag: string): GenerationRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    id: String(i),
    prompt: {
      mode: "completion" as const,
      text: `Now complete the following task: \nInput: ${tag} ${i}\nOutput: `,
    },
    decoding: { maxNewTokens: 4, temperature: 0 },
  }));
}

async function timed(provider: Provider, requests: GenerationRequest[]) {
  const started = performance.now();
  const results: GenerationResult[] = [];
  for await (const result of provider.generate(requests)) results.push(result);
  const seconds = (performance.now() - started) / 1000;
  const failed = results.filter((result) => result.finishReason === "error");
  if (failed.length > 0) throw new Error(`${failed.length} requests failed: ${failed[0]?.error}`);
  return { seconds, results };
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

// Reference: the embedded provider directly.
const model = await openTinyModel();
await timed(model, workload(20, "warm"));
const direct = await timed(model, workload(REQUESTS, "direct"));
await model.close();
const directRate = REQUESTS / direct.seconds;

const child = spawn(
  process.execPath,
  ["--import", "tsx", path.join(path.dirname(fileURLToPath(import.meta.url)), "http-server-process.ts")],
  { stdio: ["pipe", "pipe", "inherit"] },
);
try {
  const baseURL = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`server process exited (${code})`)));
  });
  console.log(
    `embedded provider directly (reference): ${directRate.toFixed(1)} requests/s, ${REQUESTS} requests`,
  );
  const fetchOverhead: number[] = [];
  for (const request of workload(REQUESTS, "fetch")) {
    const text = request.prompt.mode === "completion" ? request.prompt.text : "";
    const started = performance.now();
    const response = await fetch(`${baseURL}/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "tiny", prompt: text, max_tokens: 4, temperature: 0 }),
    });
    await response.json();
    const latency = performance.now() - started;
    const stats = (await (await fetch(`${baseURL}/test-stats`)).json()) as {
      serverMsByPrompt: Record<string, number>;
    };
    fetchOverhead.push(latency - (stats.serverMsByPrompt[text] ?? Number.NaN));
  }
  fetchOverhead.sort((a, b) => a - b);
  const fetchMean = fetchOverhead.reduce((sum, x) => sum + x, 0) / fetchOverhead.length;
  console.log(
    `plain fetch, concurrency 1 (reference): overhead ms/request mean ${fetchMean.toFixed(3)}, ` +
      `p50 ${quantile(fetchOverhead, 0.5).toFixed(3)}, p95 ${quantile(fetchOverhead, 0.95).toFixed(3)}`,
  );
  console.log("concurrency  requests/s  vs-direct  client overhead ms/request: mean  p50  p95");
  for (const concurrency of LEVELS) {
    const spec = parseModelSpec(`openai-compatible:${baseURL}#tiny`);
    if (spec.provider !== "openai-compatible") throw new Error("expected an HTTP spec");
    const provider = new OpenAICompatibleProvider(spec, { maxConcurrency: concurrency });
    await timed(provider, workload(concurrency, `warm-${concurrency}`));
    const requests = workload(REQUESTS, `level-${concurrency}`);
    const run = await timed(provider, requests);
    const stats = (await (await fetch(`${baseURL}/test-stats`)).json()) as {
      serverMsByPrompt: Record<string, number>;
    };
    const promptOf = new Map(
      requests.map((request) => [
        request.id,
        request.prompt.mode === "completion" ? request.prompt.text : "",
      ]),
    );
    const overhead = run.results
      .map(
        (result) => result.latencyMs - (stats.serverMsByPrompt[promptOf.get(result.id) ?? ""] ?? Number.NaN),
      )
      .sort((a, b) => a - b);
    if (overhead.some(Number.isNaN)) throw new Error("a request has no server-side time");
    const mean = overhead.reduce((sum, x) => sum + x, 0) / overhead.length;
    const rate = REQUESTS / run.seconds;
    if (concurrency === 1) {
      console.log(
        `  (provider minus plain fetch at concurrency 1, p50: ${(quantile(overhead, 0.5) - quantile(fetchOverhead, 0.5)).toFixed(3)} ms)`,
      );
    }
    console.log(
      `${String(concurrency).padStart(11)}  ${rate.toFixed(1).padStart(10)}  ${(rate / directRate).toFixed(2).padStart(8)}x` +
        `  ${mean.toFixed(3).padStart(34)}  ${quantile(overhead, 0.5).toFixed(3)}  ${quantile(overhead, 0.95).toFixed(3)}`,
    );
    await provider.close();
  }
} finally {
  child.stdin?.end();
}
