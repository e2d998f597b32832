import { PY_DIGIT, PY_END, PY_SPACE, PY_WORD, pythonSplit } from "./python-text.js";

/**
 * NLTK 3.8 `word_tokenize(text, preserve_line=True)`: the `NLTKWordTokenizer` (improved Treebank) substitutions applied
 * to the whole text, no sentence splitting. Each Python `re.sub` is translated with Python's Unicode semantics for
 * `\w`, `\d`, `\s`, `\b`, `$` and IGNORECASE (see python-text.ts); the order of the substitutions is NLTK's.
 */

type Substitution = readonly [pattern: RegExp, replacement: string];

const W = PY_WORD;
/** Python `\b` right after a word character: the next character is not one. */
const WORD_END = `(?!${W})`;
/** Python `\b` right before a word character: the previous character is not one. */
const WORD_START = `(?<!${W})`;
/**
 * Python IGNORECASE also equates `i` with U+0130 (whose simple lowercase is `i`) and U+0131; JS `/iu` uses simple case
 * folding, which does not. Spelled out where a pattern contains a literal `i`.
 */
const I = "[iİı]";

const rx = (source: string, flags = "") => new RegExp(source, `gu${flags}`);

const STARTING_QUOTES: Substitution[] = [
  [rx("([«“‘„]|`+)"), " $1 "],
  [/^"/u, "``"],
  [rx("(``)"), " $1 "],
  [rx(`([ ([{<])("|'{2})`), "$1 `` "],
  [rx(`(')(?!re|ve|ll|m|t|s|d|n)(${W})${WORD_END}`, "i"), "$1 $2"],
];

const PUNCTUATION: Substitution[] = [
  [rx(`([^.])(\\.)([\\])}>"'»”’ ]*)${PY_SPACE}*${PY_END}`), "$1 $2 $3 "],
  [rx(`([:,])([^${PY_DIGIT}])`), " $1 $2"],
  [rx(`([:,])${PY_END}`), " $1 "],
  [rx("\\.{2,}"), " $& "],
  [rx("[;@#$%&]"), " $& "],
  [rx(`([^.])(\\.)([\\])}>"']*)${PY_SPACE}*${PY_END}`), "$1 $2$3 "],
  [rx("[?!]"), " $& "],
  [rx("([^'])' "), "$1 ' "],
  [rx("[*]"), " $& "],
];

const PARENS_BRACKETS: Substitution = [rx("[\\][(){}<>]"), " $& "];

const DOUBLE_DASHES: Substitution = [rx("--"), " -- "];

const ENDING_QUOTES: Substitution[] = [
  [rx("([»”’])"), " $1 "],
  [rx("''"), " '' "],
  [rx('"'), " '' "],
  [rx("([^' ])('[sS]|'[mM]|'[dD]|') "), "$1 $2 "],
  [rx("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) "), "$1 $2 "],
];

const CONTRACTIONS: Substitution[] = [
  // CONTRACTIONS2
  [rx(`${WORD_START}(can)(not)${WORD_END}`, "i"), " $1 $2 "],
  [rx(`${WORD_START}(d)('ye)${WORD_END}`, "i"), " $1 $2 "],
  [rx(`${WORD_START}(g${I}m)(me)${WORD_END}`, "i"), " $1 $2 "],
  [rx(`${WORD_START}(gon)(na)${WORD_END}`, "i"), " $1 $2 "],
  [rx(`${WORD_START}(got)(ta)${WORD_END}`, "i"), " $1 $2 "],
  [rx(`${WORD_START}(lem)(me)${WORD_END}`, "i"), " $1 $2 "],
  [rx(`${WORD_START}(more)('n)${WORD_END}`, "i"), " $1 $2 "],
  [rx(`${WORD_START}(wan)(na)(?=${PY_SPACE})`, "i"), " $1 $2 "],
  // CONTRACTIONS3
  [rx(` ('t)(${I}s)${WORD_END}`, "i"), " $1 $2 "],
  [rx(` ('t)(was)${WORD_END}`, "i"), " $1 $2 "],
];

function applyAll(text: string, substitutions: readonly Substitution[]): string {
  let result = text;
  for (const [pattern, replacement] of substitutions) result = result.replace(pattern, replacement);
  return result;
}

/** Tokens of `nltk.word_tokenize(text, preserve_line=True)` (NLTK 3.8), case preserved. */
export function treebankTokenize(text: string): string[] {
  let result = applyAll(text, STARTING_QUOTES);
  result = applyAll(result, PUNCTUATION);
  result = applyAll(result, [PARENS_BRACKETS, DOUBLE_DASHES]);
  result = applyAll(` ${result} `, ENDING_QUOTES);
  result = applyAll(result, CONTRACTIONS);
  return pythonSplit(result);
}
