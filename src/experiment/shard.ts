import { createHash } from "node:crypto";
import { UsageError } from "../cli/errors.js";
import type { Shard } from "../domain/experiment.js";

/**
 * Parses `--shard I/N` (1 ≤ I ≤ N). Shards split the instances, not the runs: every shard runs every model, style
 * and decoding over its own part of the instances, so shards take about equally long whatever the matrix.
 */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count || count > 100_000) {
    throw new UsageError(`--shard "${text}": expected I/N with 1 ≤ I ≤ N, e.g. --shard 2/8`);
  }
  return { index, count };
}

/**
 * The shard an instance belongs to: the first 8 hex digits of sha256("<task>\n<instance index>") as an unsigned
 * integer, modulo the shard count, plus one. It depends on nothing else (not on the task list, the order or the
 * other instances), so the same instance lands in the same shard on every machine and in every rerun.
 */
export function shardOf(task: string, instanceIndex: number, count: number): number {
  const digest = createHash("sha256").update(`${task}\n${instanceIndex}`).digest("hex");
  return (Number.parseInt(digest.slice(0, 8), 16) % count) + 1;
}

export function inShard(shard: Shard, task: string, instanceIndex: number): boolean {
  return shardOf(task, instanceIndex, shard.count) === shard.index;
}

/** Where a shard writes when no store is given: `results.duckdb` → `results.shard-2-of-8.duckdb`. */
export function shardStoreFile(storeFile: string, shard: Shard): string {
  const suffix = `.shard-${shard.index}-of-${shard.count}`;
  return storeFile.endsWith(".duckdb")
    ? storeFile.replace(/\.duckdb$/, `${suffix}.duckdb`)
    : `${storeFile}${suffix}`;
}
