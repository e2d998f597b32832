import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TaskMeta } from "../domain/index.js";
import { writeFileAtomic } from "./atomic-file.js";

/** Bump when TaskMeta or the validation rules change, so old caches are rebuilt rather than trusted. */
const CACHE_FORMAT = 1;

/** A cached index entry is valid while its file keeps the same size and modification time. */
export interface CachedTaskMeta {
  size: number;
  mtimeMs: number;
  meta: TaskMeta;
}

interface CacheFile {
  format: number;
  dir: string;
  entries: Record<string, CachedTaskMeta>;
}

/**
 * Where the metadata index of an SNI directory is cached: outside the data directory, which may be read-only.
 * SLM_EVAL_CACHE_DIR overrides the XDG cache location.
 */
export function indexCachePath(dataDir: string): string {
  const base =
    process.env.SLM_EVAL_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "slm-eval");
  const key = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16);
  return path.join(base, "index", `${key}.json`);
}

/** Reads a cache; a missing, unreadable or outdated cache is an empty one (it will be rebuilt). */
export async function readIndexCache(
  cacheFile: string,
  dataDir: string,
): Promise<Map<string, CachedTaskMeta>> {
  try {
    const cache = JSON.parse(await readFile(cacheFile, "utf8")) as CacheFile;
    if (cache.format !== CACHE_FORMAT || cache.dir !== path.resolve(dataDir)) return new Map();
    return new Map(Object.entries(cache.entries));
  } catch {
    return new Map();
  }
}

export async function writeIndexCache(
  cacheFile: string,
  dataDir: string,
  entries: Map<string, CachedTaskMeta>,
): Promise<void> {
  const cache: CacheFile = {
    format: CACHE_FORMAT,
    dir: path.resolve(dataDir),
    entries: Object.fromEntries(entries),
  };
  await writeFileAtomic(cacheFile, JSON.stringify(cache));
}
