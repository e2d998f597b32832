/**
 * Scale-out of one experiment run over a pool of OpenAI-compatible endpoints.
 *
 *   npx tsx bench/scale/endpoints.ts [--instances 10] [--max-tokens 16] [--threads 1]
 *
 * Starts 4 `slm-eval serve` processes on 127.0.0.1, each serving the tiny fixture GGUF with one request at a time
 * (--concurrency 1, --threads 1), then runs the same experiment (8 styles over 2 fixture tasks, greedy) through the
 * OpenAI-compatible provider against 1, 2 and 4 of them (the spec's URL plus `endpoints:`), with 2 requests in
 * flight per endpoint and a fresh store each time. Prints predictions/s and the speed-up against 1 endpoint,
 * measured in the same run. Each server is one CPU-bound llama.cpp thread: on a machine with C free cores the
 * speed-up cannot exceed about C.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadExperiment } from "../../src/experiment/load-experiment.js";
import { prepareExperiment, runExperiment } from "../../src/experiment/run-experiment.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const fixtures = path.resolve(repoRoot, "..", "shared", "fixtures");
const modelPath = path.join(fixtures, "models", "llama-2-tiny-random.gguf");
const TASKS = ["task020_mctaco_span_based_question", "task033_winogrande_answer_generation"];
const POOL = [1, 2, 4];

const { values } = parseArgs({
  options: {
    instances: { type: "string", default: "10" },
    "max-tokens": { type: "string", default: "16" },
    threads: { type: "string", default: "1" },
    "base-port": { type: "string", default: "18731" },
  },
});
const basePort = Number(values["base-port"]);
const ports = [0, 1, 2, 3].map((i) => basePort + i);

function startServer(port: number): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(repoRoot, "src", "cli", "main.ts"),
      "serve",
      "--model",
      `llama-cpp:${modelPath}`,
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--concurrency",
      "1",
      "--threads",
      String(values.threads),
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  child.stderr?.resume();
  return child;
}

async function waitHealthy(port: number): Promise<string> {
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/v1/models`);
      if (response.ok) {
        const body = (await response.json()) as { data: Array<{ id: string }> };
        const id = body.data[0]?.id;
        if (id) return id;
      }
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server on port ${port} did not come up`);
}

function experimentYaml(endpoints: number, model: string, store: string): string {
  const [first, ...rest] = ports.slice(0, endpoints).map((port) => `http://127.0.0.1:${port}/v1`);
  return [
    `store: ${store}`,
    "models:",
    `  - spec: openai-compatible:${first}#${model}`,
    "    label: tiny-http",
    "    kind: pretrained",
    `    concurrency: ${2 * endpoints}`,
    ...(rest.length > 0 ? [`    endpoints: [${rest.join(", ")}]`] : []),
    "styles: all",
    `decoding: {max_new_tokens: ${values["max-tokens"]}}`,
    "data:",
    `  dir: ${path.join(fixtures, "sni")}`,
    `  tasks: [${TASKS.join(", ")}]`,
    `  instances_per_task: ${values.instances}`,
  ].join("\n");
}

const servers = ports.map(startServer);
const dir = await mkdtemp(path.join(tmpdir(), "slm-scale-"));
try {
  const names = await Promise.all(ports.map(waitHealthy));
  const model = names[0] as string;
  process.stdout.write(
    `${servers.length} servers up (model ${model}, ${values.threads} thread each); ${availableParallelism()} CPU(s) on this machine\n`,
  );
  const rows: Array<{ endpoints: number; predictions: number; seconds: number }> = [];
  for (const endpoints of POOL) {
    const file = path.join(dir, `study-${endpoints}.yaml`);
    await writeFile(file, experimentYaml(endpoints, model, path.join(dir, `results-${endpoints}.duckdb`)));
    const prepared = await prepareExperiment(await loadExperiment(file));
    const started = performance.now();
    const summary = await runExperiment(prepared, {
      storeFile: path.join(dir, `results-${endpoints}.duckdb`),
      softwareVersion: "bench",
    });
    const seconds = (performance.now() - started) / 1000;
    const predictions = summary.runs.reduce((sum, run) => sum + run.generated, 0);
    const errors = summary.runs.reduce((sum, run) => sum + run.errors, 0);
    if (errors > 0) throw new Error(`${errors} predictions failed with ${endpoints} endpoint(s)`);
    rows.push({ endpoints, predictions, seconds });
  }
  const reference = rows[0] as (typeof rows)[number];
  const rate = (row: (typeof rows)[number]) => row.predictions / row.seconds;
  process.stdout.write("endpoints  predictions  seconds  predictions/s  speed-up vs 1 endpoint\n");
  for (const row of rows) {
    process.stdout.write(
      `${String(row.endpoints).padStart(9)}  ${String(row.predictions).padStart(11)}  ${row.seconds.toFixed(1).padStart(7)}  ` +
        `${rate(row).toFixed(2).padStart(13)}  ${(rate(row) / rate(reference)).toFixed(2).padStart(22)}x\n`,
    );
  }
} finally {
  for (const server of servers) server.kill("SIGTERM");
  await Promise.all(
    servers.map((server) =>
      server.exitCode !== null ? undefined : new Promise((resolve) => server.once("exit", resolve)),
    ),
  );
  await rm(dir, { recursive: true, force: true });
}
