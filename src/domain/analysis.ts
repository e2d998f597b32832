import type { Aspect } from "./task.js";

/**
 * A prompt-style cell of the paper's 4 × 2 grid, written like the CLI writes styles: `<examples>-<def|nodef>`
 * (e.g. `4-def`). Variants (paraphrased/adversarial definitions, explanations) are separate analyses.
 */
export type StyleId = string;

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
