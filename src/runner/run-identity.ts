import { createHash } from "node:crypto";
import type { DataSelection, DataSelectionFlags, RunConfig } from "../domain/prediction.js";
import type { RenderedPrompt } from "../domain/prompt.js";
import type { DecodingOptions } from "../domain/provider.js";
import { normalizeStyle } from "../prompts/index.js";
import { canonicalJson } from "./canonical-json.js";

/**
 * The run configuration with its style normalised (fields that cannot change the text blanked), so two configs
 * that produce the same prompts hash alike. `contextSize` is derived from the model file, not chosen: left out.
 */
export function normalizeRunConfig(config: RunConfig): RunConfig {
  const { contextSize: _derived, ...model } = config.model;
  const normalized: RunConfig = { ...config, model, style: normalizeStyle(config.style) };
  // A definitions file is identified by its content: renaming or moving it keeps the run id.
  if (config.definitions) normalized.definitions = { file: "", sha256: config.definitions.sha256 };
  return normalized;
}

/** 16 hex digits of sha256 over the canonical JSON of the normalised run configuration. */
export function runIdOf(config: RunConfig): string {
  return sha256(canonicalJson(normalizeRunConfig(config))).slice(0, 16);
}

/**
 * Key of a response in the cache: the model, the exact prompt and the decoding options that change the output.
 * Greedy decoding ignores the seed, so it is left out there. Secrets never enter: a model spec holds none.
 */
export function responseCacheKey(
  modelSpec: string,
  prompt: RenderedPrompt,
  decoding: DecodingOptions,
): string {
  const greedy = decoding.temperature === 0;
  const decodingKey = {
    maxNewTokens: decoding.maxNewTokens,
    temperature: decoding.temperature,
    topK: greedy ? undefined : decoding.topK,
    topP: greedy ? undefined : decoding.topP,
    seed: greedy ? undefined : decoding.seed,
    stop: decoding.stop,
  };
  return sha256(canonicalJson({ model: modelSpec, prompt, decoding: decodingKey }));
}

/** Sampled outputs are reusable only when a seed makes them reproducible. */
export function isCacheable(decoding: DecodingOptions): boolean {
  return decoding.temperature === 0 || decoding.seed !== undefined;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The data selection recorded with each run: filters as given, lists sorted so their order does not matter.
 * One builder for every command, so an experiment and the equivalent `eval` share run ids and predictions.
 */
export function runSelectionOf(flags: DataSelectionFlags): DataSelection {
  const sorted = (list?: string[]) => (list && list.length > 0 ? [...list].sort() : undefined);
  return {
    split: `${flags.splitSet}/${flags.split}`,
    tasks: sorted(flags.tasks),
    taskTypes: sorted(flags.taskTypes),
    domains: sorted(flags.domains),
    reasoning: sorted(flags.reasoning),
    instancesPerTask: flags.instancesPerTask,
    ...(flags.allLanguages ? { extra: { allLanguages: true } } : {}),
  };
}
