/**
 * Load and reliability of `slm-eval serve` with the tiny embedded model.
 *
 *   npx tsx bench/serve/load.ts [--duration 60] [--connections 64] [--max-tokens 16]
 *                               [--server-node-options "--max-old-space-size=256"]
 *
 * Run 1: autocannon at 64 connections against /v1/chat/completions served by the embedded tiny GGUF model:
 * requests/s, p50/p99 latency, non-2xx responses and connection errors, server RSS before and after (growth).
 * Reference, measured in the same run: the same model driven directly through the provider (no HTTP, no queue)
 * at the same concurrency, so the serve figure reads as a ratio of what the backend alone delivers.
 * Run 2: route [flaky upstream, tiny] where the upstream (an OpenAI-compatible server on 127.0.0.1 started
 * here) fails every third request: every request must be answered by fallback, or get a clear error.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import type { GenerationRequest } from "../../src/domain/provider.js";
import { LlamaCppProvider } from "../../src/providers/llama-cpp.js";
import { parseModelSpec } from "../../src/providers/model-spec.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const modelPath = path.resolve(repoRoot, "..", "shared", "fixtures", "models", "llama-2-tiny-random.gguf");
const API_KEY = "bench-key";
const SEQUENCES = 4;

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "60" },
    connections: { type: "string", default: "64" },
    "max-tokens": { type: "string", default: "16" },
    // Extra NODE_OPTIONS for the server, e.g. "--max-old-space-size=256"; by default none (an uncapped heap).
    "server-node-options": { type: "string", default: "" },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const MAX_TOKENS = Number(values["max-tokens"]);

const chatBody = (content: string, extra: object = {}) =>
  JSON.stringify({
    model: "tiny",
    messages: [{ role: "user", content }],
    max_tokens: MAX_TOKENS,
    ...extra,
  });

interface ServeChild {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stop(): Promise<number | null>;
}

function startServe(configFile: string): Promise<ServeChild> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(repoRoot, "src", "cli", "main.ts"),
      "serve",
      "--config",
      configFile,
      "--port",
      "0",
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, SLM_EVAL_API_KEY: API_KEY, NODE_OPTIONS: values["server-node-options"] },
    },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    // Request log lines are many under load; keep only what explains a failure.
    if (!chunk.includes(" 200 model=")) stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) {
        resolve({
          child,
          url,
          stop: () => {
            child.kill("SIGTERM");
            return exited;
          },
        });
      }
    });
    exited.then((code) => reject(new Error(`serve exited with ${code}:\n${stderr}`)));
  });
}

interface MemoryReading {
  rss: number;
  heapUsed: number;
}

/** The server's own figures from its /metrics: resident set size and V8 heap in use. */
async function serverMemory(url: string): Promise<MemoryReading> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${API_KEY}` } });
  const text = await response.text();
  const value = (name: string): number => {
    const match = new RegExp(`^${name} (\\S+)`, "m").exec(text);
    if (!match?.[1]) throw new Error(`the server's /metrics has no ${name}`);
    return Number(match[1]);
  };
  return {
    rss: value("slm_serve_process_resident_memory_bytes"),
    heapUsed: value("slm_serve_nodejs_heap_size_used_bytes"),
  };
}

/** Reads the server's memory every `everyMs` until stopped: a leak climbs steadily, garbage awaiting GC saws. */
function sampleMemory(url: string, everyMs: number): () => Promise<MemoryReading[]> {
  const readings: Promise<MemoryReading>[] = [];
  const timer = setInterval(() => readings.push(serverMemory(url)), everyMs);
  return async () => {
    clearInterval(timer);
    return Promise.all(readings);
  };
}

interface Tally {
  /** Answers by the model that served them (x-slm-model). */
  servedBy: Map<string, number>;
  /** Error responses by status and message. */
  errors: Map<string, number>;
}

async function load(url: string, body: string, seconds: number) {
  const tally: Tally = { servedBy: new Map(), errors: new Map() };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const result = await autocannon({
    url: `${url}/v1/chat/completions`,
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    requests: [
      {
        method: "POST",
        body,
        onResponse: (status, responseBody, _context, headers) => {
          if (status === 200) bump(tally.servedBy, String(headers?.["x-slm-model"] ?? "?"));
          else bump(tally.errors, `${status} ${responseBody.slice(0, 200)}`);
        },
      },
    ],
    connections,
    duration: seconds,
    timeout: 60,
  });
  return { result, tally };
}

const counts = (map: Map<string, number>) =>
  [...map].map(([key, count]) => `${count} × ${key}`).join("; ") || "none";

/** The reference: the provider alone, as many requests in flight as the load has connections, after a warm-up. */
async function directProviderRate(warmUpSeconds: number, seconds: number): Promise<number> {
  const spec = parseModelSpec(`llama-cpp:${modelPath}`);
  if (spec.provider !== "llama-cpp") throw new Error("expected a llama-cpp spec");
  const provider = await LlamaCppProvider.open(spec, { sequences: SEQUENCES, threads: 1 });
  try {
    let id = 0;
    const request = (): GenerationRequest => ({
      id: String(id++),
      prompt: {
        mode: "chat",
        messages: [{ role: "user", content: "Write a short sentence about the sea." }],
      },
      decoding: { maxNewTokens: MAX_TOKENS, temperature: 0 },
    });
    /** Requests per second over a window of `windowSeconds`. */
    const window = async (windowSeconds: number): Promise<number> => {
      let done = 0;
      const started = performance.now();
      const until = started + windowSeconds * 1000;
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (performance.now() < until) {
            for await (const result of provider.generate([request()])) {
              if (result.finishReason === "error") throw new Error(result.error);
            }
            done++;
          }
        }),
      );
      return done / ((performance.now() - started) / 1000);
    };
    // The same warm-up as the server gets: the first seconds run measurably slower (JIT, allocations).
    await window(warmUpSeconds);
    return await window(seconds);
  } finally {
    await provider.close();
  }
}

/** An OpenAI-compatible upstream that answers at once but fails every third request with a 500. */
function startFlakyUpstream(): Promise<{
  server: Server;
  url: string;
  served: () => number;
  failed: () => number;
}> {
  let count = 0;
  let failed = 0;
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      count++;
      if (count % 3 === 0) {
        failed++;
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { message: "flaky upstream", type: "server_error" } }));
        return;
      }
      const model = (JSON.parse(body) as { model?: string }).model ?? "flaky";
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          id: `chatcmpl-${count}`,
          object: "chat.completion",
          created: 0,
          model,
          choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
          usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
        }),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
        served: () => count - failed,
        failed: () => failed,
      }),
    ),
  );
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const dir = await mkdtemp(path.join(tmpdir(), "serve-bench-"));
try {
  console.log(
    `connections ${connections}, ${duration} s per run, tiny model, max_tokens ${MAX_TOKENS}, ` +
      `server NODE_OPTIONS="${values["server-node-options"]}"\n`,
  );

  const warmUpSeconds = Math.min(10, duration);
  const referenceSeconds = Math.min(duration, 15);
  const reference = await directProviderRate(warmUpSeconds, referenceSeconds);
  console.log(
    `reference: provider alone (${SEQUENCES} sequences, 1 thread), ${connections} in flight, ${referenceSeconds} s: ${reference.toFixed(1)} req/s`,
  );

  const tinyConfig = path.join(dir, "tiny.yaml");
  await writeFile(
    tinyConfig,
    `models:\n  - { name: tiny, spec: "llama-cpp:${modelPath}", concurrency: ${SEQUENCES}, maxQueue: ${connections * 2}, threads: 1 }\n`,
  );
  const serve = await startServe(tinyConfig);
  try {
    // Warm up at full load so every sequence, buffer and JIT path exists before the first RSS reading.
    await load(serve.url, chatBody("Write a short sentence about the sea."), warmUpSeconds);
    const start = await serverMemory(serve.url);
    const stopSampling = sampleMemory(serve.url, 10_000);
    const { result, tally } = await load(
      serve.url,
      chatBody("Write a short sentence about the sea."),
      duration,
    );
    const samples = await stopSampling();
    const end = await serverMemory(serve.url);
    console.log("\nrun 1: serve, embedded tiny model");
    console.log(
      `  requests: ${result.requests.total} answered, ${result["2xx"]} 2xx, ${result.non2xx} non-2xx, ${result.errors} connection errors (${result.timeouts} timeouts)`,
    );
    console.log(
      `  throughput: ${result.requests.average.toFixed(1)} req/s = ${(result.requests.average / reference).toFixed(2)}x the provider alone`,
    );
    console.log(
      `  latency: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
    );
    console.log(`  error responses: ${counts(tally.errors)}`);
    console.log(
      `  server RSS: ${mib(start.rss)} after warm-up, ${mib(end.rss)} at the end (growth ${percent(end.rss - start.rss, start.rss)})`,
    );
    console.log(`  RSS every 10 s: ${samples.map((sample) => mib(sample.rss)).join(", ")}`);
    console.log(
      `  V8 heap in use: ${mib(start.heapUsed)} after warm-up, every 10 s: ${samples.map((sample) => mib(sample.heapUsed)).join(", ")}, ${mib(end.heapUsed)} at the end`,
    );
  } finally {
    console.log(`  serve exit code after SIGTERM: ${await serve.stop()}`);
  }

  const upstream = await startFlakyUpstream();
  const routedConfig = path.join(dir, "routed.yaml");
  await writeFile(
    routedConfig,
    [
      "models:",
      `  - { name: flaky, spec: "openai-compatible:${upstream.url}#flaky", concurrency: ${connections}, maxQueue: ${connections}, retries: 0, timeoutMs: 10000 }`,
      `  - { name: tiny, spec: "llama-cpp:${modelPath}", concurrency: ${SEQUENCES}, maxQueue: ${connections * 2}, threads: 1 }`,
      "routes:",
      "  - { name: qa, aspect: task_type, entity: Question Answering, models: [flaky, tiny] }",
    ].join("\n"),
  );
  const routed = await startServe(routedConfig);
  try {
    const body = chatBody("Who wrote Hamlet?", {
      model: "auto",
      metadata: { task_type: "Question Answering" },
    });
    const { result, tally } = await load(routed.url, body, duration);
    const answered = result["2xx"];
    console.log("\nrun 2: route [flaky upstream failing 1 in 3, tiny]");
    console.log(
      `  requests: ${result.requests.total}, answered ${answered} (${percent(answered, result.requests.total)}), non-2xx ${result.non2xx}, connection errors ${result.errors}`,
    );
    console.log(
      `  upstream saw ${upstream.served()} answered, ${upstream.failed()} failed; answers by model: ${counts(tally.servedBy)}`,
    );
    console.log(`  error responses: ${counts(tally.errors)}`);
    console.log(
      `  throughput: ${result.requests.average.toFixed(1)} req/s; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
    );
  } finally {
    console.log(`  serve exit code after SIGTERM: ${await routed.stop()}`);
    upstream.server.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
