import { createHash } from "node:crypto";
import type { Interval } from "../domain/analysis.js";

/** A task's contribution to a mean: the sum and number of its instances' values. */
export interface TaskTotal {
  task: string;
  sum: number;
  count: number;
}

export const DEFAULT_RESAMPLES = 1000;

/** A small seeded PRNG (mulberry32): fast, and the same sequence on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seed for one quantity, from the user's seed and the quantity's name: each interval gets its own stream, so it
 * does not change when other quantities are added or computed in another order.
 */
export function streamSeed(seed: number, ...names: string[]): number {
  return createHash("sha256")
    .update(`${seed}\u0000${names.join("\u0000")}`)
    .digest()
    .readUInt32LE(0);
}

function percentile(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] as number;
  const b = sorted[upper] as number;
  return a + (b - a) * (position - lower);
}

/** Sorts in place: a typed array sorts numerically without a comparator call per comparison. */
function percentileInterval(replicates: Float64Array): Interval {
  replicates.sort();
  return { low: percentile(replicates, 0.025), high: percentile(replicates, 0.975) };
}

/** Tasks in a fixed order, so a seed gives the same draws whatever order the database returned them in. */
function byTask(totals: readonly TaskTotal[]): TaskTotal[] {
  return [...totals].sort((a, b) => (a.task < b.task ? -1 : a.task > b.task ? 1 : 0));
}

/** Sums and counts as typed arrays: the resampling loops run over these, not over objects. */
function columns(totals: readonly TaskTotal[]): { sums: Float64Array; counts: Float64Array } {
  return {
    sums: Float64Array.from(totals, (total) => total.sum),
    counts: Float64Array.from(totals, (total) => total.count),
  };
}

/** Mean over all instances of the tasks (each task weighs by its instance count). */
export function instanceMean(totals: readonly TaskTotal[]): number {
  let sum = 0;
  let count = 0;
  for (const total of totals) {
    sum += total.sum;
    count += total.count;
  }
  return sum / count;
}

/**
 * 95% percentile interval of an instance-level mean by a cluster bootstrap over tasks: each replicate draws the
 * tasks with replacement (instances of one task are not independent) and takes the mean over their instances.
 * Undefined with fewer than two tasks (no spread to resample).
 */
export function clusterBootstrapMean(
  unordered: readonly TaskTotal[],
  seed: number,
  resamples = DEFAULT_RESAMPLES,
): Interval | undefined {
  if (unordered.length < 2 || resamples < 1) return undefined;
  const { sums, counts } = columns(byTask(unordered));
  const random = seededRandom(seed);
  const n = sums.length;
  const replicates = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const drawn = (random() * n) | 0;
      sum += sums[drawn] as number;
      count += counts[drawn] as number;
    }
    replicates[r] = sum / count;
  }
  return percentileInterval(replicates);
}

/**
 * Interval of a macro average (e.g. a group: the mean of its entities' means). Each component is resampled over
 * its own tasks independently in every replicate (a stratified cluster bootstrap). Undefined when any component
 * has fewer than two tasks.
 */
export function clusterBootstrapMacroMean(
  unordered: ReadonlyArray<readonly TaskTotal[]>,
  seed: number,
  resamples = DEFAULT_RESAMPLES,
): Interval | undefined {
  if (resamples < 1 || unordered.length === 0 || unordered.some((totals) => totals.length < 2))
    return undefined;
  const components = unordered.map((totals) => columns(byTask(totals)));
  const random = seededRandom(seed);
  const replicates = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let total = 0;
    for (const { sums, counts } of components) {
      const n = sums.length;
      let sum = 0;
      let count = 0;
      for (let i = 0; i < n; i++) {
        const drawn = (random() * n) | 0;
        sum += sums[drawn] as number;
        count += counts[drawn] as number;
      }
      total += sum / count;
    }
    replicates[r] = total / components.length;
  }
  return percentileInterval(replicates);
}

export interface PairedDifference {
  /** mean(a) − mean(b) over the tasks both have. */
  difference: number;
  interval: Interval | undefined;
  /** Tasks both sides have; the comparison uses only these. */
  sharedTasks: number;
}

/**
 * Paired cluster bootstrap of mean(a) − mean(b): both sides are resampled with the same tasks in each replicate,
 * so task difficulty, shared by the two models, cancels out.
 */
export function pairedBootstrapDifference(
  a: readonly TaskTotal[],
  b: readonly TaskTotal[],
  seed: number,
  resamples = DEFAULT_RESAMPLES,
): PairedDifference | undefined {
  const bByTask = new Map(b.map((total) => [total.task, total]));
  const pairs = byTask(a)
    .filter((total) => bByTask.has(total.task))
    .map((total) => [total, bByTask.get(total.task) as TaskTotal] as const);
  if (pairs.length === 0) return undefined;
  const difference = instanceMean(pairs.map(([x]) => x)) - instanceMean(pairs.map(([, y]) => y));
  if (pairs.length < 2 || resamples < 1)
    return { difference, interval: undefined, sharedTasks: pairs.length };
  const random = seededRandom(seed);
  const replicates = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sumA = 0;
    let countA = 0;
    let sumB = 0;
    let countB = 0;
    for (let i = 0; i < pairs.length; i++) {
      const [x, y] = pairs[Math.floor(random() * pairs.length)] as readonly [TaskTotal, TaskTotal];
      sumA += x.sum;
      countA += x.count;
      sumB += y.sum;
      countB += y.count;
    }
    replicates[r] = sumA / countA - sumB / countB;
  }
  return { difference, interval: percentileInterval(replicates), sharedTasks: pairs.length };
}
