import type { MetricScores } from "../../domain/metric.js";
import { packageVersion } from "../../package-info.js";
import type { ScorerFactory } from "../scorers.js";
import { BERTSCORE_SCORE_KEYS, bertScoreMetricConfigs } from "./metric-configs.js";

/** `settings` key carrying the model (hub id or local folder), as the `--bertscore-model` option names it. */
export const BERTSCORE_MODEL_SETTING = "bertscore-model";

/** BERTScore in the metric registry of the `score` command and the runner. */
export const bertScoreFactory: ScorerFactory = {
  metrics: ["bertscore"],
  async create(_metrics, options) {
    const model = options.settings[BERTSCORE_MODEL_SETTING];
    if (typeof model !== "string" || model === "") {
      throw new RangeError(
        `bertscore needs a model: set ${BERTSCORE_MODEL_SETTING} to a hub id or a local folder`,
      );
    }
    // Loaded on demand: transformers.js and ONNX Runtime cost start-up time that lexical-only jobs should not pay.
    const { createBertScorer } = await import("./scorer.js");
    // The encoder already uses every core through ONNX Runtime's threads, so `workers` does not apply.
    const scorer = await createBertScorer({ model });
    // One notice per job rather than one per streamed batch.
    let emptyComparisons = 0;
    const configs = bertScoreMetricConfigs(scorer.config, `slm-eval ${packageVersion()}`);
    return {
      keys: BERTSCORE_SCORE_KEYS,
      configs,
      async score(pairs): Promise<MetricScores[]> {
        const { scores, stats } = await scorer.score(pairs);
        emptyComparisons += stats.emptyComparisons;
        return scores.map(({ first, max }) => ({
          bert_score_precision: first.precision,
          bert_score_precision_max: max.precision,
          bert_score_recall: first.recall,
          bert_score_recall_max: max.recall,
          bert_score_f1: first.f1,
          bert_score_f1_max: max.f1,
        }));
      },
      async close() {
        await scorer.close();
        if (emptyComparisons > 0) {
          options.onWarning?.(
            `BERTScore: ${emptyComparisons} candidate/reference comparison(s) with an empty text scored 0 (as bert_score does)`,
          );
        }
      },
    };
  },
};
