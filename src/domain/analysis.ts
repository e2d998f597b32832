import type { ModelKind } from "./provider.js";
import type { Aspect } from "./task.js";

/**
 * A prompt-style cell of the paper's 4 × 2 grid, written like the CLI writes styles: `<examples>-<def|nodef>`
 * (e.g. `4-def`). Variants (paraphrased/adversarial definitions, explanations) are separate analyses.
 */
export type StyleId = string;

/** The entity under which a task without any value for an aspect counts (the kit writes it as an empty name). */
export const NO_ENTITY = "(none)";

/** One entity-level score: the mean metric of a model's run over the instances whose task carries the entity. */
export interface EntityScore {
  model: string;
  aspect: Aspect;
  entity: string;
  style: StyleId;
  /** Metric mean, on the scale it was stored in (the library's 0–1, or 0–100 for imported paper tables). */
  value: number;
}

/** A per-entity row of the prompt-style table: one value per style (null where the run had no instances). */
export interface PromptStyleRow {
  entity: string;
  values: Array<number | null>;
  maxValue: number;
  bestStyle: StyleId;
}

/** Entity × the eight styles for one (model, aspect): the kit's `all_results_with_best_instruction.csv`. */
export interface PromptStyleTable {
  model: string;
  aspect: Aspect;
  /** Column order of `values` in each row. */
  styles: StyleId[];
  rows: PromptStyleRow[];
}

export interface ModelComparisonRow {
  entity: string;
  /** Each model's value at its own best style, in `models` order; null where the model has no value. */
  values: Array<number | null>;
  /** The style each value was taken at, in `models` order. */
  bestStyles: Array<StyleId | null>;
  bestModel: string | null;
}

/** Entity × models, each at its best style: the kit's `results_pt_models.csv` / `results_it_models.csv`. */
export interface ModelComparison {
  aspect: Aspect;
  models: string[];
  rows: ModelComparisonRow[];
}

/** A macro average over a taxonomy group's entities (each entity weighted equally), per model at best style. */
export interface GroupScore {
  model: string;
  aspect: Aspect;
  group: string;
  value: number;
  /** Entities of the group that had a value and entered the average. */
  entities: string[];
}

/** A 95% interval from the seeded cluster bootstrap over tasks. */
export interface Interval {
  low: number;
  high: number;
}

/** Where a score came from: this project's own runs, or a published table imported as reference. */
export type ResultSource = "run" | "reference";

/** An entity-level score read from a published table (e.g. the paper's), with its metric and provenance. */
export interface ReferenceScore extends EntityScore {
  metric: string;
  /** The file it came from. */
  source: string;
}

/** A model as analyses list it. */
export interface AnalyzedModel {
  model: string;
  kind: ModelKind;
  source: ResultSource;
}

/** One leaderboard cell: a model's value at its best style for an entity, a group or overall, 0–100. */
export interface LeaderboardEntry {
  model: string;
  kind: ModelKind;
  source: ResultSource;
  level: "overall" | "group" | "entity";
  /** Absent for the overall level. */
  aspect?: Aspect;
  /** Entity or group name; "overall" for the overall level. */
  name: string;
  value: number;
  /** The style the value was taken at (per entity at the entity level; per model overall otherwise). */
  bestStyle?: StyleId;
  /** 95% cluster-bootstrap interval; absent for reference results and cells with fewer than two tasks. */
  interval?: Interval;
  /** Instances behind the value (0 for reference results). */
  instances: number;
  tasks: number;
}

/** The LM level: mean metric per run (model × style × decoding), 0–100. */
export interface LmLevelRow {
  model: string;
  style: StyleId;
  definitionVariant: string;
  decoding: string;
  value: number;
  interval?: Interval;
  instances: number;
  tasks: number;
}

/** Best vs runner-up on one entity, paired over shared tasks: is the winner's lead larger than the noise? */
export interface PairedComparison {
  aspect: Aspect;
  entity: string;
  winner: string;
  runnerUp: string;
  /** winner − runner-up, 0–100. */
  difference: number;
  interval?: Interval;
  sharedTasks: number;
  /** True when the interval of the difference contains 0. */
  withinNoise: boolean;
}

export interface CorrelationMatrix {
  models: string[];
  /** Pearson r over shared prompts; null where two models share fewer than two prompts. */
  values: Array<Array<number | null>>;
  sharedPrompts: number[][];
}

/** Greedy vs sampled decoding at a model's best greedy style: overall and per entity, 0–100. */
export interface SamplingImpactRow {
  model: string;
  style: StyleId;
  aspect?: Aspect;
  /** "overall" or the entity. */
  name: string;
  decodings: string[];
  values: Array<number | null>;
  /** 95% cluster-bootstrap interval of each value (over tasks); absent with fewer than two tasks. */
  intervals?: Array<Interval | undefined>;
}

/** Value with the original definition vs a paraphrased or adversarial one, at the same style (greedy), 0–100. */
export interface DefinitionVariantRow {
  model: string;
  variant: string;
  style: StyleId;
  valueWithDefinition: number;
  valueWithVariant: number;
  /** (variant − original) / original × 100, as the paper reports it. */
  percentageDifference: number;
  /** 95% paired cluster-bootstrap interval of variant − original (points, 0–100) over the tasks both runs have. */
  differenceInterval?: Interval;
}

export interface PredictionSampleRow {
  model: string;
  style: StyleId;
  aspect: Aspect;
  entity: string;
  task: string;
  instanceId: string;
  prompt: string;
  candidate: string;
  reference: string;
  /** Every stored metric of this prediction, 0–100. */
  scores: Record<string, number>;
}

/** Everything the report shows, computed once; every value on the 0–100 scale. */
export interface AnalysisResult {
  metric: string;
  store: string;
  models: AnalyzedModel[];
  promptStyleTables: PromptStyleTable[];
  /** Per aspect, all selected models. */
  comparisons: ModelComparison[];
  /** Per aspect and model kind: the kit's results_pt_models / results_it_models. */
  kindComparisons: Array<{ kind: ModelKind; comparison: ModelComparison }>;
  groups: GroupScore[];
  leaderboard: LeaderboardEntry[];
  lmLevel: LmLevelRow[];
  paired: PairedComparison[];
  correlation?: CorrelationMatrix;
  sampling: SamplingImpactRow[];
  definitionVariants: DefinitionVariantRow[];
  samples: PredictionSampleRow[];
  /** Predictions sampled per (model, entity) for the drill-down. */
  samplesPerEntity: number;
  /** Bootstrap settings, for the report's method note. */
  seed: number;
  resamples: number;
}
