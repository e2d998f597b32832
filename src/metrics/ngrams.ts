/**
 * N-gram overlap between two token lists. Every n-gram gets a dense integer id shared by both lists, built order by
 * order from the (n-1)-gram id and the last token id, so counting needs typed arrays instead of maps of n-grams.
 * (Hot path: no closures, one id map per order.)
 */
export class SharedNgrams {
  /** N-gram ids of the current order for each start position of the first and second list. */
  first: Int32Array;
  second: Int32Array;
  /** Current n-gram order. */
  order = 1;
  /** Number of distinct ids of the current order. */
  distinct: number;
  private readonly firstTokens: Int32Array;
  private readonly secondTokens: Int32Array;
  private readonly vocabulary: number;

  constructor(first: readonly string[], second: readonly string[]) {
    const ids = new Map<string, number>();
    this.firstTokens = encodeTokens(first, ids);
    this.secondTokens = encodeTokens(second, ids);
    this.first = this.firstTokens;
    this.second = this.secondTokens;
    this.vocabulary = ids.size;
    this.distinct = ids.size;
  }

  /** Moves to the next order: the lists of ids get one entry shorter. */
  advance(): void {
    const ids = new Map<number, number>();
    this.first = extendIds(this.first, this.firstTokens, this.order, this.vocabulary, ids);
    this.second = extendIds(this.second, this.secondTokens, this.order, this.vocabulary, ids);
    this.order++;
    this.distinct = ids.size;
  }

  /** Σ over the n-grams of the current order of min(count in first, count in second). */
  overlap(): number {
    const available = new Int32Array(this.distinct);
    const first = this.first;
    const second = this.second;
    for (let i = 0; i < second.length; i++) {
      const id = second[i] as number;
      available[id] = (available[id] as number) + 1;
    }
    let overlap = 0;
    for (let i = 0; i < first.length; i++) {
      const id = first[i] as number;
      const left = available[id] as number;
      if (left > 0) {
        available[id] = left - 1;
        overlap++;
      }
    }
    return overlap;
  }
}

function encodeTokens(tokens: readonly string[], ids: Map<string, number>): Int32Array {
  const encoded = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    let id = ids.get(token);
    if (id === undefined) {
      id = ids.size;
      ids.set(token, id);
    }
    encoded[i] = id;
  }
  return encoded;
}

/** Ids of the (order+1)-grams: the order-gram id at i combined with the token at i + order. */
function extendIds(
  previous: Int32Array,
  tokens: Int32Array,
  order: number,
  vocabulary: number,
  ids: Map<number, number>,
): Int32Array {
  const count = previous.length > 0 ? previous.length - 1 : 0;
  const next = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const key = (previous[i] as number) * vocabulary + (tokens[i + order] as number);
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    next[i] = id;
  }
  return next;
}

/**
 * Up to this many position pairs, equal n-grams are found by comparing tokens instead of hashing n-grams: on the golden
 * pairs, comparing stays faster than the id maps well beyond 4,096 pairs.
 */
const PAIR_LIMIT = 16_384;
const firstScratch = new Int32Array(PAIR_LIMIT);
const secondScratch = new Int32Array(PAIR_LIMIT);
let takenScratch = new Uint8Array(256);
let firstKeyScratch: Int32Array = new Int32Array(256);
let secondKeyScratch: Int32Array = new Int32Array(256);

/**
 * Length and first code unit of each token in one integer: most unequal tokens differ there, and comparing integers
 * is much cheaper than comparing strings.
 */
function tokenKeys(tokens: readonly string[], scratch: Int32Array): Int32Array {
  const keys = scratch.length < tokens.length ? new Int32Array(tokens.length * 2) : scratch;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    keys[i] = (token.length << 16) | (token.charCodeAt(0) | 0);
  }
  return keys;
}

/**
 * Clipped overlaps Σ min(count in first, count in second) of the n-grams of orders 1..maxOrder, as `overlaps[n-1]`.
 *
 * Short lists: the position pairs (i, j) whose n-grams are equal are listed order by order (the equal tokens, then
 * those pairs whose next tokens are equal too). Equal n-grams form classes, and letting each position of `first`, in
 * order, take the first position of `second` with an equal n-gram not taken yet gives min(count, count) per class.
 * Longer lists use SharedNgrams. Both count exactly the same integers.
 */
export function clippedOverlaps(
  first: readonly string[],
  second: readonly string[],
  maxOrder: number,
): number[] {
  const columns = second.length;
  if (first.length * columns > PAIR_LIMIT) {
    const ngrams = new SharedNgrams(first, second);
    const overlaps = [ngrams.overlap()];
    while (ngrams.order < maxOrder) {
      ngrams.advance();
      overlaps.push(ngrams.overlap());
    }
    return overlaps;
  }
  const firstPositions = firstScratch;
  const secondPositions = secondScratch;
  const firstKeys = tokenKeys(first, firstKeyScratch);
  const secondKeys = tokenKeys(second, secondKeyScratch);
  firstKeyScratch = firstKeys;
  secondKeyScratch = secondKeys;
  let count = 0;
  for (let i = 0; i < first.length; i++) {
    const token = first[i];
    const key = firstKeys[i];
    for (let j = 0; j < columns; j++) {
      if (key === secondKeys[j] && token === second[j]) {
        firstPositions[count] = i;
        secondPositions[count] = j;
        count++;
      }
    }
  }
  if (takenScratch.length < columns) takenScratch = new Uint8Array(columns * 2);
  const taken = takenScratch;
  const overlaps: number[] = [];
  for (let n = 1; n <= maxOrder; n++) {
    if (n > 1) {
      // Keep the pairs whose n-grams stay equal with one more token.
      const offset = n - 1;
      let kept = 0;
      for (let p = 0; p < count; p++) {
        const i = firstPositions[p] as number;
        const j = secondPositions[p] as number;
        const last = first[i + offset];
        if (last !== undefined && last === second[j + offset]) {
          firstPositions[kept] = i;
          secondPositions[kept] = j;
          kept++;
        }
      }
      count = kept;
    }
    taken.fill(0, 0, columns);
    let overlap = 0;
    let lastTaker = -1;
    for (let p = 0; p < count; p++) {
      const i = firstPositions[p] as number;
      const j = secondPositions[p] as number;
      if (i !== lastTaker && taken[j] === 0) {
        taken[j] = 1;
        lastTaker = i;
        overlap++;
      }
    }
    overlaps.push(overlap);
    // No common n-gram means no common longer one.
    if (overlap === 0) {
      while (overlaps.length < maxOrder) overlaps.push(0);
      break;
    }
  }
  return overlaps;
}
