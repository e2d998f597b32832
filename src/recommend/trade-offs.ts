import type { ModelTradeOffs, RecommendationCandidate, StyleTradeOff } from "../domain/recommend.js";
import { parseStyleId } from "../prompts/style-id.js";

function describeStyleChange(best: string, other: string): string {
  const a = parseStyleId(best);
  const b = parseStyleId(other);
  const parts: string[] = [];
  if (a.withDefinition && !b.withDefinition) parts.push("without a definition");
  if (!a.withDefinition && b.withDefinition) parts.push("with a definition");
  if (a.examples !== b.examples) parts.push(`with ${b.examples} instead of ${a.examples} examples`);
  return parts.join(" and ");
}

/** Per model (candidates come best first): its best style and what every other allowed style costs. */
export function tradeOffsOf(candidates: readonly RecommendationCandidate[]): ModelTradeOffs[] {
  const byModel = new Map<string, RecommendationCandidate[]>();
  for (const candidate of candidates) {
    const key = `${candidate.source}\u0000${candidate.model}`;
    byModel.set(key, [...(byModel.get(key) ?? []), candidate]);
  }
  return [...byModel.values()].map((list) => {
    const best = list[0] as RecommendationCandidate;
    const styles: StyleTradeOff[] = list.slice(1).map((candidate) => {
      const loss = best.score - candidate.score;
      let change: string;
      try {
        change = describeStyleChange(best.style, candidate.style);
      } catch {
        change = `with style ${candidate.style}`;
      }
      return {
        style: candidate.style,
        score: candidate.score,
        loss,
        description:
          loss < 0.05 ? `no measurable loss ${change}` : `you lose ${loss.toFixed(1)} points ${change}`,
      };
    });
    return { model: best.model, source: best.source, bestStyle: best.style, bestScore: best.score, styles };
  });
}
