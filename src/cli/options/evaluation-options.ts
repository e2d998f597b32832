import { availableParallelism } from "node:os";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { DefinitionVariant, ExampleSelection } from "../../domain/prompt.js";
import type { DecodingOptions, ModelKind, ModelSpec, Provider } from "../../domain/provider.js";
import {
  type DefinitionVariants,
  loadDefinitionVariants,
  parseStyleList,
  type StyleShape,
} from "../../prompts/index.js";
import { parseModelSpec } from "../../providers/model-spec.js";
import { openProvider as openBackend } from "../../providers/open-provider.js";
import { DEFAULT_STORE_FILE } from "../../store/results-store.js";
import { UsageError } from "../errors.js";

/** Flags of the evaluation commands (eval, quickstart) beyond the common data flags. */
export interface ParsedEvaluationOptions {
  model: string[];
  label?: string;
  kind?: ModelKind;
  promptMode?: "completion" | "chat";
  styles: string;
  definitionVariant: DefinitionVariant;
  definitions?: string;
  explanations?: boolean;
  examples: ExampleSelection;
  fitExamples?: boolean;
  maxNewTokens: number;
  temperature: number;
  topK?: number;
  topP?: number;
  seed: number;
  /** Absent: 1 for llama.cpp (byte-identical greedy output), 8 for HTTP servers. */
  concurrency?: number;
  threads?: number;
  maxRetries?: number;
  timeout?: number;
  apiKeyEnv?: string;
  store: string;
}

export function addModelOptions(command: Command, options: { required: boolean }): Command {
  const model = new Option(
    "--model <spec>",
    "model to evaluate, repeatable: llama-cpp:PATH_OR_HF_URI, openai-compatible:URL#NAME, ollama:NAME, openai:NAME, deepseek:NAME",
  ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  if (options.required) model.makeOptionMandatory();
  return command
    .addOption(model)
    .addOption(
      new Option(
        "--label <name>",
        "display label of the model in reports (one --model only), e.g. Gemma-2B-I",
      ),
    )
    .addOption(
      new Option("--kind <kind>", "pretrained or instruction-tuned (default: guessed from the name)").choices(
        ["pretrained", "instruction-tuned"],
      ),
    )
    .addOption(
      new Option(
        "--prompt-mode <mode>",
        "completion (the paper's text) or chat (default: chat for instruction-tuned models)",
      ).choices(["completion", "chat"]),
    );
}

export function addStyleAndDecodingOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--styles <list>", "prompt styles: all (the paper's eight) or e.g. 0-def,8-nodef").default(
        "all",
      ),
    )
    .addOption(
      new Option(
        "--definition-variant <variant>",
        "definition text: original, paraphrased or adversarial (needs --definitions)",
      )
        .choices(["original", "paraphrased", "adversarial"])
        .default("original"),
    )
    .addOption(
      new Option("--definitions <file>", "CSV id,definition,<variant>_definition (the paper kit's layout)"),
    )
    .addOption(new Option("--explanations", "add each example's explanation after its output"))
    .addOption(
      new Option("--examples <selection>", "example choice: seeded (per seed, task, instance) or first")
        .choices(["seeded", "first"])
        .default("seeded"),
    )
    .addOption(
      new Option(
        "--fit-examples",
        "drop examples from the end until prompt + max new tokens fit the context",
      ),
    )
    .addOption(
      new Option("--max-new-tokens <n>", "tokens generated at most per instance")
        .argParser(positiveInteger)
        .default(512),
    )
    .addOption(
      new Option("--temperature <t>", "0 = greedy (reproducible); > 0 samples")
        .argParser(nonNegativeNumber)
        .default(0),
    )
    .addOption(new Option("--top-k <k>", "sample among the k most likely tokens").argParser(positiveInteger))
    .addOption(new Option("--top-p <p>", "nucleus sampling threshold in (0, 1]").argParser(probability))
    .addOption(
      new Option("--seed <n>", "seed for example selection and sampled decoding")
        .argParser(nonNegativeInteger)
        .default(0),
    )
    .addOption(
      new Option(
        "--concurrency <n>",
        "requests in flight per model (default: 1 for llama.cpp, whose greedy output is byte-identical only then; 8 for HTTP servers)",
      ).argParser(positiveInteger),
    )
    .addOption(
      new Option(
        "--threads <n>",
        "CPU threads for llama.cpp (default: half the cores, at least 1; llama.cpp's threads spin-wait on each other, so on a busy machine fewer threads are often much faster)",
      ).argParser(positiveInteger),
    )
    .addOption(
      new Option(
        "--max-retries <n>",
        "HTTP servers: retries of a request on 429, 5xx, timeouts and connection errors (default 6; 0 fails fast)",
      ).argParser(nonNegativeInteger),
    )
    .addOption(
      new Option(
        "--timeout <seconds>",
        "HTTP servers: time allowed per request attempt (default 120)",
      ).argParser(positiveInteger),
    )
    .addOption(
      new Option(
        "--api-key-env <name>",
        "HTTP servers: environment variable holding the API key (never stored or logged), e.g. --api-key-env MY_KEY",
      ),
    )
    .addOption(new Option("--store <file>", "results store (DuckDB file)").default(DEFAULT_STORE_FILE));
}

export function modelSpecsFrom(options: ParsedEvaluationOptions): ModelSpec[] {
  if (options.label !== undefined && options.model.length > 1) {
    throw new UsageError("--label names one model; with several --model flags set no --label");
  }
  return options.model.map((spec) =>
    parseModelSpec(spec, {
      label: options.label,
      kind: options.kind,
      promptMode: options.promptMode,
      apiKeyEnv: options.apiKeyEnv,
    }),
  );
}

export function decodingFrom(options: ParsedEvaluationOptions): DecodingOptions {
  const sampled = options.temperature > 0;
  if (!sampled && (options.topK !== undefined || options.topP !== undefined)) {
    throw new UsageError("--top-k and --top-p sample: give --temperature greater than 0 as well");
  }
  return {
    maxNewTokens: options.maxNewTokens,
    temperature: options.temperature,
    ...(options.topK !== undefined ? { topK: options.topK } : {}),
    ...(options.topP !== undefined ? { topP: options.topP } : {}),
    seed: options.seed,
  };
}

export function styleShapesFrom(options: ParsedEvaluationOptions): StyleShape[] {
  return parseStyleList(options.styles);
}

export async function definitionsFrom(
  options: ParsedEvaluationOptions,
): Promise<DefinitionVariants | undefined> {
  if (options.definitionVariant === "original") return undefined;
  if (options.definitions === undefined) {
    throw new UsageError(`--definition-variant ${options.definitionVariant} needs --definitions FILE`);
  }
  return loadDefinitionVariants(options.definitions, options.definitionVariant);
}

/** Requests in flight for a model: the flag, or the backend's default. */
export function concurrencyFor(
  spec: ModelSpec,
  options: Pick<ParsedEvaluationOptions, "concurrency">,
): number {
  return options.concurrency ?? (spec.provider === "llama-cpp" ? 1 : 8);
}

/**
 * Half the cores: all of them is llama.cpp's own default, but its threads spin-wait on each other and one thread
 * descheduled by any other process stalls the rest (measured here: a tiny model 1000x slower with 2 threads on a
 * loaded 2-core machine than with 1). A fixed number per machine also keeps greedy outputs reproducible.
 */
export function defaultLlamaThreads(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}

/** Opens the backend of a parsed model spec; llama.cpp gets one sequence per concurrent request. */
export function openProvider(
  spec: ModelSpec,
  options: Pick<ParsedEvaluationOptions, "concurrency" | "threads" | "maxRetries" | "timeout">,
): Promise<Provider> {
  const concurrency = concurrencyFor(spec, options);
  return openBackend(spec, {
    llamaCpp: {
      sequences: concurrency,
      threads: options.threads ?? defaultLlamaThreads(),
    },
    http: {
      maxConcurrency: concurrency,
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      ...(options.timeout !== undefined ? { timeoutMs: options.timeout * 1000 } : {}),
    },
  });
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError("expected an integer ≥ 0");
  return n;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected a number ≥ 0");
  return n;
}

function probability(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new InvalidArgumentError("expected a number in (0, 1]");
  return n;
}
