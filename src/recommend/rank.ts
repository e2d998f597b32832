import {
  clusterBootstrapMacroMean,
  clusterBootstrapMean,
  instanceMean,
  pairedBootstrapDifference,
  streamSeed,
  type TaskTotal,
} from "../analysis/bootstrap.js";
import type { Interval } from "../domain/analysis.js";
import type {
  CombinationBasis,
  ExcludedModel,
  Recommendation,
  RecommendationCandidate,
  ResolvedCriterion,
} from "../domain/recommend.js";
import type { Aspect } from "../domain/task.js";
import type { Taxonomy } from "../domain/taxonomy.js";
import { parseStyleId } from "../prompts/style-id.js";
import type { StoredReferenceScore } from "../store/reference-results.js";
import {
  type Constraints,
  formatParameterCount,
  parametersFromModelName,
  providerOfSpec,
} from "./constraints.js";
import { identifyName, type RequestedAspect, resolveCriterion } from "./criteria.js";
import type { Evidence, OwnCell } from "./evidence.js";
import { tradeOffsOf } from "./trade-offs.js";

export interface RecommendOptions {
  requested: RequestedAspect[];
  taxonomy: Taxonomy;
  constraints: Constraints;
  /**
   * Fewest tasks that count as enough data: an entity carried by fewer falls back to its group, and several
   * criteria are scored jointly only when at least this many tasks carry all of them.
   */
  minTasks: number;
  seed: number;
  resamples: number;
}

export const DEFAULT_MIN_TASKS = 3;

/** A scored candidate with the task totals it was computed from (own runs), for the paired comparisons. */
interface Scored {
  candidate: RecommendationCandidate;
  totals?: TaskTotal[];
}

function percent(interval: Interval | undefined): Interval | undefined {
  return interval && { low: interval.low * 100, high: interval.high * 100 };
}

function average(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Style order for ties: the analysis's column order (with definition first, then fewer examples). */
function styleRank(style: string): number {
  try {
    const shape = parseStyleId(style);
    return (shape.withDefinition ? 0 : 1000) + shape.examples;
  } catch {
    return 10_000;
  }
}

function criteriaKey(criteria: readonly ResolvedCriterion[]): string {
  return criteria.map((criterion) => `${criterion.aspect}=${criterion.entities.join("|")}`).join("&");
}

/** Models dropped by the size and provider constraints, with the reason; undefined when allowed. */
function constraintViolation(
  constraints: Constraints,
  provider: string,
  parameters: number | undefined,
): string | undefined {
  if (constraints.providers && !constraints.providers.has(provider)) {
    return `provider ${provider} is not among --providers ${[...constraints.providers].join(",")}`;
  }
  if (constraints.maxParameters !== undefined) {
    if (parameters === undefined) return "parameter count unknown, so --max-params cannot be checked";
    if (parameters > constraints.maxParameters) {
      return `${formatParameterCount(parameters)} parameters > --max-params ${formatParameterCount(constraints.maxParameters)}`;
    }
  }
  return undefined;
}

/** Ranks own runs' (model, style) cells on the tasks the criteria select. */
function scoreOwnRuns(
  evidence: Evidence,
  criteria: ResolvedCriterion[],
  options: RecommendOptions,
): { scored: Scored[]; basis: CombinationBasis; notes: string[] } {
  const notes: string[] = [];
  const tasksOf = (criterion: ResolvedCriterion): Set<string> => {
    const tasks = new Set<string>();
    for (const [task, entities] of evidence.taskEntities) {
      if (entities[criterion.aspect].some((entity) => criterion.entities.includes(entity))) tasks.add(task);
    }
    return tasks;
  };
  const perCriterion = criteria.map(tasksOf);
  const allTasks = new Set(evidence.taskEntities.keys());
  const joint = new Set([...allTasks].filter((task) => perCriterion.every((tasks) => tasks.has(task))));
  const basis: CombinationBasis =
    criteria.length <= 1 || joint.size >= options.minTasks ? "joint" : "combined";
  if (basis === "combined") {
    notes.push(
      `own runs: only ${joint.size} task(s) carry all requested aspects (fewer than ${options.minTasks}), so each ` +
        "candidate's score is the unweighted mean of its per-aspect scores (intervals: stratified bootstrap)",
    );
  } else if (criteria.length > 1) {
    notes.push(`own runs: scored on the ${joint.size} tasks that carry all requested aspects`);
  }
  const union = new Set(perCriterion.flatMap((tasks) => [...tasks]));
  const key = criteriaKey(criteria);

  const scored: Scored[] = [];
  for (const cell of evidence.cells) {
    const pick = (tasks: ReadonlySet<string>): TaskTotal[] =>
      [...cell.totals.values()].filter((total) => tasks.has(total.task));
    const seed = streamSeed(options.seed, "recommend", cell.model, cell.style, key);
    let score: number;
    let interval: Interval | undefined;
    let totals: TaskTotal[];
    if (basis === "joint") {
      totals = pick(joint);
      if (totals.length === 0) continue;
      score = instanceMean(totals) * 100;
      interval = percent(clusterBootstrapMean(totals, seed, options.resamples));
    } else {
      const components = perCriterion.map(pick);
      if (components.some((component) => component.length === 0)) continue;
      score = average(components.map(instanceMean)) * 100;
      interval = percent(clusterBootstrapMacroMean(components, seed, options.resamples));
      totals = pick(union);
    }
    scored.push({ candidate: ownCandidate(cell, score, interval, basis, totals), totals });
  }
  return { scored, basis, notes };
}

function ownCandidate(
  cell: OwnCell,
  score: number,
  interval: Interval | undefined,
  basis: CombinationBasis,
  totals: readonly TaskTotal[],
): RecommendationCandidate {
  const seconds = cell.latencyMsSum / 1000;
  return {
    model: cell.model,
    kind: cell.kind,
    source: "run",
    provider: providerOfSpec(cell.spec),
    spec: cell.spec,
    ...(cell.parameters === undefined ? {} : { parameters: cell.parameters }),
    parametersFromName: false,
    style: cell.style,
    score,
    ...(interval ? { interval } : {}),
    basis,
    instances: totals.reduce((n, total) => n + total.count, 0),
    tasks: totals.length,
    ...(cell.timedPredictions > 0 ? { latencyMs: cell.latencyMsSum / cell.timedPredictions } : {}),
    ...(seconds > 0 ? { tokensPerSecond: cell.completionTokens / seconds } : {}),
  };
}

/**
 * Ranks published (model, style) values: a criterion's value is the mean of its entities' values (a group's
 * entities weighted equally); several criteria combine by their unweighted mean, since published tables hold
 * per-entity means only. Without criteria, the mean over all task-type entities.
 */
function scoreReference(reference: readonly StoredReferenceScore[], criteria: ResolvedCriterion[]): Scored[] {
  const byModelStyle = new Map<string, StoredReferenceScore[]>();
  for (const score of reference) {
    const key = `${score.model}\u0000${score.style}`;
    byModelStyle.set(key, [...(byModelStyle.get(key) ?? []), score]);
  }
  const effective: ResolvedCriterion[] =
    criteria.length > 0
      ? criteria
      : [
          {
            aspect: "task-types",
            requested: "(all)",
            level: "group",
            entities: [...new Set(reference.filter((s) => s.aspect === "task-types").map((s) => s.entity))],
          },
        ];
  const scored: Scored[] = [];
  for (const scores of byModelStyle.values()) {
    const first = scores[0] as StoredReferenceScore;
    const values = effective.map((criterion) => {
      const matching = scores.filter(
        (score) => score.aspect === criterion.aspect && criterion.entities.includes(score.entity),
      );
      return matching.length > 0 ? average(matching.map((score) => score.value)) : undefined;
    });
    if (values.some((value) => value === undefined)) continue;
    const parameters = parametersFromModelName(first.model);
    scored.push({
      candidate: {
        model: first.model,
        kind: first.kind,
        source: "reference",
        provider: "reference",
        ...(parameters === undefined ? {} : { parameters }),
        parametersFromName: parameters !== undefined,
        style: first.style,
        score: average(values as number[]),
        basis: effective.length > 1 ? "combined" : "joint",
        instances: 0,
        tasks: 0,
      },
    });
  }
  return scored;
}

function compareCandidates(a: RecommendationCandidate, b: RecommendationCandidate): number {
  return (
    b.score - a.score ||
    (a.source === b.source ? 0 : a.source === "run" ? -1 : 1) ||
    (a.model < b.model ? -1 : a.model > b.model ? 1 : 0) ||
    styleRank(a.style) - styleRank(b.style)
  );
}

/**
 * Flags the candidates the top one cannot be told apart from: a paired cluster bootstrap over the tasks both were
 * scored on; "indistinguishable" when the 95% interval of the difference contains 0 or cannot be computed.
 */
function flagIndistinguishable(ranked: Scored[], options: RecommendOptions, key: string): string[] {
  const top = ranked[0];
  if (!top?.totals) return [];
  top.candidate.indistinguishableFromTop = true;
  const tied: string[] = [];
  for (const other of ranked.slice(1)) {
    if (!other.totals) continue;
    const seed = streamSeed(
      options.seed,
      "recommend-paired",
      other.candidate.model,
      other.candidate.style,
      key,
    );
    const paired = pairedBootstrapDifference(top.totals, other.totals, seed, options.resamples);
    const interval = paired?.interval;
    other.candidate.indistinguishableFromTop = !interval || (interval.low <= 0 && interval.high >= 0);
    if (other.candidate.indistinguishableFromTop)
      tied.push(`${other.candidate.model} ${other.candidate.style}`);
  }
  const label = `${top.candidate.model} ${top.candidate.style}`;
  if (tied.length === 0) {
    return ranked.length > 1
      ? [`${label} leads every other own candidate beyond the noise (paired 95% bootstrap over tasks)`]
      : [];
  }
  return [
    `statistically indistinguishable from the top (${label}; paired 95% bootstrap over tasks): ${tied.join(", ")}`,
  ];
}

/** Ranks (model, style) pairs for the requested aspects under the constraints. Pure: evidence in, ranking out. */
export function recommend(evidence: Evidence, options: RecommendOptions): Recommendation {
  const { taxonomy, constraints } = options;
  const knownEntities = (aspect: Aspect): Set<string> =>
    new Set([
      ...[...evidence.taskEntities.values()].flatMap((entities) => entities[aspect]),
      ...evidence.reference.filter((score) => score.aspect === aspect).map((score) => score.entity),
    ]);
  const targets = options.requested.map((requested) => ({
    requested,
    target: identifyName(requested, taxonomy, knownEntities(requested.aspect)),
  }));

  const taskCount = (aspect: Aspect, entity: string): number =>
    [...evidence.taskEntities.values()].filter((entities) => entities[aspect].includes(entity)).length;
  const ownCriteria = targets.map(({ requested, target }) =>
    resolveCriterion(
      requested,
      target,
      taxonomy,
      (aspect, entity) => taskCount(aspect, entity) >= options.minTasks,
    ),
  );
  const referenceCriteria = targets.map(({ requested, target }) =>
    resolveCriterion(requested, target, taxonomy, (aspect, entity) =>
      evidence.reference.some((score) => score.aspect === aspect && score.entity === entity),
    ),
  );

  const notes: string[] = [];
  const excluded = new Map<string, string>();
  const allowed = (candidate: RecommendationCandidate): boolean => {
    const violation = constraintViolation(constraints, candidate.provider, candidate.parameters);
    if (violation) {
      excluded.set(candidate.model, violation);
      return false;
    }
    return !constraints.styles || constraints.styles.has(candidate.style);
  };

  const hasOwn = evidence.cells.length > 0;
  const hasReference = evidence.reference.length > 0;
  const criteria: Recommendation["criteria"] = [];
  let scored: Scored[] = [];
  if (hasOwn) {
    const own = scoreOwnRuns(evidence, ownCriteria, options);
    criteria.push({ source: "run", criteria: ownCriteria, basis: own.basis });
    notes.push(...own.notes);
    for (const criterion of ownCriteria) {
      if (criterion.fallback)
        notes.push(`own runs: ${criterion.fallback} (fewer than ${options.minTasks} tasks)`);
      const entity = criterion.entities[0] as string;
      const tasks = taskCount(criterion.aspect, entity);
      if (criterion.level === "entity" && tasks < options.minTasks) {
        notes.push(
          `own runs: only ${tasks} task(s) carry ${entity} and the taxonomy gives it no group to fall back to; ` +
            "its scores rest on little data",
        );
      }
    }
    scored.push(...own.scored);
  }
  if (hasReference) {
    const reference = scoreReference(evidence.reference, referenceCriteria);
    const basis: CombinationBasis = referenceCriteria.length > 1 ? "combined" : "joint";
    criteria.push({ source: "reference", criteria: referenceCriteria, basis });
    for (const criterion of referenceCriteria) {
      if (criterion.fallback)
        notes.push(`reference results: ${criterion.fallback} (not in the published tables)`);
    }
    if (basis === "combined") {
      notes.push(
        "reference results: published tables hold per-entity means only, so several aspects combine as the " +
          "unweighted mean of the per-aspect values",
      );
    }
    scored.push(...reference);
  }

  const modelsSeen = new Set(scored.map((entry) => entry.candidate.model));
  scored = scored.filter((entry) => allowed(entry.candidate));
  scored.sort((a, b) => compareCandidates(a.candidate, b.candidate));
  for (const model of modelsSeen) {
    if (!excluded.has(model) && !scored.some((entry) => entry.candidate.model === model)) {
      excluded.set(model, "no result in the allowed prompt styles");
    }
  }
  const own = scored.filter((entry) => entry.candidate.source === "run");
  notes.push(...flagIndistinguishable(own, options, criteriaKey(ownCriteria)));
  if (scored.some((entry) => entry.candidate.source === "reference")) {
    notes.push(
      "reference results are published means: no confidence intervals, latency or throughput; their parameter " +
        "counts are read from the model names",
    );
  }
  if (scored.length === 0)
    notes.push("no (model, style) pair has results for this request under these constraints");

  const candidates = scored.map((entry) => entry.candidate);
  const excludedModels: ExcludedModel[] = [...excluded.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([model, reason]) => ({ model, reason }));
  return {
    metric: evidence.metric,
    criteria,
    candidates,
    tradeOffs: tradeOffsOf(candidates),
    excluded: excludedModels,
    notes,
  };
}
