/**
 * Python `math.fsum`: the correctly rounded sum (Shewchuk's exact partials, then CPython's round-half-even fix-up),
 * so sums match Python bit for bit whatever the order of the terms.
 */
export function pythonFsum(values: Iterable<number>): number {
  const partials: number[] = [];
  for (let x of values) {
    let used = 0;
    for (let k = 0; k < partials.length; k++) {
      let y = partials[k] as number;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[used++] = lo;
      x = hi;
    }
    partials.length = used;
    partials.push(x);
  }
  let n = partials.length;
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
