import { readFile } from "node:fs/promises";
import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { REQUEST_ASPECTS, type RoutingTable } from "../domain/serve.js";
import { parseModelSpec } from "../providers/model-spec.js";
import { formatFieldPath } from "./field-path.js";

/** The `model` value that asks the router to choose; no served model may take it. */
export const RESERVED_MODEL_NAME = "auto";

const positiveInt = z.number().int().positive();

const exampleSchema = z.strictObject({
  input: z.string(),
  output: z.string(),
  explanation: z.string().optional(),
});

const routePromptSchema = z.strictObject({
  definition: z.string().default(""),
  examples: z.array(exampleSchema).default([]),
});

const modelSchema = z.strictObject({
  /** The `model` value clients send; defaults to a name derived from the spec. */
  name: z.string().min(1).optional(),
  spec: z.string().min(1, "expected a model spec such as llama-cpp:PATH or openai-compatible:URL#NAME"),
  /**
   * Requests one model works on at once. Default 1 for embedded models (one llama.cpp sequence keeps greedy
   * output byte-identical), 8 for upstream endpoints.
   */
  concurrency: positiveInt.optional(),
  /** Requests that may wait for the model; more get 503 with Retry-After. */
  maxQueue: z.number().int().nonnegative().default(64),
  /** Embedded models only: CPU threads per evaluation (fewer is faster on a busy machine) and context size. */
  threads: positiveInt.optional(),
  contextSize: positiveInt.optional(),
  /** Upstream endpoints only: per-request timeout and retries before the next model in a route is tried. */
  timeoutMs: positiveInt.optional(),
  retries: z.number().int().nonnegative().optional(),
});

const routeSchema = z.strictObject({
  name: z.string().min(1),
  aspect: z.enum(REQUEST_ASPECTS),
  entity: z.string().min(1),
  models: z.array(z.string().min(1)).min(1),
  /** The evaluation's prompt style the route was chosen at (`route build` writes it; `route evaluate` replays it). */
  style: z
    .string()
    .regex(/^\d+-(def|nodef)$/, "expected a style such as 0-def or 8-nodef")
    .optional(),
  prompt: routePromptSchema.optional(),
});

const serveConfigSchema = z.strictObject({
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  limits: z
    .strictObject({
      maxBodyBytes: positiveInt.default(1_048_576),
      maxTokens: positiveInt.default(512),
      /** Per API key (or per client address without keys); absent means no rate limit. */
      rateLimit: z.strictObject({ requestsPerMinute: positiveInt, burst: positiveInt.optional() }).optional(),
    })
    .prefault({}),
  models: z.array(modelSchema).min(1, "expected at least one model"),
  routes: z.array(routeSchema).default([]),
  fallback: z
    .strictObject({ models: z.array(z.string().min(1)).min(1), prompt: routePromptSchema.optional() })
    .optional(),
  /** Aspect classifier (JSON from `slm-eval route classifier`) for auto requests naming no aspect. */
  classifier: z.string().min(1).optional(),
});

type ParsedConfig = z.infer<typeof serveConfigSchema>;
export type ServeLimits = ParsedConfig["limits"];
export type ServedModelConfig = Omit<ParsedConfig["models"][number], "name" | "concurrency"> & {
  name: string;
  concurrency: number;
};

/** A validated `serve.yaml`: every model has a name and every route names configured models. */
export interface ServeConfig {
  host?: string;
  port?: number;
  limits: ServeLimits;
  models: ServedModelConfig[];
  routing: RoutingTable;
  /** Absolute path of the aspect classifier file, when the config names one. */
  classifierFile?: string;
}

/** Bad configuration: the message names the file, line and field. */
export class ServeConfigError extends Error {
  override readonly name = "ServeConfigError";
}

/** The `model` name of a spec without an explicit name: the GGUF file's stem or the upstream model's name. */
export function defaultModelName(spec: string): string {
  const hash = spec.lastIndexOf("#");
  if (hash >= 0 && hash < spec.length - 1) return spec.slice(hash + 1);
  const colon = spec.indexOf(":");
  const target = colon >= 0 ? spec.slice(colon + 1) : spec;
  return path.basename(target).replace(/\.gguf$/i, "") || spec;
}

export async function loadServeConfig(file: string): Promise<ServeConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ServeConfigError(`${file}: cannot read the serve config (${(error as Error).message})`);
  }
  return parseServeConfig(text, file);
}

export function parseServeConfig(text: string, file: string): ServeConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const yamlError = document.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0].line;
    throw new ServeConfigError(`${file}${line ? `:${line}` : ""}: invalid YAML: ${yamlError.message}`);
  }
  const located = (fieldPath: ReadonlyArray<PropertyKey>, message: string): ServeConfigError => {
    const node = document.getIn(fieldPath as unknown[], true) as
      | { range?: [number, number, number] }
      | undefined;
    const line = node?.range ? `:${lineCounter.linePos(node.range[0]).line}` : "";
    const field = formatFieldPath(fieldPath);
    return new ServeConfigError(`${file}${line}: ${field ? `${field}: ` : ""}${message}`);
  };

  const parsed = serveConfigSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw located(issue?.path ?? [], issue?.message ?? "invalid serve config");
  }
  const config = parsed.data;

  const models = config.models.map((model, index) => {
    let embedded: boolean;
    try {
      embedded = parseModelSpec(model.spec).provider === "llama-cpp";
    } catch (error) {
      throw located(["models", index, "spec"], (error as Error).message);
    }
    return {
      ...model,
      name: model.name ?? defaultModelName(model.spec),
      concurrency: model.concurrency ?? (embedded ? 1 : 8),
    };
  });
  const seen = new Set<string>();
  for (const [index, model] of models.entries()) {
    if (model.name === RESERVED_MODEL_NAME) {
      throw located(
        ["models", index],
        `"${RESERVED_MODEL_NAME}" is reserved for routed requests; name the model otherwise`,
      );
    }
    if (seen.has(model.name)) {
      throw located(
        ["models", index],
        `model name "${model.name}" is used twice; give each model a distinct name`,
      );
    }
    seen.add(model.name);
  }
  const checkModels = (names: string[], at: PropertyKey[]): void => {
    for (const [index, name] of names.entries()) {
      if (!seen.has(name)) {
        throw located([...at, index], `unknown model "${name}"; expected one of: ${[...seen].join(", ")}`);
      }
    }
  };
  for (const [index, route] of config.routes.entries())
    checkModels(route.models, ["routes", index, "models"]);
  if (config.fallback) checkModels(config.fallback.models, ["fallback", "models"]);

  return {
    host: config.host,
    port: config.port,
    limits: config.limits,
    models,
    routing: { routes: config.routes, fallback: config.fallback },
    ...(config.classifier ? { classifierFile: path.resolve(path.dirname(file), config.classifier) } : {}),
  };
}

/** The configuration `--model SPEC` stands for: one model, no routes, default limits. */
export function singleModelConfig(specs: string[]): ServeConfig {
  const text = JSON.stringify({ models: specs.map((spec) => ({ spec })) });
  return parseServeConfig(text, "--model");
}
