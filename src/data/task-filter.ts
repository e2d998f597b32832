import { UsageError } from "../cli/errors.js";
import { ASPECTS, type Aspect, type TaskMeta, type Taxonomy } from "../domain/index.js";
import { closestNames } from "./closest-names.js";

/** Which tasks to use. Names within one list are alternatives; different lists must all match. */
export interface TaskFilter {
  /** Task name globs (`*`, `?`). */
  tasks?: string[];
  /** Entity or group names, per aspect. */
  taskTypes?: string[];
  domains?: string[];
  reasoning?: string[];
}

const FILTER_FIELD: Record<Aspect, "taskTypes" | "domains" | "reasoning"> = {
  "task-types": "taskTypes",
  domains: "domains",
  reasoning: "reasoning",
};

/** The tasks that pass the filter, in their original order. Unknown names throw a UsageError with suggestions. */
export function selectTasks(tasks: TaskMeta[], taxonomy: Taxonomy, filter: TaskFilter): TaskMeta[] {
  const predicates: Array<(task: TaskMeta) => boolean> = [];
  if (filter.tasks !== undefined && filter.tasks.length > 0)
    predicates.push(nameMatcher(tasks, filter.tasks));
  for (const aspect of ASPECTS) {
    const names = filter[FILTER_FIELD[aspect]];
    if (names !== undefined && names.length > 0)
      predicates.push(aspectMatcher(tasks, taxonomy, aspect, names));
  }
  return tasks.filter((task) => predicates.every((matches) => matches(task)));
}

function nameMatcher(tasks: TaskMeta[], globs: string[]): (task: TaskMeta) => boolean {
  const patterns = globs.map((glob) => ({ glob, pattern: globPattern(glob) }));
  for (const { glob, pattern } of patterns) {
    if (!tasks.some((task) => pattern.test(task.name))) {
      const hint = closestNames(
        glob,
        tasks.map((task) => task.name),
      ).join(", ");
      throw new UsageError(
        `--tasks: no task of the selected split matches "${glob}"${hint ? `; closest: ${hint}` : ""}`,
      );
    }
  }
  return (task) => patterns.some(({ pattern }) => pattern.test(task.name));
}

/** `task1*_title?` → /^task1.*_title.$/ */
export function globPattern(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`);
}

/**
 * A name matches an entity (first path part), a full metadata path, or a taxonomy group (then every entity of the
 * group matches). Comparison ignores case.
 */
function aspectMatcher(
  tasks: TaskMeta[],
  taxonomy: Taxonomy,
  aspect: Aspect,
  names: string[],
): (task: TaskMeta) => boolean {
  const known = new Map<string, string[]>();
  const add = (name: string, matches: string[]) => {
    const key = name.toLowerCase();
    known.set(key, [...(known.get(key) ?? []), ...matches.map((match) => match.toLowerCase())]);
  };
  for (const group of taxonomy[aspect]) {
    add(group.name, group.entities);
    for (const entity of group.entities) add(entity, [entity]);
  }
  for (const task of tasks) {
    for (const value of task.aspects[aspect]) {
      add(value.entity, [value.entity]);
      add(value.path, [value.path]);
    }
  }
  const wanted = new Set<string>();
  for (const name of names) {
    const matches = known.get(name.toLowerCase());
    if (matches === undefined) {
      const displayNames = [
        ...taxonomy[aspect].flatMap((group) => [group.name, ...group.entities]),
        ...tasks.flatMap((task) => task.aspects[aspect].map((value) => value.entity)),
      ];
      throw new UsageError(
        `--${aspect}: unknown name "${name}" (neither an entity in the data nor a group or entity of the taxonomy); ` +
          `closest: ${closestNames(name, displayNames).join(", ")}`,
      );
    }
    for (const match of matches) wanted.add(match);
  }
  return (task) =>
    task.aspects[aspect].some(
      (value) => wanted.has(value.entity.toLowerCase()) || wanted.has(value.path.toLowerCase()),
    );
}
