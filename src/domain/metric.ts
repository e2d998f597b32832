/**
 * Metric names, score keys and the configuration record stored beside every value.
 * Scores are 0–1 fractions in the library; reports scale them to 0–100.
 */

/** Metrics the `score` command and the evaluation runner can ask for (`--metrics` values). */
export type MetricName = "bleu" | "rouge" | "meteor" | "exact_match" | "bertscore";

/** The lexical metrics, computed without a model. */
export type LexicalMetricName = Exclude<MetricName, "bertscore">;

export const LEXICAL_METRIC_NAMES: readonly LexicalMetricName[] = ["bleu", "rouge", "meteor", "exact_match"];

/** Score keys of the lexical metrics: `rouge` yields three. */
export type LexicalScoreKey = "bleu" | "rouge1" | "rouge2" | "rougeL" | "meteor" | "exact_match";

/**
 * Score values keyed by score key: `<key>` is computed against the first reference,
 * `<key>_max` is the maximum of the single-reference values over all references.
 */
export type MetricScores = Record<string, number>;

/** Precision, recall and F-measure of one ROUGE variant. */
export interface PrecisionRecallF {
  precision: number;
  recall: number;
  fmeasure: number;
}

/**
 * Everything that changes a metric's values, so two setups can be told apart.
 * Serialisable as JSON; the store persists one record per score key.
 */
export interface MetricConfig {
  /** Score key this record describes, e.g. `rougeL` or `bertscore_recall`. */
  metric: string;
  /** The implementation whose values this one reproduces, e.g. `nltk 3.8 sentence BLEU (corpus_bleu on one pair)`. */
  reference: string;
  /** Tokenizer, as the reference names it. */
  tokenizer: string;
  /** Stemmer and mode, when the metric stems. */
  stemmer?: string;
  /** WordNet release, when the metric uses synonyms. */
  wordnet?: string;
  /** Metric parameters (weights, smoothing, alpha/beta/gamma, model id, layer, ...). */
  parameters: Record<string, string | number | boolean | null>;
  /** How multiple references are combined: `first` or `max`. */
  references: "first" | "max";
  /** This package's name and version, which computed the value. */
  library: string;
}

/** A value with the configuration that produced it. */
export interface MetricValue {
  key: string;
  value: number;
  config: MetricConfig;
}
