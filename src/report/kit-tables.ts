import {
  csvField,
  formatKitNumber,
  KIT_ASPECT_NAMES,
  kitEntityName,
  modelComparisonCsv,
  promptStyleTableCsv,
} from "../analysis/kit-csv.js";
import { PAPER_STYLES } from "../analysis/prompt-styles.js";
import type { AnalysisResult, ModelComparison, PromptStyleTable } from "../domain/analysis.js";

/** A file of the report, relative to the output folder. */
export interface ReportFile {
  path: string;
  content: string | Uint8Array;
}

/** False for tables of published values without a style (large-model comparisons): no prompt-style CSV for them. */
export function hasPaperStyles(table: PromptStyleTable): boolean {
  return table.rows.some((row) =>
    table.styles.some((style, i) => PAPER_STYLES.includes(style) && row.values[i] !== null),
  );
}

/** A model name as a folder name: path separators and other unsafe characters become `_`. */
export function safeFileName(name: string): string {
  const safe = [...name].map((c) => (c.charCodeAt(0) < 32 || '/\\:*?"<>|'.includes(c) ? "_" : c)).join("");
  return safe.replace(/^\.+/, "_") || "_";
}

function csv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [header, ...rows].map((fields) => `${fields.map(csvField).join(",")}\n`).join("");
}

function markdownCell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

/** A Markdown table; numbers are rounded to two decimals for reading (the CSV beside it keeps full precision). */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (fields: readonly string[]) => `| ${fields.map(markdownCell).join(" | ")} |\n`;
  return line(header) + line(header.map(() => "---")) + rows.map(line).join("");
}

function round2(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : value.toFixed(2);
}

function comparisonMarkdown(comparison: ModelComparison): string {
  return markdownTable(
    [KIT_ASPECT_NAMES[comparison.aspect], ...comparison.models, "best_model"],
    comparison.rows.map((row) => [row.entity, ...row.values.map(round2), row.bestModel ?? ""]),
  );
}

/**
 * The analysis as CSV and Markdown tables in the paper kit's `aggregated_results/<metric>/…` layout (the names of
 * its published `paper_results/`), plus a leaderboard with intervals.
 */
export function kitTableFiles(result: AnalysisResult): ReportFile[] {
  const root = `aggregated_results/${safeFileName(result.metric)}`;
  const files: ReportFile[] = [];
  for (const table of result.promptStyleTables.filter(hasPaperStyles)) {
    files.push({
      path: `${root}/aspect_prompt_style_variation/${safeFileName(table.model)}/${KIT_ASPECT_NAMES[table.aspect]}/all_results_with_best_instruction.csv`,
      content: promptStyleTableCsv(table),
    });
  }
  for (const { kind, comparison } of result.kindComparisons) {
    const base = `${root}/aspect_level_lm_analysis/comparison_across_${KIT_ASPECT_NAMES[comparison.aspect]}/results_${kind === "pretrained" ? "pt" : "it"}_models`;
    files.push({ path: `${base}.csv`, content: modelComparisonCsv(comparison) });
    files.push({ path: `${base}.md`, content: comparisonMarkdown(comparison) });
  }
  for (const comparison of result.comparisons) {
    const base = `${root}/aspect_level_lm_analysis/comparison_across_${KIT_ASPECT_NAMES[comparison.aspect]}/results`;
    files.push({ path: `${base}.csv`, content: modelComparisonCsv(comparison) });
    files.push({ path: `${base}.md`, content: comparisonMarkdown(comparison) });
    const groups = result.groups.filter((g) => g.aspect === comparison.aspect);
    if (groups.length > 0) {
      const names = [...new Set(groups.map((g) => g.group))];
      const header = ["group", ...comparison.models];
      const rows = names.map((name) => [
        name,
        ...comparison.models.map((model) =>
          formatKitNumber(groups.find((g) => g.group === name && g.model === model)?.value),
        ),
      ]);
      files.push({ path: `${base}_by_group.csv`, content: csv(header, rows) });
    }
  }
  const leaderboardHeader = [
    "level",
    "aspect",
    "name",
    "model",
    "kind",
    "source",
    "value",
    "ci_low",
    "ci_high",
    "best_style",
    "tasks",
    "instances",
  ];
  const leaderboardRows = result.leaderboard.map((entry) => [
    entry.level,
    entry.aspect ?? "",
    entry.level === "entity" ? kitEntityName(entry.name) : entry.name,
    entry.model,
    entry.kind,
    entry.source,
    formatKitNumber(entry.value),
    formatKitNumber(entry.interval?.low),
    formatKitNumber(entry.interval?.high),
    entry.bestStyle ?? "",
    String(entry.tasks),
    String(entry.instances),
  ]);
  files.push({ path: `${root}/leaderboard.csv`, content: csv(leaderboardHeader, leaderboardRows) });
  files.push({
    path: `${root}/leaderboard.md`,
    content: markdownTable(
      ["level", "aspect", "name", "model", "value", "95% CI", "best style"],
      result.leaderboard.map((entry) => [
        entry.level,
        entry.aspect ?? "",
        entry.name,
        entry.model,
        round2(entry.value),
        entry.interval ? `${round2(entry.interval.low)}–${round2(entry.interval.high)}` : "",
        entry.bestStyle ?? "",
      ]),
    ),
  });
  if (result.lmLevel.length > 0) {
    files.push({
      path: `${root}/lm_level/results_by_run.csv`,
      content: csv(
        ["model_name", "style", "definition", "decoding", "value", "ci_low", "ci_high", "tasks", "instances"],
        result.lmLevel.map((row) => [
          row.model,
          row.style,
          row.definitionVariant,
          row.decoding,
          formatKitNumber(row.value),
          formatKitNumber(row.interval?.low),
          formatKitNumber(row.interval?.high),
          String(row.tasks),
          String(row.instances),
        ]),
      ),
    });
  }
  if (result.correlation) {
    const { models, values } = result.correlation;
    files.push({
      path: `${root}/model_correlation/correlation_across_models_by_prompt.csv`,
      content: csv(
        ["", ...models],
        models.map((model, i) => [model, ...(values[i] ?? []).map(formatKitNumber)]),
      ),
    });
  }
  const overallSampling = result.sampling.filter((row) => row.name === "overall");
  if (overallSampling.length > 0) {
    const decodings = [...new Set(overallSampling.flatMap((row) => row.decodings))];
    files.push({
      path: `${root}/lm_level_sampling_results/impact_of_sampling_on_language_models_overall.csv`,
      content: csv(
        ["model_name", "style", ...decodings],
        overallSampling.map((row) => [
          row.model,
          row.style,
          ...decodings.map((d) => formatKitNumber(row.values[row.decodings.indexOf(d)] ?? null)),
        ]),
      ),
    });
  }
  for (const variant of ["paraphrased", "adversarial"]) {
    const rows = result.definitionVariants.filter((row) => row.variant === variant);
    if (rows.length === 0) continue;
    files.push({
      path: `${root}/paraphrased_and_adversarial_prompt_results/${variant}_prompt_results.csv`,
      content: csv(
        [
          "model_name",
          "style",
          "value_with_def",
          `value_with_${variant}_def`,
          "percentage_difference_with_def",
        ],
        rows.map((row) => [
          row.model,
          row.style,
          formatKitNumber(row.valueWithDefinition),
          formatKitNumber(row.valueWithVariant),
          formatKitNumber(row.percentageDifference),
        ]),
      ),
    });
  }
  return files;
}
