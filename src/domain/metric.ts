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

/** BERTScore precision, recall and F1 of one candidate against one reference (rescaled values may leave 0–1). */
export interface BertScoreValues {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Everything a BERTScore number depends on. Two runs whose configurations differ are not comparable:
 * the scores drift with the model file, the layer, IDF weighting, rescaling and the library versions.
 */
export interface BertScoreConfig {
  metric: "bertscore";
  /** Hub id (e.g. `org/name`) or absolute path of a local model folder. */
  model: string;
  modelSource: "hub" | "local";
  /** ONNX file inside the model folder or repository, e.g. `onnx/model.onnx`. */
  onnxFile: string;
  /** sha256 (hex) of that ONNX file. */
  onnxSha256: string;
  /**
   * Index of the hidden state used, as bert_score's `num_layers` counts it: 0 is the embedding output,
   * N (the model's number of layers) the last layer. Null when the model config does not say how many layers it has.
   */
  layer: number | null;
  /** The ONNX output read: `last_hidden_state` or a per-layer output such as `hidden_states.17`. */
  layerOutput: string;
  /** Longest token sequence fed to the encoder (longer texts are truncated, as bert_score does). */
  maxLength: number;
  /** IDF weighting (bert_score's `idf=True`) computed from the references of each scoring call, or off. */
  idf: boolean;
  /** Baseline rescaling `(score - b) / (1 - b)`, or null when scores are raw. */
  rescale: BertScoreRescale | null;
  libraries: { transformersJs: string; onnxruntimeNode: string };
}

export interface BertScoreRescale {
  /** Where the baseline came from: a file path, or `values` when given directly. */
  source: string;
  baseline: BertScoreValues;
}
