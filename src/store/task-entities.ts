import { NO_ENTITY } from "../domain/analysis.js";
import type { Aspect } from "../domain/task.js";
import type { ResultsStore } from "./results-store.js";

export type TaskEntities = Map<string, Record<Aspect, string[]>>;

/** Each stored task's entities per aspect (first parts of its metadata paths; `(none)` where it has none). */
export async function loadTaskEntities(store: ResultsStore): Promise<TaskEntities> {
  const rows = await store.query(
    `SELECT task, any_value(task_type_entities) AS t, any_value(domain_entities) AS d,
       any_value(reasoning_entities) AS r
     FROM predictions GROUP BY task`,
  );
  const entities: TaskEntities = new Map();
  for (const row of rows) {
    entities.set(String(row.task), {
      "task-types": entityList(row.t),
      domains: entityList(row.d),
      reasoning: entityList(row.r),
    });
  }
  return entities;
}

function entityList(value: unknown): string[] {
  const list = Array.isArray(value) ? [...new Set(value.map(String))] : [];
  return list.length > 0 ? list : [NO_ENTITY];
}
