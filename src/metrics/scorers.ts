import type { LexicalMetricName, MetricConfig, MetricName, MetricScores } from "../domain/metric.js";
import { LEXICAL_METRIC_NAMES } from "../domain/metric.js";
import { bertScoreFactory } from "./bertscore/factory.js";
import { LEXICAL_SCORE_KEYS, lexicalMetricConfigs, type ScoringPair, scoreLexicalBatch } from "./lexical.js";
import { LexicalWorkerPool } from "./lexical-pool.js";

/** Scores batches of pairs for some metrics; one instance serves a whole scoring job. */
export interface BatchScorer {
  /** Score keys this scorer adds to each row, in output order (`<key>` then `<key>_max`). */
  readonly keys: readonly string[];
  /** The configuration record of every key it writes. */
  readonly configs: Readonly<Record<string, MetricConfig>>;
  /** One score record per pair, in the order of `pairs`. */
  score(pairs: readonly ScoringPair[]): Promise<MetricScores[]>;
  /** Releases threads, models and sessions so the process can exit. */
  close(): Promise<void>;
}

export interface ScorerOptions {
  /** Worker threads for CPU-bound scoring; 1 scores on the calling thread. */
  workers: number;
  /** Metric-specific settings from the command line, e.g. a model id, keyed by option name. */
  settings: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Non-fatal notices (e.g. empty texts) for the user. */
  onWarning?: (message: string) => void;
}

/** Creates the scorer for the metrics of one family that a job asked for. */
export interface ScorerFactory {
  /** The `--metrics` names this factory serves. */
  readonly metrics: readonly MetricName[];
  create(metrics: readonly MetricName[], options: ScorerOptions): Promise<BatchScorer>;
}

const lexicalFactory: ScorerFactory = {
  metrics: LEXICAL_METRIC_NAMES,
  async create(metrics, options) {
    const lexical = metrics as readonly LexicalMetricName[];
    const configs = lexicalMetricConfigs(lexical);
    const keys = lexical.flatMap((metric) =>
      LEXICAL_SCORE_KEYS[metric].flatMap((key) => [key, `${key}_max`]),
    );
    if (options.workers <= 1) {
      return {
        keys,
        configs,
        score: async (pairs) => scoreLexicalBatch(pairs, lexical),
        close: async () => {},
      };
    }
    const pool = new LexicalWorkerPool(options.workers);
    return { keys, configs, score: (pairs) => pool.score(pairs, lexical), close: () => pool.close() };
  },
};

/** Every metric family the `score` command and the runner can compute. Model-based metrics add their factory here. */
const SCORER_FACTORIES: readonly ScorerFactory[] = [lexicalFactory, bertScoreFactory];

/** Metric names some factory serves, in registry order. */
export function availableMetrics(): MetricName[] {
  return SCORER_FACTORIES.flatMap((factory) => factory.metrics);
}

/**
 * One scorer per metric family among `metrics`, in registry order. Unknown names throw a RangeError listing the
 * available ones. On failure, scorers already created are closed.
 */
export async function createScorers(
  metrics: readonly MetricName[],
  options: ScorerOptions,
): Promise<BatchScorer[]> {
  const unknown = metrics.filter((metric) => !availableMetrics().includes(metric));
  if (unknown.length > 0) {
    throw new RangeError(`unknown metric ${unknown.join(", ")}; available: ${availableMetrics().join(", ")}`);
  }
  const scorers: BatchScorer[] = [];
  try {
    for (const factory of SCORER_FACTORIES) {
      const selected = factory.metrics.filter((metric) => metrics.includes(metric));
      if (selected.length > 0) scorers.push(await factory.create(selected, options));
    }
  } catch (error) {
    await Promise.all(scorers.map((scorer) => scorer.close()));
    throw error;
  }
  return scorers;
}
