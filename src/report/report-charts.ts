import { PAPER_STYLES } from "../analysis/prompt-styles.js";
import type { AnalysisResult, ModelComparison, PromptStyleTable } from "../domain/analysis.js";
import type { Taxonomy } from "../domain/taxonomy.js";
import {
  type ChartSpec,
  correlationHeatmap,
  examplesLineChart,
  intervalBarChart,
  radarChart,
} from "./chart-options.js";
import { hasPaperStyles, safeFileName } from "./kit-tables.js";

/** Metric names as chart labels: `bert_score_recall` → `BERTScore recall`. */
export function metricLabel(metric: string): string {
  const known: Record<string, string> = {
    bert_score_recall: "BERTScore recall",
    bert_score_precision: "BERTScore precision",
    bert_score_f1: "BERTScore F1",
    rouge1: "ROUGE-1",
    rouge2: "ROUGE-2",
    rougeL: "ROUGE-L",
    bleu: "BLEU",
    meteor: "METEOR",
    exact_match: "Exact match",
  };
  return known[metric] ?? metric;
}

/**
 * Charts plot the taxonomy's entities (the paper's selection) when at least three of them have values; otherwise
 * every entity, so a custom taxonomy or unusual data still gets a chart.
 */
function chartEntities(
  aspectEntities: readonly string[],
  taxonomy: Taxonomy,
  aspect: keyof Taxonomy,
): Set<string> {
  const chosen = new Set(taxonomy[aspect].flatMap((group) => group.entities));
  const present = aspectEntities.filter((entity) => chosen.has(entity));
  return new Set(present.length >= 3 ? present : aspectEntities);
}

function restrictComparison(comparison: ModelComparison, taxonomy: Taxonomy): ModelComparison {
  const keep = chartEntities(
    comparison.rows.map((r) => r.entity),
    taxonomy,
    comparison.aspect,
  );
  return { ...comparison, rows: comparison.rows.filter((row) => keep.has(row.entity)) };
}

function restrictTable(table: PromptStyleTable, taxonomy: Taxonomy): PromptStyleTable {
  const keep = chartEntities(
    table.rows.map((r) => r.entity),
    taxonomy,
    table.aspect,
  );
  return { ...table, rows: table.rows.filter((row) => keep.has(row.entity)) };
}

export interface ReportChart extends ChartSpec {
  /** Where the chart's SVG/PNG go, relative to the report folder, without extension. */
  file: string;
  kind: "radar" | "line" | "heatmap" | "bar";
  /** For line charts: which model and aspect (the page shows one pair at a time). */
  model?: string;
  aspect?: string;
}

/** Every chart of the report. Empty inputs give no chart (the page shows "no data" instead). */
export function reportCharts(result: AnalysisResult, taxonomy: Taxonomy): ReportChart[] {
  const label = metricLabel(result.metric);
  const charts: ReportChart[] = [];
  const sets: Array<{ name: string; slug: string; comparisons: ModelComparison[] }> = [
    { name: "all selected models", slug: "all", comparisons: result.comparisons },
    ...result.kindComparisons
      .map((k) => ({ kind: k.kind, comparison: k.comparison }))
      .reduce<Array<{ name: string; slug: string; comparisons: ModelComparison[] }>>((acc, k) => {
        const slug = k.kind === "pretrained" ? "pt" : "it";
        const entry = acc.find((a) => a.slug === slug);
        if (entry) entry.comparisons.push(k.comparison);
        else acc.push({ name: k.kind, slug, comparisons: [k.comparison] });
        return acc;
      }, []),
  ];
  for (const set of sets) {
    for (const comparison of set.comparisons) {
      const restricted = restrictComparison(comparison, taxonomy);
      if (restricted.rows.length < 3 || restricted.models.length === 0) continue;
      const id = `radar-${set.slug}-${comparison.aspect}`;
      charts.push({ ...radarChart(id, restricted, label, set.name), file: `charts/${id}`, kind: "radar" });
    }
  }
  const overall = result.leaderboard.filter((e) => e.level === "overall");
  if (overall.length > 0) {
    charts.push({
      ...intervalBarChart("bar-overall", "Overall score per model", overall, label),
      file: "charts/bar-overall",
      kind: "bar",
    });
  }
  for (const aspect of new Set(result.comparisons.map((c) => c.aspect))) {
    const groups = result.leaderboard.filter((e) => e.level === "group" && e.aspect === aspect);
    const names = [...new Set(groups.map((g) => g.name))];
    for (const name of names) {
      const id = `bar-group-${aspect}-${safeFileName(name).replaceAll(" ", "_")}`;
      charts.push({
        ...intervalBarChart(
          id,
          `${name} (${aspect} group)`,
          groups.filter((g) => g.name === name),
          label,
        ),
        file: `charts/${id}`,
        kind: "bar",
        aspect,
      });
    }
  }
  if (result.correlation) {
    charts.push({
      ...correlationHeatmap("heatmap-correlation", result.correlation, label),
      file: "charts/heatmap-correlation",
      kind: "heatmap",
    });
  }
  for (const table of result.promptStyleTables.filter(hasPaperStyles)) {
    const restricted = restrictTable(table, taxonomy);
    if (restricted.rows.length === 0) continue;
    const paperColumns = restricted.styles.flatMap((style, i) => (PAPER_STYLES.includes(style) ? [i] : []));
    const all = restricted.rows.flatMap((row) =>
      paperColumns.map((i) => row.values[i]).filter((v): v is number => v !== null && v !== undefined),
    );
    const range = { min: Math.min(...all), max: Math.max(...all) };
    for (const withDefinition of [true, false]) {
      const id = `line-${safeFileName(table.model)}-${table.aspect}-${withDefinition ? "def" : "nodef"}`;
      charts.push({
        ...examplesLineChart(id, restricted, withDefinition, label, range),
        file: `charts/${id}`,
        kind: "line",
        model: table.model,
        aspect: table.aspect,
      });
    }
  }
  return charts;
}
