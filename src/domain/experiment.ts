import type { DataSelectionFlags } from "./prediction.js";
import type { ExampleSelection } from "./prompt.js";
import type { ModelKind } from "./provider.js";

/** A model of an experiment, as declared in the experiment file (paths already resolved). */
export interface ExperimentModel {
  spec: string;
  label?: string;
  kind?: ModelKind;
  parameters?: number;
  promptMode?: "completion" | "chat";
  /** Requests in flight (default: 1 for llama.cpp, 8 for HTTP servers). */
  concurrency?: number;
  /** CPU threads for llama.cpp. */
  threads?: number;
  /** Further base URLs serving the same model (OpenAI-compatible servers), balanced with the spec's own. */
  endpoints?: string[];
  /** Environment variable holding the API key; the key itself never enters the file or the store. */
  apiKeyEnv?: string;
}

/** A decoding setting of the study; `seeds` expands it into one run per seed. */
export interface ExperimentDecoding {
  name: string;
  temperature: number;
  topK?: number;
  topP?: number;
  seeds: number[];
  /** Style ids this setting is run with (default: the experiment's styles). */
  styles?: string[];
}

/** A paraphrased or adversarial definition file and the styles and decodings it is evaluated under. */
export interface ExperimentDefinitionVariant {
  variant: "paraphrased" | "adversarial";
  file: string;
  styles: string[];
  /** Names of decoding settings (default: the first one). */
  decodings?: string[];
}

export interface ExperimentData extends DataSelectionFlags {
  dir: string;
  allLanguages: boolean;
  taxonomy?: string;
}

export interface ExperimentMetrics {
  names: string[];
  bertscoreModel?: string;
  workers: number;
}

export interface ExperimentReport {
  out: string;
  metric?: string;
  png: boolean;
  samplesPerEntity: number;
}

/** A whole study declared once: what `slm-eval run` executes, resumably, and `slm-eval init` writes. */
export interface Experiment {
  /** The file it was read from; relative paths inside it are resolved against its folder. */
  file: string;
  name?: string;
  store: string;
  models: ExperimentModel[];
  /** Style ids, e.g. `0-def`, `8-nodef`. */
  styles: string[];
  prompt: { explanations: boolean; examples: ExampleSelection; fitExamples: boolean };
  decoding: { maxNewTokens: number; variants: ExperimentDecoding[] };
  definitionVariants: ExperimentDefinitionVariant[];
  data: ExperimentData;
  metrics: ExperimentMetrics;
  report?: ExperimentReport;
}

/** One of `count` deterministic parts of the work, `index` counted from 1 (`--shard 2/8`). */
export interface Shard {
  index: number;
  count: number;
}
