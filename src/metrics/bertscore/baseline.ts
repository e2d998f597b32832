import { readFile } from "node:fs/promises";
import type { BertScoreValues } from "../../domain/metric.js";

/**
 * Reads the baseline row for `layer` from a bert_score `rescale_baseline` file: a header `LAYER,P,R,F` and one
 * row per hidden-state index (bert_score's files are comma-separated despite their `.tsv` name; tabs work too).
 */
export function parseBaselineFile(text: string, layer: number, source: string): BertScoreValues {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const header = splitRow(lines[0] ?? "").map((cell) => cell.toUpperCase());
  const expected = ["LAYER", "P", "R", "F"];
  if (header.length !== 4 || header.some((cell, i) => cell !== expected[i])) {
    throw new Error(
      `${source}:1: expected the header LAYER,P,R,F of a bert_score baseline file, found ${JSON.stringify(lines[0] ?? "")}`,
    );
  }
  for (let index = 1; index < lines.length; index++) {
    const cells = splitRow(lines[index] as string);
    const values = cells.map(Number);
    if (cells.length !== 4 || values.some((value) => !Number.isFinite(value))) {
      throw new Error(
        `${source}:${index + 1}: expected four numbers LAYER,P,R,F, found ${JSON.stringify(lines[index])}`,
      );
    }
    const [rowLayer, precision, recall, f1] = values as [number, number, number, number];
    if (rowLayer === layer) return checkedBaseline({ precision, recall, f1 }, `${source}:${index + 1}`);
  }
  throw new Error(`${source}: no baseline row for layer ${layer}`);
}

export async function loadBaselineFile(file: string, layer: number): Promise<BertScoreValues> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read BERTScore baseline file ${file}: ${(error as Error).message}`);
  }
  return parseBaselineFile(text, layer, file);
}

/** A baseline of 1 would divide by zero; bert_score's baselines all lie well below 1. */
export function checkedBaseline(baseline: BertScoreValues, source: string): BertScoreValues {
  for (const [name, value] of Object.entries(baseline)) {
    if (!Number.isFinite(value) || value >= 1) {
      throw new Error(`${source}: baseline ${name} must be a number below 1, got ${value}`);
    }
  }
  return baseline;
}

/** bert_score's rescaling: (score - b) / (1 - b), applied to P, R and F1 with their own baselines. */
export function rescale(values: BertScoreValues, baseline: BertScoreValues): BertScoreValues {
  return {
    precision: (values.precision - baseline.precision) / (1 - baseline.precision),
    recall: (values.recall - baseline.recall) / (1 - baseline.recall),
    f1: (values.f1 - baseline.f1) / (1 - baseline.f1),
  };
}

function splitRow(line: string): string[] {
  return line.split(/[,\t]/).map((cell) => cell.trim());
}
