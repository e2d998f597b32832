import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clippedOverlaps } from "../../src/metrics/ngrams.js";

/** Σ over n-grams of min(count in first, count in second), counted with maps of joined n-grams. */
function naiveOverlap(first: readonly string[], second: readonly string[], n: number): number {
  const counts = (tokens: readonly string[]) => {
    const map = new Map<string, number>();
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = tokens.slice(i, i + n).join("\u0000");
      map.set(key, (map.get(key) ?? 0) + 1);
    }
    return map;
  };
  const secondCounts = counts(second);
  let overlap = 0;
  for (const [key, count] of counts(first)) overlap += Math.min(count, secondCounts.get(key) ?? 0);
  return overlap;
}

/** Tokens from a small vocabulary, so that n-grams repeat. */
function randomTokens(seed: number, length: number, vocabulary: number): string[] {
  let state = seed;
  return Array.from({ length }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return `w${(state >>> 16) % vocabulary}`;
  });
}

describe("clippedOverlaps", () => {
  it("counts clipped n-gram overlaps of orders 1..4 like maps of n-grams, for short and long lists", () => {
    // Lengths on both sides of the switch from comparing positions to hashing n-grams (first × second = 16,384).
    for (const [firstLength, secondLength] of [
      [0, 5],
      [1, 1],
      [7, 3],
      [40, 60],
      [128, 128],
      [129, 128],
      [300, 90],
    ] as const) {
      for (const vocabulary of [2, 5, 50]) {
        const first = randomTokens(firstLength * 7 + vocabulary, firstLength, vocabulary);
        const second = randomTokens(secondLength * 13 + vocabulary, secondLength, vocabulary);
        const expected = [1, 2, 3, 4].map((n) => naiveOverlap(first, second, n));
        assert.deepEqual(
          clippedOverlaps(first, second, 4),
          expected,
          `${firstLength}×${secondLength}, ${vocabulary}`,
        );
      }
    }
  });
});
