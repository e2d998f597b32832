import type { BertScoreValues } from "../../domain/metric.js";

/** A text run through the encoder: its token ids and one unit-length embedding row per token. */
export interface EncodedText {
  tokenIds: Int32Array;
  /** tokenIds.length rows of `dimension` values, each row L2-normalised. */
  embeddings: Float32Array;
  dimension: number;
}

/**
 * Greedy max-cosine matching (BERTScore): every candidate token takes its most similar reference token
 * (precision), every reference token its most similar candidate token (recall), averaged with the tokens' weights.
 * Special tokens take part in the matching but weigh 0, exactly as in bert_score's `greedy_cos_idf`.
 * A side whose weights sum to 0 scores 0 (bert_score yields NaN there).
 */
export function greedyMatch(
  candidate: EncodedText,
  candidateWeights: Float64Array,
  reference: EncodedText,
  referenceWeights: Float64Array,
): BertScoreValues {
  const dimension = candidate.dimension;
  const candidateLength = candidate.tokenIds.length;
  const referenceLength = reference.tokenIds.length;
  const bestForCandidate = new Float64Array(candidateLength).fill(Number.NEGATIVE_INFINITY);
  const bestForReference = new Float64Array(referenceLength).fill(Number.NEGATIVE_INFINITY);
  const a = candidate.embeddings;
  const b = reference.embeddings;
  for (let i = 0; i < candidateLength; i++) {
    const aOffset = i * dimension;
    for (let j = 0; j < referenceLength; j++) {
      const bOffset = j * dimension;
      let cosine = 0;
      for (let k = 0; k < dimension; k++) cosine += (a[aOffset + k] as number) * (b[bOffset + k] as number);
      if (cosine > (bestForCandidate[i] as number)) bestForCandidate[i] = cosine;
      if (cosine > (bestForReference[j] as number)) bestForReference[j] = cosine;
    }
  }
  const precision = weightedMean(bestForCandidate, candidateWeights);
  const recall = weightedMean(bestForReference, referenceWeights);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

function weightedMean(values: Float64Array, weights: Float64Array): number {
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < values.length; i++) {
    const weight = weights[i] as number;
    if (weight === 0) continue;
    total += (values[i] as number) * weight;
    weightSum += weight;
  }
  return weightSum === 0 ? 0 : total / weightSum;
}
