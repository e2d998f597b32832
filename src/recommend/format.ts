import { textTable } from "../cli/text-table.js";
import type { Recommendation, RecommendationCandidate, ResolvedCriterion } from "../domain/recommend.js";
import { formatParameterCount } from "./constraints.js";

function describeCriterion(criterion: ResolvedCriterion): string {
  if (criterion.fallback) return `${criterion.requested} → group ${criterion.group}`;
  return criterion.level === "group"
    ? `group ${criterion.group}`
    : (criterion.entities[0] ?? criterion.requested);
}

function interval(candidate: RecommendationCandidate): string {
  if (candidate.interval) return `${candidate.interval.low.toFixed(1)}–${candidate.interval.high.toFixed(1)}`;
  return candidate.source === "reference" ? "n/a (published)" : "n/a (<2 tasks)";
}

function size(candidate: RecommendationCandidate): string {
  if (candidate.parameters === undefined) return "?";
  return `${formatParameterCount(candidate.parameters)}${candidate.parametersFromName ? " (name)" : ""}`;
}

/** The ranking as a plain-text report: request, ranked pairs, per-model trade-offs, notes. */
export function formatRecommendation(recommendation: Recommendation, limit: number): string {
  const lines: string[] = [];
  for (const { source, criteria, basis } of recommendation.criteria) {
    const request = criteria.length > 0 ? criteria.map(describeCriterion).join(" + ") : "all tasks";
    const label = source === "run" ? "own runs" : "reference results";
    lines.push(`${label}: ${request}${criteria.length > 1 ? ` (${basis})` : ""}`);
  }
  lines.push(`metric: ${recommendation.metric} (0-100)`, "");
  const shown = recommendation.candidates.slice(0, limit);
  if (shown.length > 0) {
    const rows = [
      [
        "rank",
        "model",
        "style",
        "score",
        "95% CI",
        "params",
        "latency ms",
        "tok/s",
        "tasks",
        "source",
        "tie",
      ],
      ...shown.map((candidate, index) => [
        String(index + 1),
        candidate.model,
        candidate.style,
        candidate.score.toFixed(1),
        interval(candidate),
        size(candidate),
        candidate.latencyMs === undefined ? "-" : candidate.latencyMs.toFixed(1),
        candidate.tokensPerSecond === undefined ? "-" : candidate.tokensPerSecond.toFixed(1),
        candidate.source === "reference" ? "-" : String(candidate.tasks),
        candidate.source === "run" ? "own" : "reference",
        index > 0 && candidate.indistinguishableFromTop ? "≈ top" : "",
      ]),
    ];
    lines.push(textTable(rows).trimEnd());
    if (recommendation.candidates.length > limit) {
      lines.push(`(${recommendation.candidates.length - limit} more; --top N or --json for all)`);
    }
    lines.push("");
  }
  if (recommendation.tradeOffs.length > 0) {
    lines.push("Per model: best style, and what each other allowed style costs");
    const shownModels = new Set(shown.map((candidate) => candidate.model));
    for (const model of recommendation.tradeOffs.filter((entry) => shownModels.has(entry.model))) {
      lines.push(`  ${model.model}: best ${model.bestStyle} (${model.bestScore.toFixed(1)})`);
      for (const style of model.styles) lines.push(`    ${style.style}: ${style.description}`);
    }
    lines.push("");
  }
  for (const excluded of recommendation.excluded)
    lines.push(`excluded ${excluded.model}: ${excluded.reason}`);
  for (const note of recommendation.notes) lines.push(`note: ${note}`);
  return `${lines.join("\n")}\n`;
}
