import { type ModelComparison, NO_ENTITY, type PromptStyleTable } from "../domain/analysis.js";
import type { Aspect } from "../domain/task.js";
import { kitStyleColumn } from "./prompt-styles.js";

/** The paper kit names the task-type aspect `categories` in its folders and column headers. */
export const KIT_ASPECT_NAMES: Record<Aspect, string> = {
  "task-types": "categories",
  domains: "domains",
  reasoning: "reasoning",
};

export function aspectFromKitName(name: string): Aspect | undefined {
  return (Object.keys(KIT_ASPECT_NAMES) as Aspect[]).find((aspect) => KIT_ASPECT_NAMES[aspect] === name);
}

/**
 * A float as Python's repr (and so pandas' to_csv) writes it: shortest round-trip digits, `.0` on integral values,
 * exponent from 1e16 up and below 1e-4. Missing values are the empty string, as pandas writes NaN.
 */
export function formatKitNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e16 || magnitude < 1e-4)) {
    const [mantissa, exponent] = value.toExponential().split("e") as [string, string];
    const sign = exponent.startsWith("-") ? "-" : "+";
    const digits = exponent.replace(/^[+-]/, "").padStart(2, "0");
    return `${mantissa}e${sign}${digits}`;
  }
  const text = String(value);
  return Number.isInteger(value) ? `${text}.0` : text;
}

/** Quotes a field the way Python's csv module does by default: only when it holds a comma, quote or line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\n`;
}

/** The kit writes tasks without a value for an aspect under an empty entity name. */
export function kitEntityName(entity: string): string {
  return entity === NO_ENTITY ? "" : entity;
}

/** `all_results_with_best_instruction.csv`: pandas index column, entity, the style columns, max, best style. */
export function promptStyleTableCsv(table: PromptStyleTable): string {
  const aspect = KIT_ASPECT_NAMES[table.aspect];
  let text = csvLine(["", aspect, ...table.styles.map(kitStyleColumn), "max_value", "best_instruction"]);
  table.rows.forEach((row, index) => {
    text += csvLine([
      String(index),
      kitEntityName(row.entity),
      ...row.values.map(formatKitNumber),
      formatKitNumber(row.maxValue),
      kitStyleColumn(row.bestStyle),
    ]);
  });
  return text;
}

/** `results_pt_models.csv` / `results_it_models.csv`: entity, one column per model, best model. */
export function modelComparisonCsv(comparison: ModelComparison): string {
  let text = csvLine([KIT_ASPECT_NAMES[comparison.aspect], ...comparison.models, "best_model"]);
  for (const row of comparison.rows) {
    text += csvLine([kitEntityName(row.entity), ...row.values.map(formatKitNumber), row.bestModel ?? ""]);
  }
  return text;
}

/** Splits CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  while (i < body.length) {
    const char = body[i] as string;
    if (quoted) {
      if (char === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && body[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else {
      field += char;
    }
    i++;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
