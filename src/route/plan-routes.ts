import { NO_ENTITY, type StyleId } from "../domain/analysis.js";
import type { RequestAspect } from "../domain/serve.js";
import { ASPECTS, type Aspect } from "../domain/task.js";
import type { Evidence } from "../recommend/evidence.js";
import { type RecommendOptions, recommend } from "../recommend/rank.js";

/** The request aspect (metadata key) each analysis aspect is routed by. */
export const REQUEST_ASPECT_OF: Record<Aspect, RequestAspect> = {
  "task-types": "task_type",
  domains: "domain",
  reasoning: "reasoning",
};

/** One route before prompts are attached: which models serve an entity, best first, at which prompt style. */
export interface PlannedRoute {
  aspect: Aspect;
  entity: string;
  /** Served model names, best first (each at its own best allowed style). */
  models: string[];
  /** The first model's best allowed style: the prompt the route puts around requests. */
  style: StyleId;
  score: number;
  /** The own-run task with the most scored instances for the entity (the prompt's source), when there is one. */
  task?: string;
}

export interface RoutePlan {
  routes: PlannedRoute[];
  /** For requests matching no route: the overall ranking. */
  fallback?: { models: string[]; style: StyleId };
  /** Models the results rank but that cannot be served (no model spec). */
  unservable: string[];
}

export type PlanOptions = Omit<RecommendOptions, "requested">;

/** Entities with results, per aspect, in code-point order; tasks without a value (`(none)`) get no route. */
function entitiesWithResults(evidence: Evidence, aspect: Aspect): string[] {
  const names = new Set<string>();
  for (const entities of evidence.taskEntities.values())
    for (const entity of entities[aspect]) names.add(entity);
  for (const score of evidence.reference) if (score.aspect === aspect) names.add(score.entity);
  names.delete(NO_ENTITY);
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function representativeTask(
  evidence: Evidence,
  aspect: Aspect,
  entity: string,
  models: string[],
): string | undefined {
  const instances = new Map<string, number>();
  for (const cell of evidence.cells) {
    if (cell.model !== models[0]) continue;
    for (const total of cell.totals.values()) {
      if (evidence.taskEntities.get(total.task)?.[aspect].includes(entity)) {
        instances.set(total.task, (instances.get(total.task) ?? 0) + total.count);
      }
    }
  }
  return [...instances.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0]?.[0];
}

/**
 * A route per entity with results: the models ranked for that entity alone (best first, one entry per model),
 * keeping only models `servable` can serve. Routes go task type first, then domain, then reasoning, since the
 * server takes the first route a request matches.
 */
export function planRoutes(
  evidence: Evidence,
  options: PlanOptions,
  servable: (model: string) => boolean,
): RoutePlan {
  const unservable = new Set<string>();
  const ranked = (requested: RecommendOptions["requested"]) => {
    const recommendation = recommend(evidence, { ...options, requested });
    const models: string[] = [];
    let style: StyleId | undefined;
    let score = 0;
    for (const candidate of recommendation.candidates) {
      if (!servable(candidate.model)) {
        unservable.add(candidate.model);
        continue;
      }
      if (models.includes(candidate.model)) continue;
      if (models.length === 0) {
        style = candidate.style;
        score = candidate.score;
      }
      models.push(candidate.model);
    }
    return { models, style, score };
  };

  const routes: PlannedRoute[] = [];
  for (const aspect of ASPECTS) {
    for (const entity of entitiesWithResults(evidence, aspect)) {
      const { models, style, score } = ranked([{ aspect, name: entity }]);
      if (models.length === 0 || style === undefined) continue;
      const task = representativeTask(evidence, aspect, entity, models);
      routes.push({ aspect, entity, models, style, score, ...(task ? { task } : {}) });
    }
  }
  const overall = ranked([]);
  return {
    routes,
    ...(overall.models.length > 0 && overall.style !== undefined
      ? { fallback: { models: overall.models, style: overall.style } }
      : {}),
    unservable: [...unservable].sort(),
  };
}
