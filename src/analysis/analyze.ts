import { UsageError } from "../cli/errors.js";
import type {
  AnalysisResult,
  AnalyzedModel,
  CorrelationMatrix,
  DefinitionVariantRow,
  EntityScore,
  Interval,
  LeaderboardEntry,
  LmLevelRow,
  ModelComparison,
  PairedComparison,
  SamplingImpactRow,
  StyleId,
} from "../domain/analysis.js";
import type { ModelKind } from "../domain/provider.js";
import { ASPECTS, type Aspect } from "../domain/task.js";
import type { Taxonomy } from "../domain/taxonomy.js";
import { loadReferenceScores, referenceMetrics } from "../store/reference-results.js";
import type { ResultsStore } from "../store/results-store.js";
import {
  clusterBootstrapMacroMean,
  clusterBootstrapMean,
  instanceMean,
  pairedBootstrapDifference,
  streamSeed,
  type TaskTotal,
} from "./bootstrap.js";
import {
  compareCodePoints,
  groupScores,
  modelComparison,
  promptStyleTables,
  styleColumns,
} from "./entity-tables.js";
import {
  entityTaskTotals,
  loadModelCorrelations,
  loadPredictionSamples,
  loadRuns,
  loadRunTaskTotals,
  loadTaskEntities,
  type RunInfo,
  type SampleCell,
  storedMetrics,
} from "./store-queries.js";

export const DEFAULT_METRIC = "bert_score_recall";

export interface AnalysisOptions {
  metric: string;
  /** Models to include, in the order comparisons list them (and break ties by). Default: all. */
  models?: string[];
  kind?: ModelKind;
  aspects?: Aspect[];
  /** Per aspect, entity or taxonomy group names (a group stands for its entities). Default: all. */
  entities?: Partial<Record<Aspect, string[]>>;
  taxonomy: Taxonomy;
  seed: number;
  resamples: number;
  /** Predictions embedded per (model, entity) for the drill-down. */
  samplesPerEntity: number;
}

/** Cells of own runs: task totals per (model, style, aspect, entity), greedy decoding, original definition. */
class CellIndex {
  private readonly cells = new Map<string, Map<string, TaskTotal>>();

  add(key: string, total: TaskTotal): void {
    let tasks = this.cells.get(key);
    if (!tasks) {
      tasks = new Map();
      this.cells.set(key, tasks);
    }
    const existing = tasks.get(total.task);
    // Two runs of one model and style (e.g. resumed under another data selection) pool their instances.
    if (existing)
      tasks.set(total.task, {
        ...existing,
        sum: existing.sum + total.sum,
        count: existing.count + total.count,
      });
    else tasks.set(total.task, { ...total });
  }

  get(key: string): TaskTotal[] {
    return [...(this.cells.get(key)?.values() ?? [])];
  }

  entries(): Array<[string, TaskTotal[]]> {
    return [...this.cells.entries()].map(([key, tasks]) => [key, [...tasks.values()]]);
  }
}

function cellKey(...parts: string[]): string {
  return parts.join("\u0000");
}

function instancesOf(totals: readonly TaskTotal[]): number {
  return totals.reduce((n, total) => n + total.count, 0);
}

function scaled(
  interval: { low: number; high: number } | undefined,
): { low: number; high: number } | undefined {
  return interval && { low: interval.low * 100, high: interval.high * 100 };
}

function isPlainGreedy(run: RunInfo): boolean {
  return run.decoding === "greedy" && run.definitionVariant === "original" && !run.explanations;
}

function listing(names: Iterable<string>): string {
  return [...new Set(names)]
    .sort(compareCodePoints)
    .map((name) => `"${name}"`)
    .join(", ");
}

export async function analyzeStore(store: ResultsStore, options: AnalysisOptions): Promise<AnalysisResult> {
  const [runMetrics, refMetrics] = await Promise.all([storedMetrics(store), referenceMetrics(store)]);
  const knownMetrics = [...new Set([...runMetrics, ...refMetrics])].sort();
  if (knownMetrics.length === 0) {
    throw new UsageError(
      `${store.file} has no metric values yet: run \`slm-eval metrics --store ${store.file}\` to score its predictions ` +
        "(or `slm-eval import-reference DIR` to load published results)",
    );
  }
  if (!knownMetrics.includes(options.metric)) {
    throw new UsageError(
      `unknown metric "${options.metric}" for ${store.file}; valid: ${knownMetrics.join(", ")}`,
    );
  }
  const metric = options.metric;
  const hasRuns = runMetrics.includes(metric);
  const runs = hasRuns ? await loadRuns(store) : [];
  const runById = new Map(runs.map((run) => [run.runId, run]));
  const runTotals = hasRuns ? await loadRunTaskTotals(store, metric) : [];
  const entityTotals = hasRuns ? entityTaskTotals(runTotals, await loadTaskEntities(store)) : [];
  const references = await loadReferenceScores(store, metric);
  // The database returns rows in no fixed order; sums (and so the last digits of means) must not depend on it.
  entityTotals.sort((a, b) => compareCodePoints(a.task, b.task));
  runTotals.sort((a, b) => compareCodePoints(a.task, b.task));

  // Models: own runs first-class; a reference model whose name a run model also uses is shown as "<name> (reference)".
  const runModels = new Map<string, ModelKind>();
  for (const total of runTotals) {
    const run = runById.get(total.runId);
    if (run) runModels.set(run.model, run.kind);
  }
  const referenceName = (model: string) => (runModels.has(model) ? `${model} (reference)` : model);
  const allModels: AnalyzedModel[] = [
    ...[...runModels].map(([model, kind]) => ({ model, kind, source: "run" as const })),
    ...[...new Map(references.map((r) => [referenceName(r.model), r.kind]))].map(([model, kind]) => ({
      model,
      kind,
      source: "reference" as const,
    })),
  ];
  const models = selectModels(allModels, options);
  const selectedNames = new Set(models.map((m) => m.model));
  const filtered = ASPECTS.filter((aspect) => options.entities?.[aspect]);
  const aspects = options.aspects ?? (filtered.length > 0 ? filtered : [...ASPECTS]);

  // Entity cells of plain greedy runs with the original definition.
  const cells = new CellIndex();
  const runsByModelStyle = new Map<string, RunInfo[]>();
  for (const run of runs) {
    if (!isPlainGreedy(run)) continue;
    const key = cellKey(run.model, run.style);
    runsByModelStyle.set(key, [...(runsByModelStyle.get(key) ?? []), run]);
  }
  const knownEntities = new Map<Aspect, Set<string>>(ASPECTS.map((aspect) => [aspect, new Set<string>()]));
  for (const total of entityTotals) {
    knownEntities.get(total.aspect)?.add(total.entity);
    const run = runById.get(total.runId);
    if (!run || !isPlainGreedy(run)) continue;
    cells.add(cellKey(run.model, run.style, total.aspect, total.entity), total);
  }
  for (const reference of references) knownEntities.get(reference.aspect)?.add(reference.entity);
  const entityAllowed = selectEntities(knownEntities, options);

  const scores: EntityScore[] = [];
  for (const [key, totals] of cells.entries()) {
    const [model, style, aspect, entity] = key.split("\u0000") as [string, string, Aspect, string];
    if (!selectedNames.has(model) || !aspects.includes(aspect) || !entityAllowed(aspect, entity)) continue;
    scores.push({ model, style, aspect, entity, value: instanceMean(totals) * 100 });
  }
  for (const reference of references) {
    const model = referenceName(reference.model);
    if (!selectedNames.has(model) || !aspects.includes(reference.aspect)) continue;
    if (!entityAllowed(reference.aspect, reference.entity)) continue;
    scores.push({ ...reference, model });
  }

  const tables = promptStyleTables(scores);
  const order = models.map((m) => m.model);
  const comparisons = aspects.map((aspect) => modelComparison(aspect, order, tables));
  const kindComparisons = (["pretrained", "instruction-tuned"] as const).flatMap((kind) => {
    const ofKind = models.filter((m) => m.kind === kind).map((m) => m.model);
    return ofKind.length === 0
      ? []
      : aspects.map((aspect) => ({ kind, comparison: modelComparison(aspect, ofKind, tables) }));
  });
  const groups = comparisons.flatMap((comparison) =>
    groupScores(comparison, options.taxonomy[comparison.aspect]),
  );

  const modelInfo = new Map(models.map((m) => [m.model, m]));
  const entityCell = (model: string, style: StyleId, aspect: Aspect, entity: string) =>
    cells.get(cellKey(model, style, aspect, entity));

  // LM level: every run of a selected model, whatever its decoding or definition variant.
  const runTaskTotals = new Map<string, TaskTotal[]>();
  for (const total of runTotals) {
    const list = runTaskTotals.get(total.runId);
    if (list) list.push(total);
    else runTaskTotals.set(total.runId, [total]);
  }
  const lmLevel: LmLevelRow[] = [];
  const runOfRow = new Map<LmLevelRow, string>();
  for (const run of runs) {
    const totals = runTaskTotals.get(run.runId);
    if (!totals || !selectedNames.has(run.model)) continue;
    const row: LmLevelRow = {
      model: run.model,
      style: run.style,
      definitionVariant: run.definitionVariant,
      decoding: run.decoding,
      value: instanceMean(totals) * 100,
      instances: instancesOf(totals),
      tasks: totals.length,
    };
    lmLevel.push(row);
    runOfRow.set(row, run.runId);
  }
  // Styles in the kit's column order, so the overall best style breaks ties like the per-entity one.
  const styleOrder = styleColumns(lmLevel.map((row) => row.style));
  lmLevel.sort(
    (a, b) =>
      compareCodePoints(a.model, b.model) ||
      styleOrder.indexOf(a.style) - styleOrder.indexOf(b.style) ||
      compareCodePoints(a.definitionVariant, b.definitionVariant) ||
      compareCodePoints(a.decoding, b.decoding),
  );
  const bestOverall = new Map<string, LmLevelRow>();
  for (const row of lmLevel) {
    if (row.decoding !== "greedy" || row.definitionVariant !== "original") continue;
    const current = bestOverall.get(row.model);
    if (!current || row.value > current.value) bestOverall.set(row.model, row);
  }
  // Intervals for each model's best run (the overall leaderboard); the other runs' means are listed without.
  for (const row of bestOverall.values()) {
    const runId = runOfRow.get(row) as string;
    const interval = scaled(
      clusterBootstrapMean(
        runTaskTotals.get(runId) ?? [],
        streamSeed(options.seed, "run", runId),
        options.resamples,
      ),
    );
    if (interval) row.interval = interval;
  }

  const leaderboard: LeaderboardEntry[] = [];
  for (const [model, row] of bestOverall) {
    const info = modelInfo.get(model) as AnalyzedModel;
    leaderboard.push({
      model,
      kind: info.kind,
      source: info.source,
      level: "overall",
      name: "overall",
      value: row.value,
      bestStyle: row.style,
      ...(row.interval ? { interval: row.interval } : {}),
      instances: row.instances,
      tasks: row.tasks,
    });
  }
  for (const comparison of comparisons) {
    for (const row of comparison.rows) {
      comparison.models.forEach((model, i) => {
        const value = row.values[i];
        const style = row.bestStyles[i];
        if (value === null || value === undefined || !style) return;
        const info = modelInfo.get(model) as AnalyzedModel;
        const totals = info.source === "run" ? entityCell(model, style, comparison.aspect, row.entity) : [];
        const interval = scaled(
          clusterBootstrapMean(
            totals,
            streamSeed(options.seed, "entity", model, comparison.aspect, row.entity),
            options.resamples,
          ),
        );
        leaderboard.push({
          model,
          kind: info.kind,
          source: info.source,
          level: "entity",
          aspect: comparison.aspect,
          name: row.entity,
          value,
          bestStyle: style,
          ...(interval ? { interval } : {}),
          instances: instancesOf(totals),
          tasks: totals.length,
        });
      });
    }
  }
  for (const group of groups) {
    const info = modelInfo.get(group.model) as AnalyzedModel;
    const comparison = comparisons.find((c) => c.aspect === group.aspect) as ModelComparison;
    const column = comparison.models.indexOf(group.model);
    const components =
      info.source === "run"
        ? group.entities.map((entity) => {
            const row = comparison.rows.find((r) => r.entity === entity);
            return entityCell(group.model, row?.bestStyles[column] ?? "", group.aspect, entity);
          })
        : [];
    const interval =
      info.source === "run"
        ? scaled(
            clusterBootstrapMacroMean(
              components,
              streamSeed(options.seed, "group", group.model, group.aspect, group.group),
              options.resamples,
            ),
          )
        : undefined;
    leaderboard.push({
      model: group.model,
      kind: info.kind,
      source: info.source,
      level: "group",
      aspect: group.aspect,
      name: group.group,
      value: group.value,
      ...(interval ? { interval } : {}),
      instances: components.reduce((n, totals) => n + instancesOf(totals), 0),
      tasks: new Set(components.flatMap((totals) => totals.map((t) => t.task))).size,
    });
  }

  const paired = pairedComparisons(comparisons, modelInfo, entityCell, options);
  const greedyRunIds = runs
    .filter((run) => isPlainGreedy(run) && selectedNames.has(run.model) && runTaskTotals.has(run.runId))
    .map((run) => run.runId);
  const correlation = hasRuns ? await correlationMatrix(store, metric, greedyRunIds) : undefined;
  const intervalOf = (totals: readonly TaskTotal[], ...key: string[]) =>
    scaled(clusterBootstrapMean(totals, streamSeed(options.seed, ...key), options.resamples));
  const sampling = samplingImpact(
    runs,
    runTaskTotals,
    entityTotals,
    bestOverall,
    aspects,
    entityAllowed,
    intervalOf,
  );
  const definitionVariants = definitionVariantImpact(lmLevel, (variant, original) => {
    const variantRun = runOfRow.get(variant);
    const originalRun = runOfRow.get(original);
    if (!variantRun || !originalRun) return undefined;
    return scaled(
      pairedBootstrapDifference(
        runTaskTotals.get(variantRun) ?? [],
        runTaskTotals.get(originalRun) ?? [],
        streamSeed(options.seed, "definition-variant", variantRun),
        options.resamples,
      )?.interval,
    );
  });

  const sampleCells: SampleCell[] = [];
  for (const comparison of comparisons) {
    for (const row of comparison.rows) {
      comparison.models.forEach((model, i) => {
        const style = row.bestStyles[i];
        const run = style ? runsByModelStyle.get(cellKey(model, style))?.[0] : undefined;
        if (!style || !run || modelInfo.get(model)?.source !== "run") return;
        const tasks = entityCell(model, style, comparison.aspect, row.entity).map((total) => total.task);
        sampleCells.push({ runId: run.runId, aspect: comparison.aspect, entity: row.entity, tasks });
      });
    }
  }
  const samples = hasRuns
    ? await loadPredictionSamples(store, metric, sampleCells, options.samplesPerEntity)
    : [];

  return {
    metric,
    store: store.file,
    models,
    promptStyleTables: tables,
    comparisons,
    kindComparisons,
    groups,
    leaderboard,
    lmLevel,
    paired,
    ...(correlation ? { correlation } : {}),
    sampling,
    definitionVariants,
    samples,
    samplesPerEntity: options.samplesPerEntity,
    seed: options.seed,
    resamples: options.resamples,
  };
}

/** Applies --models and --kind; unknown names are a usage error listing the valid ones. */
function selectModels(all: readonly AnalyzedModel[], options: AnalysisOptions): AnalyzedModel[] {
  const byName = new Map(all.map((m) => [m.model, m]));
  let selected: AnalyzedModel[];
  if (options.models) {
    const unknown = options.models.filter((name) => !byName.has(name));
    if (unknown.length > 0) {
      throw new UsageError(`unknown model ${listing(unknown)}; valid: ${listing(byName.keys())}`);
    }
    selected = options.models.map((name) => byName.get(name) as AnalyzedModel);
  } else {
    // Pretrained before instruction-tuned, own runs before references, then by name.
    const kindRank = (m: AnalyzedModel) => (m.kind === "pretrained" ? 0 : 1);
    selected = [...all].sort(
      (a, b) =>
        kindRank(a) - kindRank(b) ||
        (a.source === b.source ? 0 : a.source === "run" ? -1 : 1) ||
        compareCodePoints(a.model, b.model),
    );
  }
  return options.kind ? selected.filter((m) => m.kind === options.kind) : selected;
}

/**
 * Applies the --task-types / --domains / --reasoning filters (entity or group names of that aspect); an aspect
 * without a filter keeps all its entities. Unknown names are a usage error listing the valid ones.
 */
function selectEntities(
  known: Map<Aspect, Set<string>>,
  options: AnalysisOptions,
): (aspect: Aspect, entity: string) => boolean {
  const allowed = new Map<Aspect, Set<string>>();
  for (const aspect of ASPECTS) {
    const wanted = options.entities?.[aspect];
    if (!wanted) continue;
    const entities = known.get(aspect) ?? new Set<string>();
    const groups = options.taxonomy[aspect];
    const unknown = wanted.filter((name) => !entities.has(name) && !groups.some((g) => g.name === name));
    if (unknown.length > 0) {
      throw new UsageError(
        `unknown ${aspect} entity or group ${listing(unknown)}; valid: ${listing([...entities, ...groups.map((g) => g.name)])}`,
      );
    }
    const set = new Set<string>();
    for (const name of wanted) {
      if (entities.has(name)) set.add(name);
      for (const entity of groups.find((g) => g.name === name)?.entities ?? []) set.add(entity);
    }
    allowed.set(aspect, set);
  }
  return (aspect, entity) => allowed.get(aspect)?.has(entity) ?? true;
}

function pairedComparisons(
  comparisons: readonly ModelComparison[],
  modelInfo: Map<string, AnalyzedModel>,
  entityCell: (model: string, style: StyleId, aspect: Aspect, entity: string) => TaskTotal[],
  options: AnalysisOptions,
): PairedComparison[] {
  const paired: PairedComparison[] = [];
  for (const comparison of comparisons) {
    for (const row of comparison.rows) {
      const ranked = comparison.models
        .map((model, i) => ({ model, value: row.values[i], style: row.bestStyles[i] }))
        .filter(
          (c): c is { model: string; value: number; style: string } => c.value !== null && c.style !== null,
        )
        .filter((c) => modelInfo.get(c.model)?.source === "run")
        .sort((a, b) => b.value - a.value);
      const [winner, runnerUp] = ranked;
      if (!winner || !runnerUp) continue;
      const result = pairedBootstrapDifference(
        entityCell(winner.model, winner.style, comparison.aspect, row.entity),
        entityCell(runnerUp.model, runnerUp.style, comparison.aspect, row.entity),
        streamSeed(options.seed, "paired", comparison.aspect, row.entity, winner.model, runnerUp.model),
        options.resamples,
      );
      if (!result) continue;
      const interval = scaled(result.interval);
      paired.push({
        aspect: comparison.aspect,
        entity: row.entity,
        winner: winner.model,
        runnerUp: runnerUp.model,
        difference: result.difference * 100,
        ...(interval ? { interval } : {}),
        sharedTasks: result.sharedTasks,
        withinNoise: !interval || (interval.low <= 0 && interval.high >= 0),
      });
    }
  }
  return paired;
}

async function correlationMatrix(
  store: ResultsStore,
  metric: string,
  runIds: readonly string[],
): Promise<CorrelationMatrix | undefined> {
  const pairs = await loadModelCorrelations(store, metric, runIds);
  const models = [...new Set(pairs.flatMap((p) => [p.a, p.b]))].sort(compareCodePoints);
  if (models.length < 2) return undefined;
  const values = models.map((a) => models.map((b) => (a === b ? 1 : (null as number | null))));
  const shared = models.map(() => models.map(() => 0));
  for (const pair of pairs) {
    const i = models.indexOf(pair.a);
    const j = models.indexOf(pair.b);
    (values[i] as Array<number | null>)[j] = pair.pearson;
    (values[j] as Array<number | null>)[i] = pair.pearson;
    (shared[i] as number[])[j] = pair.sharedPrompts;
    (shared[j] as number[])[i] = pair.sharedPrompts;
  }
  return { models, values, sharedPrompts: shared };
}

/** Greedy vs each sampled decoding at the model's best greedy style, overall and per entity. */
function samplingImpact(
  runs: readonly RunInfo[],
  runTaskTotals: Map<string, TaskTotal[]>,
  entityTotals: ReadonlyArray<TaskTotal & { runId: string; aspect: Aspect; entity: string }>,
  bestOverall: Map<string, LmLevelRow>,
  aspects: readonly Aspect[],
  entityAllowed: (aspect: Aspect, entity: string) => boolean,
  intervalOf: (totals: readonly TaskTotal[], ...key: string[]) => Interval | undefined,
): SamplingImpactRow[] {
  const rows: SamplingImpactRow[] = [];
  for (const [model, best] of bestOverall) {
    const atStyle = runs.filter(
      (run) =>
        run.model === model &&
        run.style === best.style &&
        run.definitionVariant === "original" &&
        !run.explanations,
    );
    const sampled = atStyle.filter((run) => run.decoding !== "greedy" && runTaskTotals.has(run.runId));
    const greedy = atStyle.find((run) => run.decoding === "greedy");
    if (sampled.length === 0 || !greedy) continue;
    const ordered = [greedy, ...sampled.sort((a, b) => compareCodePoints(a.decoding, b.decoding))];
    const decodings = ordered.map((run) => run.decoding);
    rows.push({
      model,
      style: best.style,
      name: "overall",
      decodings,
      values: ordered.map((run) => instanceMean(runTaskTotals.get(run.runId) ?? []) * 100),
      intervals: ordered.map((run) => intervalOf(runTaskTotals.get(run.runId) ?? [], "sampling", run.runId)),
    });
    const perEntity = new Map<string, Map<string, TaskTotal[]>>();
    for (const total of entityTotals) {
      if (!ordered.some((run) => run.runId === total.runId)) continue;
      if (!aspects.includes(total.aspect) || !entityAllowed(total.aspect, total.entity)) continue;
      const key = cellKey(total.aspect, total.entity);
      const byRun = perEntity.get(key) ?? new Map<string, TaskTotal[]>();
      byRun.set(total.runId, [...(byRun.get(total.runId) ?? []), total]);
      perEntity.set(key, byRun);
    }
    for (const key of [...perEntity.keys()].sort(compareCodePoints)) {
      const [aspect, entity] = key.split("\u0000") as [Aspect, string];
      const byRun = perEntity.get(key) as Map<string, TaskTotal[]>;
      rows.push({
        model,
        style: best.style,
        aspect,
        name: entity,
        decodings,
        values: ordered.map((run) => {
          const totals = byRun.get(run.runId);
          return totals ? instanceMean(totals) * 100 : null;
        }),
        intervals: ordered.map((run) => {
          const totals = byRun.get(run.runId);
          return totals ? intervalOf(totals, "sampling", run.runId, aspect, entity) : undefined;
        }),
      });
    }
  }
  return rows;
}

/** Each greedy run with a paraphrased or adversarial definition against the original at the same style. */
function definitionVariantImpact(
  lmLevel: readonly LmLevelRow[],
  differenceInterval: (variant: LmLevelRow, original: LmLevelRow) => Interval | undefined,
): DefinitionVariantRow[] {
  const rows: DefinitionVariantRow[] = [];
  for (const variant of lmLevel) {
    if (variant.decoding !== "greedy" || variant.definitionVariant === "original") continue;
    const original = lmLevel.find(
      (row) =>
        row.model === variant.model &&
        row.style === variant.style &&
        row.decoding === "greedy" &&
        row.definitionVariant === "original",
    );
    if (!original) continue;
    rows.push({
      model: variant.model,
      variant: variant.definitionVariant,
      style: variant.style,
      valueWithDefinition: original.value,
      valueWithVariant: variant.value,
      percentageDifference: ((variant.value - original.value) / original.value) * 100,
    });
    const interval = differenceInterval(variant, original);
    if (interval) (rows.at(-1) as DefinitionVariantRow).differenceInterval = interval;
  }
  return rows;
}
