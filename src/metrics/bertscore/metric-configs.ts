import type { BertScoreConfig, MetricConfig } from "../../domain/metric.js";

/** Score keys BERTScore adds to a scored row, in output order: each value, then its maximum over references. */
export const BERTSCORE_SCORE_KEYS = [
  "bert_score_precision",
  "bert_score_precision_max",
  "bert_score_recall",
  "bert_score_recall_max",
  "bert_score_f1",
  "bert_score_f1_max",
] as const;

const VALUE_OF_KEY = { precision: "precision", recall: "recall", f1: "f1" } as const;

/** The store's configuration record of every BERTScore key, flattened from the scorer's configuration. */
export function bertScoreMetricConfigs(
  config: BertScoreConfig,
  library: string,
): Record<string, MetricConfig> {
  const parameters = {
    model: config.model,
    model_source: config.modelSource,
    onnx_file: config.onnxFile,
    onnx_sha256: config.onnxSha256,
    layer: config.layer,
    layer_output: config.layerOutput,
    max_length: config.maxLength,
    idf: config.idf,
    rescale_source: config.rescale?.source ?? null,
    rescale_baseline_precision: config.rescale?.baseline.precision ?? null,
    rescale_baseline_recall: config.rescale?.baseline.recall ?? null,
    rescale_baseline_f1: config.rescale?.baseline.f1 ?? null,
    transformers_js: config.libraries.transformersJs,
    onnxruntime_node: config.libraries.onnxruntimeNode,
  };
  const configs: Record<string, MetricConfig> = {};
  for (const key of BERTSCORE_SCORE_KEYS) {
    const isMax = key.endsWith("_max");
    const value =
      VALUE_OF_KEY[key.replace(/^bert_score_/, "").replace(/_max$/, "") as keyof typeof VALUE_OF_KEY];
    configs[key] = {
      metric: key,
      reference:
        "bert_score semantics: greedy max-cosine matching, special tokens weigh 0, idf log((M+1)/(df+1)), " +
        "empty text scores 0, baseline rescaling (s-b)/(1-b); maximum over references per value",
      tokenizer:
        "the model's tokenizer.json via transformers.js (text stripped; prefix space for byte-level BPE)",
      parameters: { ...parameters, value },
      references: isMax ? "max" : "first",
      library,
    };
  }
  return configs;
}
