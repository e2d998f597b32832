import { clippedOverlaps } from "./ngrams.js";
import { pythonFsum } from "./python-math.js";

/**
 * NLTK 3.8 sentence BLEU as `corpus_bleu([[reference]], [candidate], weights=(0.25,)*4,
 * smoothing_function=SmoothingFunction().method1)`: clipped n-gram precisions for n = 1..4, zero counts smoothed to
 * 0.1 / (number of candidate n-grams), brevity penalty, geometric mean through `exp(fsum(w * ln p))`. Tokens compare
 * case-sensitively. An empty candidate, or one without a single matching unigram, scores 0.
 */
export function bleuFromTokens(candidate: readonly string[], reference: readonly string[]): number {
  if (candidate.length === 0) return 0;
  const numerators = clippedOverlaps(candidate, reference, MAX_ORDER);
  if (numerators[0] === 0) return 0;
  const logTerms = LOG_TERMS;
  for (let n = 1; n <= MAX_ORDER; n++) {
    const numerator = numerators[n - 1] as number;
    const denominator = Math.max(1, candidate.length - n + 1);
    // method1: a zero numerator becomes epsilon; nonzero ones are Fractions, whose float() is numerator / denominator.
    const precision = numerator === 0 ? (numerator + EPSILON) / denominator : numerator / denominator;
    logTerms[n - 1] = WEIGHT * Math.log(precision);
  }
  return brevityPenalty(reference.length, candidate.length) * Math.exp(pythonFsum(logTerms));
}

const MAX_ORDER = 4;
const WEIGHT = 0.25;
const EPSILON = 0.1;
/** The terms of the geometric mean, refilled for every pair (no allocation per pair). */
const LOG_TERMS = new Float64Array(MAX_ORDER);

function brevityPenalty(referenceLength: number, candidateLength: number): number {
  if (candidateLength > referenceLength) return 1;
  if (candidateLength === 0) return 0;
  return Math.exp(1 - referenceLength / candidateLength);
}
