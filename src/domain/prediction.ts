import type { PromptStyle } from "./prompt.js";
import type { DecodingOptions, FinishReason, ModelInfo } from "./provider.js";

/** The data flags a run's selection is built from: `eval`'s options and an experiment file's `data:` alike. */
export interface DataSelectionFlags {
  split: string;
  splitSet: string;
  tasks?: string[];
  taskTypes?: string[];
  domains?: string[];
  reasoning?: string[];
  instancesPerTask: number;
  allLanguages?: boolean;
}

/**
 * Which instances a run covers, as the user selected them. Part of the run's identity: the same model, style and
 * decoding over a different selection is a different run. Filter values are kept as written (sorted lists).
 */
export interface DataSelection {
  split?: string;
  tasks?: string[];
  taskTypes?: string[];
  domains?: string[];
  reasoning?: string[];
  instancesPerTask?: number;
  /** Any further filter the data layer applies (languages, …), as plain JSON. */
  extra?: Record<string, unknown>;
}

/**
 * Everything that determines a run's predictions. Its canonical JSON hashes to the run id; it never holds secrets
 * (API keys stay in environment variables named by the provider configuration).
 */
export interface RunConfig {
  model: ModelInfo;
  style: PromptStyle;
  decoding: DecodingOptions;
  selection: DataSelection;
  /** The paraphrased or adversarial definitions file a variant style reads; its hash is part of the run id. */
  definitions?: DefinitionsFileRef;
}

export interface DefinitionsFileRef {
  /** The file as given (recorded, not hashed: moving the file keeps the run id). */
  file: string;
  sha256: string;
}

/** Where a run's predictions came from. */
export type RunSource = "eval" | "import-kit";

export interface RunRecord {
  runId: string;
  config: RunConfig;
  /** Short style name, e.g. `8-nodef`. */
  styleName: string;
  source: RunSource;
  softwareVersion: string;
  createdAt: Date;
  updatedAt: Date;
}

/** One model output for one instance under one run. Unique per (runId, task, instanceIndex). */
export interface Prediction {
  runId: string;
  task: string;
  instanceIndex: number;
  instanceId: string;
  /** sha256 of the rendered prompt (text, or the chat messages' JSON). */
  promptHash: string;
  /** The rendered prompt: completion text, or the chat messages as JSON. */
  prompt: string;
  candidate: string;
  references: string[];
  /** Full metadata paths and their entities (first part), per aspect. */
  taskTypePaths: string[];
  taskTypeEntities: string[];
  domainPaths: string[];
  domainEntities: string[];
  reasoningPaths: string[];
  reasoningEntities: string[];
  inputLanguages: string[];
  outputLanguages: string[];
  instructionLanguages: string[];
  /** In-context examples actually in the prompt (fewer than the style's when examples were dropped to fit). */
  examplesUsed: number;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  finishReason: FinishReason;
  error?: string;
  /** True when the output came from the response cache instead of the model. */
  cached: boolean;
}

/** A metric's score for one prediction, 0–1, with the hash of the metric configuration that produced it. */
export interface StoredMetricValue {
  runId: string;
  task: string;
  instanceIndex: number;
  metric: string;
  value: number;
  configHash: string;
}
