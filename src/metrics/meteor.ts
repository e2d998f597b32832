import { cachedPorterStem } from "./porter-stemmer.js";
import { WordNet } from "./wordnet.js";
import { wndbFileReader } from "./wordnet-files.js";

/**
 * NLTK 3.8 `single_meteor_score(reference, hypothesis)` with its defaults: words lowercased, aligned in three greedy
 * stages (exact, Porter stem, WordNet 3.0 synonym), then F-mean with alpha 0.9 and a fragmentation penalty
 * 0.5 * (chunks / matches)^3.
 *
 * NLTK's stages scan the hypothesis from its last word down and take, for each word, the last remaining reference
 * word that matches. Keeping the remaining reference positions per word (ascending) gives the same alignment without
 * rescanning the reference for every hypothesis word.
 */

const ALPHA = 0.9;
const BETA = 3;
const GAMMA = 0.5;

let sharedWordNet: WordNet | undefined;

function wordnet(): WordNet {
  sharedWordNet ??= new WordNet(wndbFileReader());
  return sharedWordNet;
}

const SYNONYM_CACHE_LIMIT = 100_000;
const synonymCache = new Map<string, ReadonlySet<string>>();

/** The word itself and the underscore-free lemma names of its synsets. */
function synonyms(word: string): ReadonlySet<string> {
  let result = synonymCache.get(word);
  if (result === undefined) {
    const names = new Set<string>([word]);
    for (const name of wordnet().synsetLemmaNames(word)) {
      if (!name.includes("_")) names.add(name);
    }
    result = names;
    if (synonymCache.size >= SYNONYM_CACHE_LIMIT) synonymCache.clear();
    synonymCache.set(word, result);
  }
  return result;
}

interface Word {
  index: number;
  text: string;
}

interface Alignment {
  /** Pairs (hypothesis index, reference index). */
  matches: Array<[number, number]>;
  hypothesis: Word[];
  reference: Word[];
}

/**
 * The remaining reference words of a stage: positions per word, ascending, so the last entry of a word is its last
 * remaining occurrence.
 */
class RemainingReference {
  private readonly positions = new Map<string, number[]>();
  size: number;

  constructor(words: readonly Word[]) {
    for (const word of words) {
      const list = this.positions.get(word.text);
      if (list === undefined) this.positions.set(word.text, [word.index]);
      else list.push(word.index);
    }
    this.size = words.length;
  }

  /** Number of distinct words still present. */
  get distinctWords(): number {
    return this.positions.size;
  }

  lastPosition(text: string): number {
    const list = this.positions.get(text);
    return list === undefined ? -1 : (list[list.length - 1] as number);
  }

  /** The last remaining position of any word `accepts` takes (scanning distinct words), or -1. */
  lastPositionWhere(accepts: (text: string) => boolean): number {
    let best = -1;
    for (const [text, list] of this.positions) {
      const last = list[list.length - 1] as number;
      if (last > best && accepts(text)) best = last;
    }
    return best;
  }

  take(text: string): number {
    const list = this.positions.get(text) as number[];
    const position = list.pop() as number;
    if (list.length === 0) this.positions.delete(text);
    this.size--;
    return position;
  }
}

/**
 * One greedy stage. `match(word, remaining)` returns the reference word the hypothesis word takes (the one with the
 * last remaining position among those it may match), or undefined.
 */
function matchStage(
  hypothesis: readonly Word[],
  reference: readonly Word[],
  match: (word: string, remaining: RemainingReference) => string | undefined,
): Alignment {
  const remaining = new RemainingReference(reference);
  const matchedReference = new Set<number>();
  const matchedHypothesis = new Set<number>();
  const matches: Array<[number, number]> = [];
  for (let i = hypothesis.length - 1; i >= 0 && remaining.size > 0; i--) {
    const word = hypothesis[i] as Word;
    const taken = match(word.text, remaining);
    if (taken === undefined) continue;
    const referenceIndex = remaining.take(taken);
    matches.push([word.index, referenceIndex]);
    matchedHypothesis.add(word.index);
    matchedReference.add(referenceIndex);
  }
  return {
    matches,
    hypothesis:
      matches.length === 0
        ? [...hypothesis]
        : hypothesis.filter((word) => !matchedHypothesis.has(word.index)),
    reference:
      matches.length === 0 ? [...reference] : reference.filter((word) => !matchedReference.has(word.index)),
  };
}

function exactly(word: string, remaining: RemainingReference): string | undefined {
  return remaining.lastPosition(word) >= 0 ? word : undefined;
}

/** The word itself or a synonym, through whichever is smaller: the synonym set or the remaining words. */
function synonymously(word: string, remaining: RemainingReference): string | undefined {
  const candidates = synonyms(word);
  if (candidates.size <= remaining.distinctWords) {
    let best = -1;
    let bestText: string | undefined;
    for (const text of candidates) {
      const last = remaining.lastPosition(text);
      if (last > best) {
        best = last;
        bestText = text;
      }
    }
    return bestText;
  }
  let bestText: string | undefined;
  remaining.lastPositionWhere((text) => {
    if (!candidates.has(text)) return false;
    bestText = text;
    return true;
  });
  return bestText;
}

function stemmed(words: readonly Word[]): Word[] {
  return words.map((word) => ({ index: word.index, text: cachedPorterStem(word.text) }));
}

/** The three stages; a stage runs only while both sides have unmatched words. */
function align(hypothesis: Word[], reference: Word[]): Array<[number, number]> {
  const exact = matchStage(hypothesis, reference, exactly);
  if (exact.hypothesis.length === 0 || exact.reference.length === 0) return exact.matches;
  const stems = matchStage(stemmed(exact.hypothesis), stemmed(exact.reference), exactly);
  const matches = [...exact.matches, ...stems.matches];
  if (stems.hypothesis.length === 0 || stems.reference.length === 0) return matches;
  // NLTK passes the stemmed leftovers on to the synonym stage.
  return [...matches, ...matchStage(stems.hypothesis, stems.reference, synonymously).matches];
}

function countChunks(matches: ReadonlyArray<[number, number]>): number {
  let chunks = 1;
  for (let k = 0; k + 1 < matches.length; k++) {
    const [hyp, ref] = matches[k] as [number, number];
    const [nextHyp, nextRef] = matches[k + 1] as [number, number];
    if (!(nextHyp === hyp + 1 && nextRef === ref + 1)) chunks++;
  }
  return chunks;
}

/** METEOR of hypothesis tokens against reference tokens (both as the Treebank tokenizer gives them). */
export function meteorFromTokens(hypothesis: readonly string[], reference: readonly string[]): number {
  if (hypothesis.length === 0 || reference.length === 0) return 0;
  const hyp = hypothesis.map((text, index) => ({ index, text: text.toLowerCase() }));
  const ref = reference.map((text, index) => ({ index, text: text.toLowerCase() }));
  const matches = align(hyp, ref).sort((a, b) => a[0] - b[0]);
  const matchCount = matches.length;
  if (matchCount === 0) return 0;
  const precision = matchCount / hypothesis.length;
  const recall = matchCount / reference.length;
  const fmean = (precision * recall) / (ALPHA * precision + (1 - ALPHA) * recall);
  const fragmentation = countChunks(matches) / matchCount;
  const penalty = GAMMA * fragmentation ** BETA;
  return (1 - penalty) * fmean;
}
