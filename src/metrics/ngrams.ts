/**
 * N-gram multisets over token lists, keyed by numbers: tokens get small integer ids, an n-gram is its ids in base
 * `vocabulary size`. Exact while vocabulary^n stays below 2^53; beyond that, keys fall back to joined strings.
 */
export type NgramCounts = Map<number | string, number>;

/** Assigns integer ids to the tokens of several lists at once, so their n-grams share one key space. */
export class TokenIds {
  private readonly ids = new Map<string, number>();

  encode(tokens: readonly string[]): number[] {
    const encoded = new Array<number>(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as string;
      let id = this.ids.get(token);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(token, id);
      }
      encoded[i] = id;
    }
    return encoded;
  }

  get size(): number {
    return this.ids.size;
  }
}

/** Counts of the n-grams of `ids`; `base` must exceed every id and be the same for lists compared with each other. */
export function countNgrams(ids: readonly number[], n: number, base: number): NgramCounts {
  const counts: NgramCounts = new Map();
  const numeric = base ** n < Number.MAX_SAFE_INTEGER;
  for (let start = 0; start + n <= ids.length; start++) {
    let key: number | string;
    if (numeric) {
      key = 0;
      for (let k = start; k < start + n; k++) key = key * base + (ids[k] as number);
    } else {
      key = ids.slice(start, start + n).join(",");
    }
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Σ over the n-grams of `counts` of min(count, count in `limits`). */
export function clippedOverlap(counts: NgramCounts, limits: NgramCounts): number {
  let overlap = 0;
  for (const [key, count] of counts) {
    const limit = limits.get(key);
    if (limit !== undefined) overlap += Math.min(count, limit);
  }
  return overlap;
}
