import { ASPECTS, type Aspect, type TaskMeta, type Taxonomy } from "../domain/index.js";
import { groupOf } from "./taxonomy.js";

/** The entity row of tasks without any value for an aspect. */
export const NO_ENTITY = "(none)";

export interface EntityCount {
  entity: string;
  /** Taxonomy group; "" when the taxonomy does not list the entity. */
  group: string;
  numberOfTasks: number;
  /** Instances after clipping each task to `instancesPerTask`. */
  totalInstances: number;
}

export interface DatasetAnalysis {
  instancesPerTask: number;
  tasks: number;
  instancesBeforeClipping: number;
  instancesAfterClipping: number;
  /** Fewest instances any task holds (before clipping); 0 when there are no tasks. */
  fewestInstances: number;
  /** Per aspect, one row per entity, sorted by entity with `(none)` last. */
  aspects: Record<Aspect, EntityCount[]>;
}

/**
 * Counts tasks and clipped instances per entity, as the paper's dataset analysis does: a task counts once for
 * each distinct entity (first path part) among its values, and under `(none)` when it has no value.
 */
export function analyzeTasks(
  tasks: TaskMeta[],
  taxonomy: Taxonomy,
  instancesPerTask: number,
): DatasetAnalysis {
  const clipped = (task: TaskMeta) => Math.min(task.instanceCount, instancesPerTask);
  const aspects = Object.fromEntries(
    ASPECTS.map((aspect) => [aspect, entityCounts(tasks, taxonomy, aspect, clipped)]),
  ) as Record<Aspect, EntityCount[]>;
  return {
    instancesPerTask,
    tasks: tasks.length,
    instancesBeforeClipping: sum(tasks.map((task) => task.instanceCount)),
    instancesAfterClipping: sum(tasks.map(clipped)),
    fewestInstances: tasks.length === 0 ? 0 : Math.min(...tasks.map((task) => task.instanceCount)),
    aspects,
  };
}

function entityCounts(
  tasks: TaskMeta[],
  taxonomy: Taxonomy,
  aspect: Aspect,
  clipped: (task: TaskMeta) => number,
): EntityCount[] {
  const counts = new Map<string, EntityCount>();
  for (const task of tasks) {
    const entities = new Set(task.aspects[aspect].map((value) => value.entity));
    if (entities.size === 0) entities.add(NO_ENTITY);
    for (const entity of entities) {
      const row = counts.get(entity) ?? {
        entity,
        group: entity === NO_ENTITY ? "" : groupOf(taxonomy, aspect, entity),
        numberOfTasks: 0,
        totalInstances: 0,
      };
      row.numberOfTasks += 1;
      row.totalInstances += clipped(task);
      counts.set(entity, row);
    }
  }
  return [...counts.values()].sort(byEntityNoneLast);
}

export function byEntityNoneLast(a: { entity: string }, b: { entity: string }): number {
  if (a.entity === NO_ENTITY || b.entity === NO_ENTITY)
    return Number(a.entity === NO_ENTITY) - Number(b.entity === NO_ENTITY);
  return a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
