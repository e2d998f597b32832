/** Precision, recall and F1 of one candidate against one reference (0–1; rescaled values may leave that range). */
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
  /** Hub id (`roberta-large`, `Xenova/bert-base-uncased`) or absolute path of a local model folder. */
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
