let partialsScratch: Float64Array = new Float64Array(32);

/**
 * Python `math.fsum`: the correctly rounded sum (Shewchuk's exact partials, then CPython's round-half-even fix-up),
 * so sums match Python bit for bit whatever the order of the terms.
 */
export function pythonFsum(values: Iterable<number>): number {
  // One scratch buffer for the partials instead of an array per call (BLEU calls this once per pair).
  let partials = partialsScratch;
  let count = 0;
  for (let x of values) {
    let used = 0;
    for (let k = 0; k < count; k++) {
      let y = partials[k] as number;
      if (Math.abs(x) < Math.abs(y)) {
        const larger = y;
        y = x;
        x = larger;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[used++] = lo;
      x = hi;
    }
    if (used === partials.length) {
      const grown = new Float64Array(partials.length * 2);
      grown.set(partials);
      partials = grown;
      partialsScratch = grown;
    }
    partials[used] = x;
    count = used + 1;
  }
  let n = count;
  if (n === 0) return 0;
  let hi = partials[--n] as number;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n] as number;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  if (n > 0) {
    const next = partials[n - 1] as number;
    if ((lo < 0 && next < 0) || (lo > 0 && next > 0)) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
  }
  return hi;
}
