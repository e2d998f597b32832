import type { Command } from "commander";
import { loadRequestClassifier } from "../../route/classifier-file.js";
import {
  loadServeConfig,
  type ServeConfig,
  ServeConfigError,
  singleModelConfig,
} from "../../serve/config.js";
import { openBackend } from "../../serve/open-backend.js";
import { startServe } from "../../serve/server.js";
import { UsageError } from "../errors.js";

interface ServeOptions {
  config?: string;
  model: string[];
  host?: string;
  port?: number;
  apiKey: string[];
  maxTokens?: number;
  rateLimit?: number;
  concurrency?: number;
  maxQueue?: number;
  threads?: number;
}

const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_PORT = 8080;
const API_KEY_ENV = "SLM_EVAL_API_KEY";

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function integerOption(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) {
      throw new UsageError(`${flag}: expected an integer from ${min} to ${max}, got "${value}"`);
    }
    return number;
  };
}

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description(
      "Serve small models behind an OpenAI-compatible API (/v1/chat/completions, /v1/completions, /v1/models), " +
        "routing each request by its task type, domain or reasoning type.",
    )
    .option("--config <file>", "serve.yaml: models, routes, limits (see below)")
    .option("--model <spec>", "serve this model without a config file (repeatable)", collect, [])
    .option("--host <host>", `address to listen on (default: the config's host, else ${DEFAULT_HOST})`)
    .option(
      "--port <n>",
      `port to listen on, 0 for any free one (default ${DEFAULT_PORT})`,
      integerOption("--port", 0, 65535),
    )
    .option(
      "--api-key <key>",
      `require \`Authorization: Bearer <key>\` on every request but /health (repeatable; prefer ${API_KEY_ENV})`,
      collect,
      [],
    )
    .option(
      "--max-tokens <n>",
      "cap on max_tokens of any request (default 512)",
      integerOption("--max-tokens", 1),
    )
    .option(
      "--rate-limit <n>",
      "requests per minute allowed per API key (default: unlimited)",
      integerOption("--rate-limit", 1),
    )
    .option(
      "--concurrency <n>",
      "with --model: requests a model works on at once (default 1)",
      integerOption("--concurrency", 1),
    )
    .option(
      "--max-queue <n>",
      "with --model: requests that may wait per model (default 64)",
      integerOption("--max-queue", 0),
    )
    .option(
      "--threads <n>",
      "with --model: CPU threads per embedded model (default: all cores; 1-2 is faster on a busy machine)",
      integerOption("--threads", 1),
    )
    .addHelpText(
      "after",
      `
Clients pick a served model by name in the request's \`model\` field, or send \`model: "auto"\` to let the routing
table choose from the request's aspects: \`metadata: {task_type, domain, reasoning}\` or the headers
x-slm-task-type, x-slm-domain, x-slm-reasoning. Responses carry x-slm-model, x-slm-route and x-slm-reason. When a
model fails (upstream down, timeout, full queue), the next model of the route serves the request.

API keys: ${API_KEY_ENV} may hold several, comma-separated; keys are never logged. Without keys the server is
open to anyone who can reach it, so it listens on ${DEFAULT_HOST} unless --host says otherwise.

serve.yaml:
  host: 127.0.0.1
  port: 8080
  limits: { maxBodyBytes: 1048576, maxTokens: 512, rateLimit: { requestsPerMinute: 600, burst: 60 } }
  models:
    - { name: tiny, spec: "llama-cpp:/models/tiny.gguf", concurrency: 2, maxQueue: 64, threads: 2 }
    - { name: big, spec: "openai-compatible:http://127.0.0.1:8000/v1#qwen2.5-7b", timeoutMs: 30000, retries: 1 }
  routes:
    - name: entailment
      aspect: task_type          # task_type | domain | reasoning
      entity: Textual Entailment
      models: [big, tiny]        # best first; the next serves when one fails
      prompt: { definition: "Does the second sentence follow from the first?", examples: [] }
  fallback: { models: [tiny] }   # auto requests matching no route (default: every model, in order)

Examples:
  slm-eval serve --model llama-cpp:./models/gemma-2b-it.Q4_K_M.gguf --port 8080
  ${API_KEY_ENV}=s3cret slm-eval serve --config serve.yaml
  curl -s localhost:8080/v1/chat/completions -H 'content-type: application/json' \\
    -d '{"model":"auto","metadata":{"task_type":"Textual Entailment"},"messages":[{"role":"user","content":"..."}]}'`,
    )
    .action(async (options: ServeOptions) => {
      const config = await resolveConfig(options);
      const apiKeys = [...options.apiKey, ...(process.env[API_KEY_ENV] ?? "").split(",")]
        .map((key) => key.trim())
        .filter(Boolean);
      const host = options.host ?? config.host ?? DEFAULT_HOST;
      const log = (line: string): void => {
        process.stderr.write(`${new Date().toISOString()} ${line}\n`);
      };
      const classifier = config.classifierFile
        ? await loadRequestClassifier(config.classifierFile)
        : undefined;
      const server = await startServe({
        config,
        ...(classifier ? { classifier } : {}),
        openProvider: openBackend,
        host,
        port: options.port ?? config.port ?? DEFAULT_PORT,
        apiKeys,
        log,
      });
      if (apiKeys.length === 0 && !isLoopback(host)) {
        log(`warning: listening on ${host} without API keys: anyone who can reach it can use the models`);
      }
      process.stdout.write(
        `slm-eval serve: listening on ${server.url} (models: ${server.models.join(", ")})\n`,
      );
      await untilShutdownSignal(log);
      await server.close();
      log("stopped");
    });
}

async function resolveConfig(options: ServeOptions): Promise<ServeConfig> {
  if (options.config && options.model.length > 0) {
    throw new UsageError("give either --config FILE or --model SPEC, not both");
  }
  if (!options.config && options.model.length === 0) {
    throw new UsageError("nothing to serve: give --config FILE or --model SPEC");
  }
  let config: ServeConfig;
  try {
    config = options.config ? await loadServeConfig(options.config) : singleModelConfig(options.model);
  } catch (error) {
    if (error instanceof ServeConfigError) throw new UsageError(error.message);
    throw error;
  }
  if (options.config && (options.concurrency !== undefined || options.maxQueue !== undefined)) {
    throw new UsageError(
      "--concurrency and --max-queue go with --model; set them per model in the config file",
    );
  }
  const models = config.models.map((model) => ({
    ...model,
    concurrency: options.concurrency ?? model.concurrency,
    maxQueue: options.maxQueue ?? model.maxQueue,
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
  }));
  const limits = {
    ...config.limits,
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
    ...(options.rateLimit !== undefined ? { rateLimit: { requestsPerMinute: options.rateLimit } } : {}),
  };
  return { ...config, models, limits };
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

/** Resolves on the first SIGINT or SIGTERM; a second one exits at once. */
function untilShutdownSignal(log: (line: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      log(`${signal}: finishing in-flight requests, then stopping (send again to stop now)`);
      process.once("SIGINT", () => process.exit(130));
      process.once("SIGTERM", () => process.exit(143));
      resolve();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
}
