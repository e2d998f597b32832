import { createHash } from "node:crypto";
import type { RunConfig } from "../../src/domain/prediction.js";
import type { ModelKind } from "../../src/domain/provider.js";
import type { ResultsStore } from "../../src/store/results-store.js";
import { saveRun } from "../../src/store/runs.js";

/**
 * Builds a synthetic results store for analysis tests and the benchmark: real run rows (through the store module)
 * and predictions + metric values generated in bulk by SQL. Values are a deterministic function of model quality,
 * prompt style, task difficulty and per-instance noise, so every figure can be predicted by the test.
 */
export interface SyntheticModel {
  label: string;
  kind: ModelKind;
  /** Base score 0–1. */
  quality: number;
}

export interface SyntheticRunVariant {
  model: string;
  style: string;
  definitionVariant?: "paraphrased" | "adversarial";
  topK?: number;
  topP?: number;
  /** Added to every value of this run. */
  shift: number;
}

export interface SyntheticOptions {
  models: SyntheticModel[];
  styles: string[];
  tasks: number;
  instancesPerTask: number;
  /** Extra runs (sampled decoding, definition variants) over the same instances. */
  variants?: SyntheticRunVariant[];
  metrics?: string[];
}

const TASK_TYPES = [
  "Data to Text",
  "Title Generation",
  "Question Rewriting",
  "Word Analogy",
  "Grammar Error Correction",
  "Coreference Resolution",
  "Dialogue Act Recognition",
  "Textual Entailment",
  "Overlap Extraction",
  "Keyword Tagging",
  "Answerability Classification",
  "Cause Effect Classification",
];
const DOMAINS = [
  "Fiction",
  "Books",
  "Economics",
  "Law",
  "Government and Politics",
  "History",
  "Computer Science",
  "Natural Science",
  "Nutrition",
  "Food",
  "Social Media",
  "News",
  "Wikipedia",
];
const REASONING = [
  "Causal Reasoning",
  "Analogical Reasoning",
  "Commonsense Reasoning",
  "Deductive Reasoning",
  "Abductive Reasoning",
  "Logical Reasoning",
  "Multihop Reasoning",
  "Cross-document Reasoning",
  "Quantitative Reasoning",
  "Temporal Reasoning",
];

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length] as T;
}

/** Entity lists of synthetic task `t`: one or two per aspect; every fifth task has no reasoning value. */
export function syntheticTaskEntities(t: number): {
  taskTypes: string[];
  domains: string[];
  reasoning: string[];
} {
  const taskTypes = [pick(TASK_TYPES, t)];
  if (t % 7 === 3) taskTypes.push(pick(TASK_TYPES, t + 5));
  const domains = [pick(DOMAINS, t * 3)];
  if (t % 2 === 1) domains.push(pick(DOMAINS, t * 3 + 4));
  const reasoning = t % 5 === 4 ? [] : [pick(REASONING, t)];
  if (t % 3 === 0 && reasoning.length > 0) reasoning.push(pick(REASONING, t + 3));
  return {
    taskTypes: [...new Set(taskTypes)],
    domains: [...new Set(domains)],
    reasoning: [...new Set(reasoning)],
  };
}

export function syntheticTaskName(t: number): string {
  return `task${String(t).padStart(4, "0")}_synthetic`;
}

function styleEffect(style: string): number {
  const [examples, definition] = style.split("-");
  return Number(examples) * 0.004 + (definition === "def" ? 0.02 : 0);
}

function runId(parts: unknown): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}

function runConfig(model: SyntheticModel, style: string, variant?: SyntheticRunVariant): RunConfig {
  const [examples, definition] = style.split("-");
  return {
    model: { spec: `synthetic:${model.label}`, label: model.label, kind: model.kind },
    style: {
      examples: Number(examples),
      withDefinition: definition === "def",
      definitionVariant: variant?.definitionVariant ?? "original",
      explanations: false,
      selection: "seeded",
      mode: "completion",
    },
    decoding: {
      maxNewTokens: 512,
      temperature: variant?.topK !== undefined || variant?.topP !== undefined ? 1 : 0,
      ...(variant?.topK !== undefined ? { topK: variant.topK } : {}),
      ...(variant?.topP !== undefined ? { topP: variant.topP } : {}),
    },
    selection: { split: "test", instancesPerTask: 100 },
  };
}

/** Fills `store` (fresh) with the synthetic runs; returns the run ids with their generating parameters. */
export async function fillSyntheticStore(
  store: ResultsStore,
  options: SyntheticOptions,
): Promise<Array<{ runId: string; model: SyntheticModel; style: string; offset: number }>> {
  const runs: Array<{
    runId: string;
    model: SyntheticModel;
    style: string;
    offset: number;
    config: RunConfig;
  }> = [];
  for (const model of options.models) {
    for (const style of options.styles) {
      const config = runConfig(model, style);
      runs.push({ runId: runId(config), model, style, offset: model.quality + styleEffect(style), config });
    }
  }
  for (const variant of options.variants ?? []) {
    const model = options.models.find((m) => m.label === variant.model);
    if (!model) throw new Error(`variant of unknown model ${variant.model}`);
    const config = runConfig(model, variant.style, variant);
    runs.push({
      runId: runId(config),
      model,
      style: variant.style,
      offset: model.quality + styleEffect(variant.style) + variant.shift,
      config,
    });
  }
  await store.transaction(async (tx) => {
    for (const run of runs) {
      await saveRun(tx, {
        runId: run.runId,
        config: run.config,
        styleName: run.style,
        source: "eval",
        softwareVersion: "synthetic",
      });
    }
  });
  await store.execute(
    "CREATE TEMP TABLE synthetic_runs (run_id VARCHAR, model_index INTEGER, offset_value DOUBLE)",
  );
  await store.execute(
    "CREATE TEMP TABLE synthetic_tasks (t INTEGER, task VARCHAR, tt VARCHAR[], d VARCHAR[], re VARCHAR[], difficulty DOUBLE)",
  );
  const runValues = runs.map(
    (run) => `('${run.runId}', ${options.models.indexOf(run.model)}, ${run.offset})`,
  );
  await store.execute(`INSERT INTO synthetic_runs VALUES ${runValues.join(", ")}`);
  for (let t = 0; t < options.tasks; t++) {
    const entities = syntheticTaskEntities(t);
    await store.execute("INSERT INTO synthetic_tasks VALUES ($1, $2, $3, $4, $5, $6)", [
      t,
      syntheticTaskName(t),
      entities.taskTypes,
      entities.domains,
      entities.reasoning,
      ((t * 37) % 23) / 100 - 0.1,
    ]);
  }
  await store.execute(
    `INSERT INTO predictions
     SELECT r.run_id, s.task, i.range::INTEGER, s.task || '-' || i.range, md5(s.task || i.range::VARCHAR),
       'Definition of ' || s.task || E'\\n\\nNow complete the following task: \\nInput: instance ' || i.range || E'\\nOutput: ',
       'output ' || i.range || ' of model ' || r.model_index, ['reference ' || i.range],
       s.tt, s.tt, s.d, s.d, s.re, s.re, ['English'], ['English'], ['English'],
       0, 100, 20, 50.0, 'stop', NULL, false, current_timestamp
     FROM synthetic_runs r CROSS JOIN synthetic_tasks s CROSS JOIN range(${options.instancesPerTask}) i`,
  );
  for (const [m, metric] of (options.metrics ?? ["bert_score_recall"]).entries()) {
    await store.execute(
      `INSERT INTO metric_values
       SELECT p.run_id, p.task, p.instance_index, '${metric}',
         greatest(0.0, least(1.0, r.offset_value + s.difficulty - ${m * 0.1}
           + ((hash(p.task, p.instance_index, r.model_index) % 1000) / 1000.0 - 0.5) * 0.2)),
         'synthetic'
       FROM predictions p JOIN synthetic_runs r USING (run_id) JOIN synthetic_tasks s USING (task)`,
    );
  }
  await store.execute("DROP TABLE synthetic_runs");
  await store.execute("DROP TABLE synthetic_tasks");
  return runs.map(({ runId, model, style, offset }) => ({ runId, model, style, offset }));
}
