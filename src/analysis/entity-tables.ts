import type {
  EntityScore,
  GroupScore,
  ModelComparison,
  ModelComparisonRow,
  PromptStyleRow,
  PromptStyleTable,
  StyleId,
} from "../domain/analysis.js";
import type { Aspect } from "../domain/task.js";
import { PAPER_STYLES, parseStyleId } from "./prompt-styles.js";

/** Code-point order: locale-independent, so tables come out identical on every machine (pandas sorts this way). */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Columns of a prompt-style table: the paper's eight styles, then any other styles present (with definition first,
 * then fewer examples first — the same rule the paper's order follows).
 */
export function styleColumns(present: Iterable<StyleId>): StyleId[] {
  const extra = [...new Set(present)].filter((style) => !PAPER_STYLES.includes(style));
  extra.sort((a, b) => {
    const pa = parseStyleId(a);
    const pb = parseStyleId(b);
    if (!pa || !pb) return compareCodePoints(a, b);
    if (pa.withDefinition !== pb.withDefinition) return pa.withDefinition ? -1 : 1;
    return pa.examples - pb.examples;
  });
  return [...PAPER_STYLES, ...extra];
}

/**
 * Index of the largest value; ties go to the first index (the caller's column order decides), null values are
 * skipped. Undefined when every value is null.
 */
export function firstMaxIndex(values: ReadonlyArray<number | null>): number | undefined {
  let best: number | undefined;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined || Number.isNaN(value)) continue;
    const current = best === undefined ? undefined : values[best];
    if (current === undefined || current === null || value > current) best = i;
  }
  return best;
}

function key(...parts: string[]): string {
  return parts.join("\u0000");
}

/**
 * Prompt-style tables, one per (model, aspect) present in `scores`: entity × styles, the maximum and the best
 * style. Rows are in code-point order of the entity; the best style is the first maximum in column order.
 */
export function promptStyleTables(scores: readonly EntityScore[]): PromptStyleTable[] {
  const byModelAspect = new Map<string, { model: string; aspect: Aspect; scores: EntityScore[] }>();
  for (const score of scores) {
    const k = key(score.model, score.aspect);
    let bucket = byModelAspect.get(k);
    if (!bucket) {
      bucket = { model: score.model, aspect: score.aspect, scores: [] };
      byModelAspect.set(k, bucket);
    }
    bucket.scores.push(score);
  }
  const tables: PromptStyleTable[] = [];
  for (const { model, aspect, scores: bucket } of byModelAspect.values()) {
    tables.push(promptStyleTable(model, aspect, bucket));
  }
  tables.sort((a, b) => compareCodePoints(a.model, b.model) || compareCodePoints(a.aspect, b.aspect));
  return tables;
}

function promptStyleTable(model: string, aspect: Aspect, scores: readonly EntityScore[]): PromptStyleTable {
  const styles = styleColumns(scores.map((score) => score.style));
  const column = new Map(styles.map((style, index) => [style, index]));
  const byEntity = new Map<string, Array<number | null>>();
  for (const score of scores) {
    let values = byEntity.get(score.entity);
    if (!values) {
      values = styles.map(() => null);
      byEntity.set(score.entity, values);
    }
    const index = column.get(score.style) as number;
    if (values[index] !== null) {
      throw new Error(
        `two scores for model "${model}", ${aspect} entity "${score.entity}", style ${score.style}`,
      );
    }
    values[index] = score.value;
  }
  const rows: PromptStyleRow[] = [];
  for (const entity of [...byEntity.keys()].sort(compareCodePoints)) {
    const values = byEntity.get(entity) as Array<number | null>;
    const best = firstMaxIndex(values);
    if (best === undefined) continue;
    rows.push({ entity, values, maxValue: values[best] as number, bestStyle: styles[best] as StyleId });
  }
  return { model, aspect, styles, rows };
}

/**
 * Entity × models, each model at its own best style, plus the best model. `models` fixes the column order and
 * breaks ties: the first model (in that order) with the maximal value wins. Rows are the union of the models'
 * entities in code-point order; a model without the entity has null there.
 */
export function modelComparison(
  aspect: Aspect,
  models: readonly string[],
  tables: readonly PromptStyleTable[],
): ModelComparison {
  const rowsByModel = new Map<string, Map<string, PromptStyleRow>>();
  for (const table of tables) {
    if (table.aspect !== aspect || !models.includes(table.model)) continue;
    rowsByModel.set(table.model, new Map(table.rows.map((row) => [row.entity, row])));
  }
  const entities = new Set<string>();
  for (const rows of rowsByModel.values()) for (const entity of rows.keys()) entities.add(entity);
  const rows: ModelComparisonRow[] = [...entities].sort(compareCodePoints).map((entity) => {
    const cells = models.map((model) => rowsByModel.get(model)?.get(entity));
    const values = cells.map((cell) => cell?.maxValue ?? null);
    const best = firstMaxIndex(values);
    return {
      entity,
      values,
      bestStyles: cells.map((cell) => cell?.bestStyle ?? null),
      bestModel: best === undefined ? null : (models[best] as string),
    };
  });
  return { aspect, models: [...models], rows };
}

/**
 * Group level: per model, the unweighted mean over a group's entities of the model's best-style value. Entities
 * the comparison lacks are left out (and so absent from `entities`); a group with none of its entities is omitted.
 */
export function groupScores(
  comparison: ModelComparison,
  groups: ReadonlyArray<{ name: string; entities: readonly string[] }>,
): GroupScore[] {
  const rowByEntity = new Map(comparison.rows.map((row) => [row.entity, row]));
  const scores: GroupScore[] = [];
  comparison.models.forEach((model, column) => {
    for (const group of groups) {
      const entities: string[] = [];
      let sum = 0;
      for (const entity of group.entities) {
        const value = rowByEntity.get(entity)?.values[column];
        if (value === null || value === undefined) continue;
        entities.push(entity);
        sum += value;
      }
      if (entities.length > 0) {
        scores.push({
          model,
          aspect: comparison.aspect,
          group: group.name,
          value: sum / entities.length,
          entities,
        });
      }
    }
  });
  return scores;
}
