import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../cli/errors.js";
import type { Prediction, RunConfig, StoredMetricValue } from "../domain/prediction.js";
import { formatStyleId } from "../prompts/index.js";
import { canonicalJson } from "../runner/canonical-json.js";
import { runIdOf, sha256 } from "../runner/run-identity.js";
import { sqlString } from "./export.js";
import { type KitRunParameters, parseKitFolderName } from "./kit-folder-name.js";
import { type StoredMetricConfig, saveMetricValues } from "./metric-values.js";
import { insertPredictions } from "./predictions.js";
import type { ResultsStore } from "./results-store.js";
import { saveRun } from "./runs.js";
import type { Row } from "./sql.js";

/** The kit's metric columns (0–100) and the score keys they become (0–1). */
const KIT_METRICS: Readonly<Record<string, string>> = {
  bleu: "bleu",
  rouge1: "rouge1",
  rouge2: "rouge2",
  rougeL: "rougeL",
  meteor: "meteor",
  bert_score_precision: "bert_score_precision",
  bert_score_recall: "bert_score_recall",
  bert_score_f1: "bert_score_f1",
};

/** The kit records the task of no prediction; imported predictions share this task name, numbered by CSV row. */
export const KIT_TASK = "(kit)";

export interface ImportedKitRun {
  folder: string;
  runId: string;
  label: string;
  style: string;
  predictions: number;
  metrics: string[];
}

/** The run folders of a kit checkout (`DIR/results/<run>/predictions.csv`) or of its results folder itself. */
export function kitRunFolders(dir: string): string[] {
  const results = existsSync(path.join(dir, "results")) ? path.join(dir, "results") : dir;
  if (!existsSync(results) || !statSync(results).isDirectory()) {
    throw new UsageError(`${dir}: not a directory (expected the paper kit's results/ folder or its parent)`);
  }
  const folders = readdirSync(results)
    .map((name) => path.join(results, name))
    .filter((folder) => existsSync(path.join(folder, "predictions.csv")))
    .sort();
  if (folders.length === 0) throw new UsageError(`${results}: no <run>/predictions.csv folders found`);
  return folders;
}

/** Imports one kit run folder in one transaction; importing it again changes nothing. */
export async function importKitRun(
  store: ResultsStore,
  folder: string,
  softwareVersion: string,
): Promise<ImportedKitRun> {
  const name = path.basename(folder);
  const parsed = parseKitFolderName(name);
  if ("error" in parsed) throw new UsageError(`${folder}: folder name: ${parsed.error}`);
  const file = path.join(folder, "predictions.csv");
  const rows = await store.query(
    `SELECT * FROM read_csv(${sqlString(file)}, header = true, all_varchar = true, quote = '"', escape = '"')`,
  );
  const columns = rows[0] ? Object.keys(rows[0]) : [];
  for (const required of ["prompt", "candidate", "reference"]) {
    if (rows.length > 0 && !columns.includes(required)) {
      throw new UsageError(`${file}: column "${required}" is missing (found: ${columns.join(", ")})`);
    }
  }
  const config = kitRunConfig(parsed, name);
  const runId = runIdOf(config);
  const metrics = Object.keys(KIT_METRICS).filter((column) => columns.includes(column));
  const configs = metrics.map((column) => metricConfig(column));
  const predictions = rows.map((row, index) => kitPrediction(runId, row, index, parsed.examples));
  const values: StoredMetricValue[] = [];
  rows.forEach((row, index) => {
    metrics.forEach((column, i) => {
      const value = Number(row[column]);
      if (row[column] === null || row[column] === "" || !Number.isFinite(value)) return;
      values.push({
        runId,
        task: KIT_TASK,
        instanceIndex: index,
        metric: KIT_METRICS[column] as string,
        value: value / 100,
        configHash: configs[i]?.configHash ?? "",
      });
    });
  });
  await store.transaction(async (tx) => {
    await saveRun(tx, {
      runId,
      config,
      styleName: formatStyleId(parsed),
      source: "import-kit",
      softwareVersion,
    });
    await insertPredictions(tx, predictions);
    await saveMetricValues(tx, values, configs);
  });
  return {
    folder,
    runId,
    label: parsed.label,
    style: formatStyleId(parsed),
    predictions: rows.length,
    metrics,
  };
}

function kitRunConfig(run: KitRunParameters, folderName: string): RunConfig {
  const instructionTuned = /instruct|-it$|chat|^gpt|deepseek/i.test(run.model);
  return {
    model: {
      spec: `kit:${run.company}/${run.model}`,
      label: run.label,
      kind: instructionTuned ? "instruction-tuned" : "pretrained",
    },
    style: {
      examples: run.examples,
      withDefinition: run.withDefinition,
      definitionVariant: run.definitionVariant,
      explanations: run.explanations,
      selection: "seeded",
      mode: "completion",
    },
    decoding: {
      maxNewTokens: 512,
      temperature: run.doSample ? 1 : 0,
      ...(run.topK !== undefined ? { topK: run.topK } : {}),
      ...(run.topP !== undefined ? { topP: run.topP } : {}),
    },
    selection: { split: "default/test", extra: { kitFolder: folderName } },
  };
}

function kitPrediction(runId: string, row: Row, index: number, examples: number): Prediction {
  const text = (column: string) =>
    row[column] === null || row[column] === undefined ? "" : String(row[column]);
  const list = (column: string) =>
    text(column)
      .split(", ")
      .map((value) => value.trim())
      .filter((value) => value !== "");
  const entities = (paths: string[]) => paths.map((p) => p.split("->")[0]?.trim() ?? p);
  const prompt = text("prompt");
  const taskTypes = list("categories");
  const domains = list("domains");
  const reasoning = list("reasoning");
  return {
    runId,
    task: KIT_TASK,
    instanceIndex: index,
    instanceId: `kit-${index}`,
    promptHash: sha256(prompt),
    prompt,
    candidate: text("candidate"),
    references: [text("reference")],
    taskTypePaths: taskTypes,
    taskTypeEntities: entities(taskTypes),
    domainPaths: domains,
    domainEntities: entities(domains),
    reasoningPaths: reasoning,
    reasoningEntities: entities(reasoning),
    inputLanguages: list("input_language"),
    outputLanguages: list("output_language"),
    instructionLanguages: list("instruction_language"),
    examplesUsed: examples,
    promptTokens: 0,
    completionTokens: 0,
    latencyMs: 0,
    finishReason: "stop",
    cached: false,
  };
}

function metricConfig(column: string): StoredMetricConfig {
  const configJson = canonicalJson({
    metric: KIT_METRICS[column],
    reference: "paper kit predictions.csv column, divided by 100",
    column,
  });
  return { configHash: sha256(configJson).slice(0, 16), metric: KIT_METRICS[column] as string, configJson };
}
