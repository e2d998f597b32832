import type { Interval, ResultSource, StyleId } from "./analysis.js";
import type { ModelKind } from "./provider.js";
import type { Aspect } from "./task.js";

/** One requested aspect value as scored: the entity itself, or the entities of its taxonomy group. */
export interface ResolvedCriterion {
  aspect: Aspect;
  /** The name as the user wrote it (an entity or a group). */
  requested: string;
  /** `entity`: scored on the entity; `group`: on any entity of the group (named, or fallen back to). */
  level: "entity" | "group";
  /** The group's name when `level` is `group`. */
  group?: string;
  /** Entities whose tasks count for this criterion. */
  entities: string[];
  /** Set when the entity had too little data and its group stands in for it. */
  fallback?: string;
}

/**
 * How several criteria combine: `joint` scores the instances whose task carries all of them; `combined` is the
 * unweighted mean of each criterion's own score (used when too few tasks carry all of them, and always for
 * published tables, which hold per-entity means only).
 */
export type CombinationBasis = "joint" | "combined";

/** One ranked (model, prompt style) pair, on the 0–100 scale. */
export interface RecommendationCandidate {
  model: string;
  kind: ModelKind;
  source: ResultSource;
  /** The provider part of the model spec (`llama-cpp`, `ollama`, …); `reference` for imported tables. */
  provider: string;
  /** Model spec of own runs (absent for reference results). */
  spec?: string;
  parameters?: number;
  /** True when `parameters` was read from the model's name (reference results), not measured. */
  parametersFromName: boolean;
  style: StyleId;
  score: number;
  interval?: Interval;
  basis: CombinationBasis;
  instances: number;
  tasks: number;
  /** Mean generation latency per prediction (not cached), from the runs. */
  latencyMs?: number;
  tokensPerSecond?: number;
  /** Paired comparison with the top candidate: the 95% interval of the difference contains 0. */
  indistinguishableFromTop?: boolean;
}

/** One allowed style of a model against the model's best allowed style. */
export interface StyleTradeOff {
  style: StyleId;
  score: number;
  /** Best score − this style's score (≥ 0), in points. */
  loss: number;
  /** e.g. "you lose 1.8 points without a definition and with 0 instead of 8 examples". */
  description: string;
}

export interface ModelTradeOffs {
  model: string;
  source: ResultSource;
  bestStyle: StyleId;
  bestScore: number;
  styles: StyleTradeOff[];
}

/** A model left out of the ranking, and why (constraints, missing data). */
export interface ExcludedModel {
  model: string;
  reason: string;
}

export interface Recommendation {
  metric: string;
  /** Criteria per source: own runs and reference tables may fall back differently. */
  criteria: { source: ResultSource; criteria: ResolvedCriterion[]; basis: CombinationBasis }[];
  candidates: RecommendationCandidate[];
  tradeOffs: ModelTradeOffs[];
  excluded: ExcludedModel[];
  /** Plain sentences: fallbacks, combinations, indistinguishable leaders, what reference results lack. */
  notes: string[];
}
