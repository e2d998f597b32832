import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../cli/errors.js";
import { NO_ENTITY, type ReferenceScore } from "../domain/analysis.js";
import type { ModelKind } from "../domain/provider.js";
import { aspectFromKitName, parseCsv } from "./kit-csv.js";
import { PUBLISHED_STYLE, styleFromKitColumn } from "./prompt-styles.js";

const PROMPT_STYLE_FILE = "all_results_with_best_instruction.csv";
const PROMPT_STYLE_FOLDER = "aspect_prompt_style_variation";

/**
 * Finds the kit's per-model prompt-style tables under `dir`, at
 * `…/<metric>/aspect_prompt_style_variation/<model>/<aspect>/all_results_with_best_instruction.csv`, in sorted path
 * order. `dir` may be the kit's results folder or any folder above or below the metric folder.
 */
export function findPromptStyleTableFiles(dir: string): string[] {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((relative) => path.basename(relative) === PROMPT_STYLE_FILE)
    .map((relative) => path.resolve(dir, relative));
  return files.filter((file) => promptStyleTableLocation(file) !== undefined).sort();
}

function promptStyleTableLocation(
  file: string,
): { metric: string; model: string; aspectName: string } | undefined {
  const parts = path.resolve(file).split(path.sep);
  const folder = parts.length - 4;
  if (parts[folder] !== PROMPT_STYLE_FOLDER) return undefined;
  const metric = parts[folder - 1];
  const model = parts[folder + 1];
  const aspectName = parts[folder + 2];
  if (!metric || !model || !aspectName) return undefined;
  return { metric, model, aspectName };
}

/** Reads one prompt-style table into entity scores; the model, aspect and metric come from its path. */
export function readPromptStyleTable(file: string): ReferenceScore[] {
  const location = promptStyleTableLocation(file);
  if (!location) {
    throw new UsageError(
      `${file}: expected a path …/<metric>/${PROMPT_STYLE_FOLDER}/<model>/<aspect>/${PROMPT_STYLE_FILE}`,
    );
  }
  const aspect = aspectFromKitName(location.aspectName);
  if (!aspect) {
    throw new UsageError(
      `${file}: unknown aspect folder "${location.aspectName}" (expected categories, domains or reasoning)`,
    );
  }
  const rows = parseCsv(readFileSync(file, "utf8"));
  const header = rows[0];
  if (!header) throw new UsageError(`${file}: the file is empty (expected a header line)`);
  const entityColumn = header.indexOf(location.aspectName);
  if (entityColumn < 0) {
    throw new UsageError(`${file}, line 1: no "${location.aspectName}" column in the header`);
  }
  const styleColumns = header
    .map((name, index) => ({ style: styleFromKitColumn(name), index }))
    .filter((column): column is { style: string; index: number } => column.style !== undefined);
  if (styleColumns.length === 0) {
    throw new UsageError(`${file}, line 1: no prompt-style columns like "0_examples_with_definition"`);
  }
  const scores: ReferenceScore[] = [];
  rows.slice(1).forEach((row, rowIndex) => {
    if (row.length === 1 && row[0] === "") return;
    const line = rowIndex + 2;
    if (row.length !== header.length) {
      throw new UsageError(`${file}, line ${line}: ${row.length} fields, the header has ${header.length}`);
    }
    // The kit's empty entity name stands for tasks without a value for the aspect.
    const entity = (row[entityColumn] as string) || NO_ENTITY;
    for (const { style, index } of styleColumns) {
      const cell = (row[index] as string).trim();
      if (cell === "") continue;
      const value = Number(cell);
      if (!Number.isFinite(value)) {
        throw new UsageError(`${file}, line ${line}, column "${header[index]}": "${cell}" is not a number`);
      }
      scores.push({
        model: location.model,
        aspect,
        entity,
        style,
        value,
        metric: location.metric,
        source: file,
      });
    }
  });
  return scores;
}

/** Every prompt-style table under `dir`; a usage error when there is none. */
export function readPaperPromptStyleTables(dir: string): ReferenceScore[] {
  const files = findPromptStyleTableFiles(dir);
  if (files.length === 0) {
    throw new UsageError(
      `${dir}: no prompt-style tables found (expected …/<metric>/${PROMPT_STYLE_FOLDER}/<model>/<aspect>/${PROMPT_STYLE_FILE})`,
    );
  }
  return files.flatMap(readPromptStyleTable);
}

/** The paper labels its instruction-tuned models with an `-I` suffix (`Gemma-2B-I`); the others are pretrained. */
export function paperModelKind(model: string): ModelKind {
  return model.endsWith("-I") ? "instruction-tuned" : "pretrained";
}

const SOTA_FOLDER = "sota_comparisons";
const SOTA_FILE = /^sota_comparison_on_(categories|domains|reasoning)\.csv$/;

/**
 * The kit's comparisons with large models (`…/<metric>/sota_comparisons/sota_comparison_on_<aspect>.csv`: entity ×
 * models). Their prompt style is not published, so values get the style `published`. Models listed in `skip` (those
 * with full prompt-style tables) are left out: their per-style tables are the better source.
 */
export function readPaperSotaTables(dir: string, skip: ReadonlySet<string>): ReferenceScore[] {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((relative) => path.resolve(dir, relative))
    .filter(
      (file) => SOTA_FILE.test(path.basename(file)) && path.basename(path.dirname(file)) === SOTA_FOLDER,
    )
    .sort();
  const scores: ReferenceScore[] = [];
  for (const file of files) {
    const aspectName = (SOTA_FILE.exec(path.basename(file)) as RegExpExecArray)[1] as string;
    const aspect = aspectFromKitName(aspectName) as ReferenceScore["aspect"];
    const metric = path.basename(path.dirname(path.dirname(file)));
    const [header, ...rows] = parseCsv(readFileSync(file, "utf8"));
    if (!header || header[0] !== aspectName) {
      throw new UsageError(`${file}, line 1: expected the first column to be "${aspectName}"`);
    }
    rows.forEach((row, rowIndex) => {
      if (row.length === 1 && row[0] === "") return;
      if (row.length !== header.length) {
        throw new UsageError(
          `${file}, line ${rowIndex + 2}: ${row.length} fields, the header has ${header.length}`,
        );
      }
      const entity = (row[0] as string) || NO_ENTITY;
      header.slice(1).forEach((model, i) => {
        const cell = (row[i + 1] as string).trim();
        if (skip.has(model) || cell === "") return;
        const value = Number(cell);
        if (!Number.isFinite(value)) {
          throw new UsageError(`${file}, line ${rowIndex + 2}, column "${model}": "${cell}" is not a number`);
        }
        scores.push({ model, aspect, entity, style: PUBLISHED_STYLE, value, metric, source: file });
      });
    });
  }
  return scores;
}
