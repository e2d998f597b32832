import { porterStem } from "./porter-stemmer.js";
import { WordNet, wordnetDictionaryPath } from "./wordnet.js";

/**
 * NLTK 3.8 `single_meteor_score(reference, hypothesis)` with its defaults: words lowercased, aligned in three greedy
 * stages (exact, Porter stem, WordNet 3.0 synonym), then F-mean with alpha 0.9 and a fragmentation penalty
 * 0.5 * (chunks / matches)^3.
 *
 * NLTK's stages scan the hypothesis from its last word down and take, for each word, the last remaining reference
 * word that matches. Matching the largest remaining reference index per word through stacks gives the same
 * alignment in linear time.
 */

const ALPHA = 0.9;
const BETA = 3;
const GAMMA = 0.5;

let sharedWordNet: WordNet | undefined;

function wordnet(): WordNet {
  sharedWordNet ??= new WordNet(wordnetDictionaryPath());
  return sharedWordNet;
}

const CACHE_LIMIT = 200_000;
const stemCache = new Map<string, string>();
const synonymCache = new Map<string, ReadonlySet<string>>();

function stem(word: string): string {
  let result = stemCache.get(word);
  if (result === undefined) {
    result = porterStem(word);
    if (stemCache.size >= CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, result);
  }
  return result;
}

/** The word itself and the underscore-free lemma names of its synsets. */
function synonyms(word: string): ReadonlySet<string> {
  let result = synonymCache.get(word);
  if (result === undefined) {
    const names = new Set<string>([word]);
    for (const name of wordnet().synsetLemmaNames(word)) {
      if (!name.includes("_")) names.add(name);
    }
    result = names;
    if (synonymCache.size >= CACHE_LIMIT) synonymCache.clear();
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

/** Reference positions per word, ascending; the last entry is the last remaining occurrence. */
function positionsByWord(words: readonly Word[]): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  for (const word of words) {
    const list = positions.get(word.text);
    if (list === undefined) positions.set(word.text, [word.index]);
    else list.push(word.index);
  }
  return positions;
}

/** One greedy stage: `candidates(word)` lists the reference words a hypothesis word may match. */
function matchStage(
  hypothesis: readonly Word[],
  reference: readonly Word[],
  candidates: (word: string) => Iterable<string>,
): Alignment {
  const remaining = positionsByWord(reference);
  const matchedReference = new Set<number>();
  const matchedHypothesis = new Set<number>();
  const matches: Array<[number, number]> = [];
  for (let i = hypothesis.length - 1; i >= 0; i--) {
    const word = hypothesis[i] as Word;
    let best: number[] | undefined;
    for (const text of candidates(word.text)) {
      const list = remaining.get(text);
      if (list === undefined || list.length === 0) continue;
      if (best === undefined || (list[list.length - 1] as number) > (best[best.length - 1] as number)) {
        best = list;
      }
    }
    if (best === undefined) continue;
    const referenceIndex = best.pop() as number;
    matches.push([word.index, referenceIndex]);
    matchedHypothesis.add(word.index);
    matchedReference.add(referenceIndex);
  }
  return {
    matches,
    hypothesis: hypothesis.filter((word) => !matchedHypothesis.has(word.index)),
    reference: reference.filter((word) => !matchedReference.has(word.index)),
  };
}

const exactly = (word: string): Iterable<string> => [word];

function stemmed(words: readonly Word[]): Word[] {
  return words.map((word) => ({ index: word.index, text: stem(word.text) }));
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
  const exact = matchStage(hyp, ref, exactly);
  const stems = matchStage(stemmed(exact.hypothesis), stemmed(exact.reference), exactly);
  // NLTK passes the stemmed leftovers on to the synonym stage.
  const synonymous = matchStage(stems.hypothesis, stems.reference, synonyms);
  const matches = [...exact.matches, ...stems.matches, ...synonymous.matches].sort((a, b) => a[0] - b[0]);
  const matchCount = matches.length;
  if (matchCount === 0) return 0;
  const precision = matchCount / hypothesis.length;
  const recall = matchCount / reference.length;
  const fmean = (precision * recall) / (ALPHA * precision + (1 - ALPHA) * recall);
  const fragmentation = countChunks(matches) / matchCount;
  const penalty = GAMMA * fragmentation ** BETA;
  return (1 - penalty) * fmean;
}
