import type { LexicalMetricName, MetricScores } from "../domain/metric.js";
import { LEXICAL_METRIC_NAMES } from "../domain/metric.js";
import { bleuFromTokens } from "./bleu.js";
import { exactMatch } from "./exact-match.js";
import { LEXICAL_SCORE_KEYS } from "./lexical-configs.js";
import { meteorFromTokens } from "./meteor.js";
import { rougeScoresFromTokens, rougeTokenize } from "./rouge.js";
import { treebankTokenize } from "./treebank-tokenizer.js";

export { LEXICAL_SCORE_KEYS, lexicalMetricConfigs } from "./lexical-configs.js";

/** A candidate and its references, as the `score` command and the evaluation store hand them over. */
export interface ScoringPair {
  candidate: string;
  references: readonly string[];
}

/** Single-reference values of every requested score key. */
function scoreAgainst(
  candidate: Tokenized,
  reference: string,
  metrics: readonly LexicalMetricName[],
): Record<string, number> {
  const scores: Record<string, number> = {};
  const referenceTokens = lazyTokens(reference);
  for (const metric of metrics) {
    switch (metric) {
      case "bleu":
        scores.bleu = bleuFromTokens(candidate.treebank(), referenceTokens.treebank());
        break;
      case "rouge": {
        const rouge = rougeScoresFromTokens(candidate.rouge(), referenceTokens.rouge());
        scores.rouge1 = rouge.rouge1.fmeasure;
        scores.rouge2 = rouge.rouge2.fmeasure;
        scores.rougeL = rouge.rougeL.fmeasure;
        break;
      }
      case "meteor":
        scores.meteor = meteorFromTokens(candidate.treebank(), referenceTokens.treebank());
        break;
      case "exact_match":
        scores.exact_match = exactMatch(candidate.text, reference);
        break;
    }
  }
  return scores;
}

interface Tokenized {
  text: string;
  treebank(): string[];
  rouge(): string[];
}

/** Tokenizes on first use, once per tokenizer. */
function lazyTokens(text: string): Tokenized {
  let treebank: string[] | undefined;
  let rouge: string[] | undefined;
  return {
    text,
    treebank: () => {
      treebank ??= treebankTokenize(text);
      return treebank;
    },
    rouge: () => {
      rouge ??= rougeTokenize(text);
      return rouge;
    },
  };
}

/**
 * Scores one candidate: `<key>` against `references[0]` (the paper's kit) and `<key>_max`, the largest
 * single-reference value over all references (Super-NaturalInstructions' convention). Keys: `bleu`, `rouge1`,
 * `rouge2`, `rougeL`, `meteor`, `exact_match` for the requested metrics, each also with `_max`. Values are 0–1.
 */
export function scoreLexical(
  candidate: string,
  references: readonly string[],
  metrics: readonly LexicalMetricName[] = LEXICAL_METRIC_NAMES,
): MetricScores {
  if (references.length === 0) throw new RangeError("scoreLexical needs at least one reference");
  const tokenizedCandidate = lazyTokens(candidate);
  const perReference = references.map((reference) => scoreAgainst(tokenizedCandidate, reference, metrics));
  const first = perReference[0] as Record<string, number>;
  const scores: MetricScores = {};
  for (const metric of metrics) {
    for (const key of LEXICAL_SCORE_KEYS[metric]) {
      scores[key] = first[key] as number;
      let best = -Infinity;
      for (const values of perReference) best = Math.max(best, values[key] as number);
      scores[`${key}_max`] = best;
    }
  }
  return scores;
}

/** `scoreLexical` over many pairs, in order. */
export function scoreLexicalBatch(
  pairs: readonly ScoringPair[],
  metrics: readonly LexicalMetricName[] = LEXICAL_METRIC_NAMES,
): MetricScores[] {
  return pairs.map((pair) => scoreLexical(pair.candidate, pair.references, metrics));
}
