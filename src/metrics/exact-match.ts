import { PY_WORD, pythonSplit } from "./python-text.js";

/**
 * Exact match after the usual QA normalisation (SQuAD's `normalize_answer`, which Super-NaturalInstructions' own
 * evaluation uses): lowercase, drop ASCII punctuation (`string.punctuation`), replace the articles a/an/the by a
 * space, collapse whitespace. Two texts that both normalise to the empty string match.
 */

const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
const ARTICLE = new RegExp(`(?<!${PY_WORD})(?:a|an|the)(?!${PY_WORD})`, "gu");

export function normalizeAnswer(text: string): string {
  const withoutPunctuation = text.toLowerCase().replace(ASCII_PUNCTUATION, "");
  return pythonSplit(withoutPunctuation.replace(ARTICLE, " ")).join(" ");
}

/** 1 when candidate and reference are equal after normalisation, else 0. */
export function exactMatch(candidate: string, reference: string): number {
  return normalizeAnswer(candidate) === normalizeAnswer(reference) ? 1 : 0;
}
