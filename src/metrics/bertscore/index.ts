export type { BertScoreConfig, BertScoreRescale, BertScoreValues } from "../../domain/metric.js";
export { parseBaselineFile, rescale } from "./baseline.js";
export { computeIdf, type IdfWeights, idfWeight } from "./idf.js";
export { BertScoreModelError } from "./model-error.js";
export {
  type BertScoreBatch,
  type BertScorePair,
  type BertScorePairScore,
  type BertScorer,
  type BertScorerOptions,
  createBertScorer,
} from "./scorer.js";
