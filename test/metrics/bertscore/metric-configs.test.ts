import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BertScoreConfig } from "../../../src/domain/metric.js";
import {
  BERTSCORE_SCORE_KEYS,
  bertScoreMetricConfigs,
} from "../../../src/metrics/bertscore/metric-configs.js";

const config: BertScoreConfig = {
  metric: "bertscore",
  model: "org/encoder",
  modelSource: "hub",
  onnxFile: "onnx/model.onnx",
  onnxSha256: "ab".repeat(32),
  layer: 24,
  layerOutput: "last_hidden_state",
  maxLength: 512,
  idf: false,
  rescale: { source: "roberta-large.tsv", baseline: { precision: 0.96, recall: 0.95, f1: 0.94 } },
  libraries: { transformersJs: "4.3.2", onnxruntimeNode: "1.30.0" },
};

describe("BERTScore configuration records for the store", () => {
  const configs = bertScoreMetricConfigs(config, "slm-eval 0.1.0");

  it("describes every score key, first reference and maximum over references", () => {
    assert.deepEqual(Object.keys(configs), [...BERTSCORE_SCORE_KEYS]);
    assert.equal(configs.bert_score_recall?.references, "first");
    assert.equal(configs.bert_score_recall_max?.references, "max");
    assert.equal(configs.bert_score_f1_max?.parameters.value, "f1");
    assert.equal(configs.bert_score_precision?.library, "slm-eval 0.1.0");
  });

  it("carries the model hash, layer, IDF, rescaling and library versions that the values depend on", () => {
    assert.deepEqual(configs.bert_score_recall?.parameters, {
      model: "org/encoder",
      model_source: "hub",
      onnx_file: "onnx/model.onnx",
      onnx_sha256: "ab".repeat(32),
      layer: 24,
      layer_output: "last_hidden_state",
      max_length: 512,
      idf: false,
      rescale_source: "roberta-large.tsv",
      rescale_baseline_precision: 0.96,
      rescale_baseline_recall: 0.95,
      rescale_baseline_f1: 0.94,
      transformers_js: "4.3.2",
      onnxruntime_node: "1.30.0",
      value: "recall",
    });
  });

  it("records raw scores with null rescale fields", () => {
    const raw = bertScoreMetricConfigs({ ...config, rescale: null }, "slm-eval 0.1.0");
    assert.equal(raw.bert_score_f1?.parameters.rescale_source, null);
    assert.equal(raw.bert_score_f1?.parameters.rescale_baseline_f1, null);
  });
});
