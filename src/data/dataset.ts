import { stat } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../cli/errors.js";
import type { Task, TaskMeta, Taxonomy } from "../domain/index.js";
import { readSplitFile, type SplitEntry, splitFileRelativePath } from "./split-file.js";
import { type InvalidTaskError, taskFrom } from "./task-file.js";
import { selectTasks, type TaskFilter } from "./task-filter.js";
import { buildTaskIndex, type IndexProgress, readTaskMeta } from "./task-index.js";
import { loadTaxonomy } from "./taxonomy.js";

export type { TaskFilter } from "./task-filter.js";
export type { IndexProgress } from "./task-index.js";

/** The paper clips every task to its first 100 instances. */
export const DEFAULT_INSTANCES_PER_TASK = 100;

export interface DatasetOptions {
  /** `test` (default) or `train`: which list of the split set. */
  split?: string;
  /** Folder under `splits/`; default `default`. */
  splitSet?: string;
  /** Tasks named by the split but absent become an error instead of a warning. */
  strict?: boolean;
  /** Invalid task files (and repeated split entries) are skipped with a warning instead of failing. */
  skipInvalid?: boolean;
  /** Keep tasks whose input, output or instruction language does not include English. */
  allLanguages?: boolean;
  /** Replaces the taxonomy shipped with the package. */
  taxonomyFile?: string;
  /** Receives warnings (missing or skipped tasks); default: ignored. */
  onWarning?: (message: string) => void;
  /** Where the metadata index is cached; default under the user's cache directory. */
  cacheFile?: string;
  /** Progress of building the index for task files that are new or changed since it was cached. */
  onIndexProgress?: (progress: IndexProgress) => void;
}

export interface Dataset {
  dir: string;
  split: string;
  /** Tasks of the split that are present, valid and pass the language filter, in split-file order. */
  tasks: TaskMeta[];
  /** Tasks named by the split but absent from `tasks/`. */
  missing: string[];
  taxonomy: Taxonomy;
  /** Tasks passing the filter, in split order; unknown entity/group names throw a UsageError with suggestions. */
  select(filter: TaskFilter): TaskMeta[];
  /** Parses a task fully, keeping its first `instancesPerTask` instances (default 100) in file order. */
  loadTask(meta: TaskMeta, instancesPerTask?: number): Promise<Task>;
}

/** Opens an SNI directory (`tasks/<name>.json`, `splits/<set>/<split>_tasks.txt`) through the cached index. */
export async function openDataset(dir: string, options: DatasetOptions = {}): Promise<Dataset> {
  const dataDir = path.resolve(dir);
  const split = options.split ?? "test";
  const splitSet = options.splitSet ?? "default";
  const warn = options.onWarning ?? (() => undefined);
  await requireDirectory(dataDir, dir);
  const taxonomy = await loadTaxonomy(options.taxonomyFile);

  const entries = await readSplitFile(dataDir, splitSet, split);
  const names = uniqueTaskNames(
    entries,
    path.join(dataDir, splitFileRelativePath(splitSet, split)),
    options,
    warn,
  );
  const index = await buildTaskIndex(dataDir, names, {
    cacheFile: options.cacheFile,
    onProgress: options.onIndexProgress,
  });

  if (index.invalid.length > 0) reportInvalid(index.invalid, options, warn);
  if (index.missing.length > 0) {
    const message =
      `${index.missing.length} of ${names.length} tasks named by split ${splitSet}/${split} are absent from ` +
      `${path.join(dataDir, "tasks")}: ${index.missing.join(", ")}`;
    if (options.strict) throw new UsageError(`${message} (--strict makes this an error)`);
    warn(message);
  }

  const tasks = names
    .map((name) => index.metas.get(name))
    .filter((meta): meta is TaskMeta => meta !== undefined)
    .filter((meta) => options.allLanguages || isEnglish(meta));

  return {
    dir: dataDir,
    split,
    tasks,
    missing: index.missing,
    taxonomy,
    select: (filter) => selectTasks(tasks, taxonomy, filter),
    loadTask: (meta, instancesPerTask = DEFAULT_INSTANCES_PER_TASK) => loadTask(meta, instancesPerTask),
  };
}

/** The paper's filter: input, output and instruction languages all include English. */
export function isEnglish(meta: TaskMeta): boolean {
  return [meta.inputLanguages, meta.outputLanguages, meta.instructionLanguages].every((languages) =>
    languages.includes("English"),
  );
}

/** Reads the task file again (it is not kept in memory) and returns it clipped to `instancesPerTask`. */
async function loadTask(meta: TaskMeta, instancesPerTask: number): Promise<Task> {
  if (!Number.isInteger(instancesPerTask) || instancesPerTask < 1) {
    throw new UsageError(`instances per task must be a positive integer (got ${instancesPerTask})`);
  }
  // Validated in full (the index only scanned the instances), and the file may have changed since.
  const { meta: current, raw } = await readTaskMeta(meta.name, meta.file);
  return taskFrom(raw, current, instancesPerTask);
}

async function requireDirectory(dataDir: string, given: string): Promise<void> {
  const stats = await stat(path.join(dataDir, "tasks")).catch(() => undefined);
  if (!stats?.isDirectory()) {
    throw new UsageError(
      `${given} is not an SNI directory: expected ${path.join(dataDir, "tasks")}/ with one JSON file per task ` +
        `(get the test split with: slm-eval data pull --dest ${given})`,
    );
  }
}

/** A task named twice by the split would be counted twice: bad input, or a warning under skipInvalid. */
function uniqueTaskNames(
  entries: SplitEntry[],
  splitFile: string,
  options: DatasetOptions,
  warn: (message: string) => void,
): string[] {
  const firstLine = new Map<string, number>();
  const duplicates: string[] = [];
  for (const { task, line } of entries) {
    const seen = firstLine.get(task);
    if (seen === undefined) firstLine.set(task, line);
    else duplicates.push(`"${task}" on line ${line} (first on line ${seen})`);
  }
  if (duplicates.length > 0) {
    const message = `${splitFile}: duplicate task names: ${duplicates.join("; ")}`;
    if (!options.skipInvalid) throw new UsageError(`${message} (--skip-invalid keeps the first of each)`);
    warn(`${message}; keeping the first of each`);
  }
  return [...firstLine.keys()];
}

function reportInvalid(
  invalid: InvalidTaskError[],
  options: DatasetOptions,
  warn: (message: string) => void,
): void {
  const details = invalid.map((error) => error.message).join("\n  ");
  if (!options.skipInvalid) {
    throw new UsageError(
      `${invalid.length} invalid task file${invalid.length === 1 ? "" : "s"}:\n  ${details}\n` +
        "(fix the files, or pass --skip-invalid to continue without them)",
    );
  }
  warn(
    `skipped ${invalid.length} invalid task${invalid.length === 1 ? "" : "s"}: ${invalid.map((error) => error.task).join(", ")}\n  ${details}`,
  );
}
