import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { TaskMeta } from "../domain/index.js";
import { forEachConcurrently } from "./concurrency.js";
import { type CachedTaskMeta, indexCachePath, readIndexCache, writeIndexCache } from "./index-cache.js";
import { decodeTaskBytes, InvalidTaskError, parseTaskJson, taskMetaFrom } from "./task-file.js";
import { scanTaskMeta } from "./task-scan.js";

export interface TaskIndex {
  /** Metadata of every requested task that exists and is valid, by name. */
  metas: Map<string, TaskMeta>;
  /** Requested tasks without a file. */
  missing: string[];
  /** Requested tasks whose file is unusable. */
  invalid: InvalidTaskError[];
}

export interface TaskIndexOptions {
  /** Where the cache lives; default from indexCachePath. */
  cacheFile?: string;
  /** Called after each task file that had to be scanned (not served from the cache). */
  onProgress?: (progress: IndexProgress) => void;
}

export interface IndexProgress {
  scanned: number;
  /** Task files that are new or changed since the cache was written. */
  toScan: number;
}

/** Path of a task's JSON file in an SNI directory. */
export function taskFilePath(dataDir: string, task: string): string {
  return path.join(path.resolve(dataDir), "tasks", `${task}.json`);
}

/** Reads, decodes, parses and fully validates one task file: its metadata and the parsed JSON. */
export async function readTaskMeta(task: string, file: string): Promise<{ meta: TaskMeta; raw: unknown }> {
  const raw = parseTaskJson(decodeTaskBytes(await readFile(file), task, file), task, file);
  return { meta: taskMetaFrom(raw, task, file), raw };
}

/**
 * The metadata of the named tasks. Files unchanged since the cache was written (same size and mtime) are not
 * read at all; the others are scanned once (instances counted, not parsed) and the cache is updated.
 */
export async function buildTaskIndex(
  dataDir: string,
  tasks: string[],
  options: TaskIndexOptions = {},
): Promise<TaskIndex> {
  const cacheFile = options.cacheFile ?? indexCachePath(dataDir);
  const cache = await readIndexCache(cacheFile, dataDir);
  const metas = new Map<string, TaskMeta>();
  const missing: string[] = [];
  const invalid: InvalidTaskError[] = [];
  let changed = false;

  const toScan: Array<{ task: string; file: string; size: number; mtimeMs: number }> = [];
  await forEachConcurrently(tasks, 16, async (task) => {
    const file = taskFilePath(dataDir, task);
    const stats = await stat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (stats === undefined) {
      missing.push(task);
      changed ||= cache.delete(file);
      return;
    }
    const cached = cache.get(file);
    if (cached !== undefined && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs) {
      metas.set(task, cached.meta);
    } else {
      toScan.push({ task, file, size: stats.size, mtimeMs: stats.mtimeMs });
    }
  });

  let scanned = 0;
  await forEachConcurrently(toScan, 8, async ({ task, file, size, mtimeMs }) => {
    try {
      const meta = scanTaskMeta(await readFile(file), task, file);
      const entry: CachedTaskMeta = { size, mtimeMs, meta };
      cache.set(file, entry);
      metas.set(task, meta);
    } catch (error) {
      if (!(error instanceof InvalidTaskError)) throw error;
      cache.delete(file);
      invalid.push(error);
    }
    changed = true;
    options.onProgress?.({ scanned: ++scanned, toScan: toScan.length });
  });

  if (changed) {
    // A cache that cannot be written (read-only home, full disk) only costs speed next time.
    await writeIndexCache(cacheFile, dataDir, cache).catch(() => undefined);
  }
  const order = new Map(tasks.map((task, position) => [task, position]));
  const byRequestOrder = (a: string, b: string) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  missing.sort(byRequestOrder);
  invalid.sort((a, b) => byRequestOrder(a.task, b.task));
  return { metas, missing, invalid };
}
