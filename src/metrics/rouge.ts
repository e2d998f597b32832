import type { PrecisionRecallF } from "../domain/metric.js";
import { clippedOverlaps, SharedNgrams } from "./ngrams.js";
import { cachedPorterStem } from "./porter-stemmer.js";

/**
 * Google `rouge_score` (`RougeScorer(["rouge1","rouge2","rougeL"], use_stemmer=True)`), scoring a prediction against
 * a target.
 */

const NON_ALPHANUMERIC_RUN = /[^a-z0-9]+/g;
const STEM_MIN_LENGTH = 4;

/**
 * rouge_score's tokenizer: Python-lowercase, every run of characters outside `[a-z0-9]` becomes a space, split,
 * tokens longer than 3 characters Porter-stemmed (NLTK_EXTENSIONS), empty tokens dropped.
 */
export function rougeTokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of text.toLowerCase().replace(NON_ALPHANUMERIC_RUN, " ").split(" ")) {
    if (raw === "") continue;
    tokens.push(raw.length >= STEM_MIN_LENGTH ? cachedPorterStem(raw) : raw);
  }
  return tokens;
}

/** rouge_score's `fmeasure`, in its operation order. */
function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/** ROUGE-N over rouge tokens: clipped n-gram overlap over the prediction's and the target's n-gram counts. */
export function rougeNFromTokens(
  prediction: readonly string[],
  target: readonly string[],
  n: number,
): PrecisionRecallF {
  return rougeNFromOverlap(clippedOverlaps(prediction, target, n)[n - 1] as number, prediction, target, n);
}

function rougeNFromOverlap(
  overlap: number,
  prediction: readonly string[],
  target: readonly string[],
  n: number,
): PrecisionRecallF {
  const precision = overlap / Math.max(prediction.length - n + 1, 1);
  const recall = overlap / Math.max(target.length - n + 1, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** ROUGE-L over rouge tokens: longest common subsequence; an empty side scores 0. */
export function rougeLFromTokens(prediction: readonly string[], target: readonly string[]): PrecisionRecallF {
  if (prediction.length === 0 || target.length === 0) {
    return { precision: 0, recall: 0, fmeasure: 0 };
  }
  const ngrams = new SharedNgrams(target, prediction);
  const lcs = longestCommonSubsequence(ngrams.first, ngrams.second);
  const precision = lcs / prediction.length;
  const recall = lcs / target.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

function longestCommonSubsequence(a: Int32Array, b: Int32Array): number {
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    for (let j = 0; j < b.length; j++) {
      if (ai === b[j]) current[j + 1] = (previous[j] as number) + 1;
      else {
        const up = previous[j + 1] as number;
        const left = current[j] as number;
        current[j + 1] = Math.max(up, left);
      }
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] as number;
}

export interface RougeScores {
  rouge1: PrecisionRecallF;
  rouge2: PrecisionRecallF;
  rougeL: PrecisionRecallF;
}

/** ROUGE-1, ROUGE-2 and ROUGE-L of a candidate (prediction) against one reference (target). */
export function rougeScores(candidate: string, reference: string): RougeScores {
  return rougeScoresFromTokens(rougeTokenize(candidate), rougeTokenize(reference));
}

export function rougeScoresFromTokens(prediction: readonly string[], target: readonly string[]): RougeScores {
  // One pass counts the unigram and bigram overlaps.
  const [unigrams, bigrams] = clippedOverlaps(prediction, target, 2) as [number, number];
  return {
    rouge1: rougeNFromOverlap(unigrams, prediction, target, 1),
    rouge2: rougeNFromOverlap(bigrams, prediction, target, 2),
    rougeL: rougeLFromTokens(prediction, target),
  };
}
