import { PY_DIGIT, PY_END, PY_SPACE, PY_WORD, pythonSplit } from "./python-text.js";
import { containsContractionWord, firstNotPlain, scanPlainText } from "./treebank-plain-scanner.js";

/**
 * NLTK 3.8 `word_tokenize(text, preserve_line=True)`: the `NLTKWordTokenizer` (improved Treebank) substitutions applied
 * to the whole text, no sentence splitting. Each Python `re.sub` is translated with Python's Unicode semantics for
 * `\w`, `\d`, `\s`, `\b`, `$` and IGNORECASE (see python-text.ts); the order of the substitutions is NLTK's.
 */

/**
 * A `re.sub` step. `triggers`: strings at least one of which the text must contain for the pattern to match at all;
 * the step is skipped without running the regex otherwise (a cheap `includes` replaces a full regex scan).
 */
interface Substitution {
  pattern: RegExp;
  replacement: string;
  triggers?: readonly string[];
}

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

const sub = (pattern: RegExp, replacement: string, triggers?: readonly string[]): Substitution =>
  triggers === undefined ? { pattern, replacement } : { pattern, replacement, triggers };

const STARTING_QUOTES: Substitution[] = [
  sub(rx("([«“‘„]|`+)"), " $1 ", ["«", "“", "‘", "„", "`"]),
  sub(/^"/u, "``", ['"']),
  sub(rx("(``)"), " $1 ", ["``"]),
  sub(rx(`([ ([{<])("|'{2})`), "$1 `` ", ['"', "''"]),
  sub(rx(`(')(?!re|ve|ll|m|t|s|d|n)(${W})${WORD_END}`, "i"), "$1 $2", ["'"]),
];

/**
 * The two final-period rules. Everything after the matched period (closing brackets and quotes, spaces) contains no
 * period, so a match can only involve the last period of the text and the character before it: the regex runs on
 * that tail alone.
 */
const FINAL_PERIOD_WITH_SPACE = rx(`([^.])(\\.)([\\])}>"'»”’ ]*)${PY_SPACE}*${PY_END}`);
const FINAL_PERIOD = rx(`([^.])(\\.)([\\])}>"']*)${PY_SPACE}*${PY_END}`);

const PUNCTUATION_MIDDLE: Substitution[] = [
  sub(rx(`([:,])([^${PY_DIGIT}])`), " $1 $2", [":", ","]),
  sub(rx(`([:,])${PY_END}`), " $1 ", [":", ","]),
  sub(rx("\\.{2,}"), " $& ", [".."]),
  sub(rx("[;@#$%&]"), " $& ", [";", "@", "#", "$", "%", "&"]),
];

const PUNCTUATION_END: Substitution[] = [
  sub(rx("[?!]"), " $& ", ["?", "!"]),
  sub(rx("([^'])' "), "$1 ' ", ["' "]),
  sub(rx("[*]"), " $& ", ["*"]),
  sub(rx("[\\][(){}<>]"), " $& ", ["[", "]", "(", ")", "{", "}", "<", ">"]),
  sub(rx("--"), " -- ", ["--"]),
];

const ENDING_QUOTES: Substitution[] = [
  sub(rx("([»”’])"), " $1 ", ["»", "”", "’"]),
  sub(rx("''"), " '' ", ["''"]),
  sub(rx('"'), " '' ", ['"']),
  sub(rx("([^' ])('[sS]|'[mM]|'[dD]|') "), "$1 $2 ", ["'"]),
  sub(rx("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) "), "$1 $2 ", ["'"]),
];

const CONTRACTIONS: Substitution[] = [
  // CONTRACTIONS2
  sub(rx(`${WORD_START}(can)(not)${WORD_END}`, "i"), " $1 $2 "),
  sub(rx(`${WORD_START}(d)('ye)${WORD_END}`, "i"), " $1 $2 "),
  sub(rx(`${WORD_START}(g${I}m)(me)${WORD_END}`, "i"), " $1 $2 "),
  sub(rx(`${WORD_START}(gon)(na)${WORD_END}`, "i"), " $1 $2 "),
  sub(rx(`${WORD_START}(got)(ta)${WORD_END}`, "i"), " $1 $2 "),
  sub(rx(`${WORD_START}(lem)(me)${WORD_END}`, "i"), " $1 $2 "),
  sub(rx(`${WORD_START}(more)('n)${WORD_END}`, "i"), " $1 $2 "),
  sub(rx(`${WORD_START}(wan)(na)(?=${PY_SPACE})`, "i"), " $1 $2 "),
  // CONTRACTIONS3
  sub(rx(` ('t)(${I}s)${WORD_END}`, "i"), " $1 $2 "),
  sub(rx(` ('t)(was)${WORD_END}`, "i"), " $1 $2 "),
];

/** Every contraction pattern needs one of these letter sequences; one scan decides whether any can match. */
const CONTRACTION_HINT = new RegExp(
  `cannot|d'ye|g${I}mme|gonna|gotta|lemme|more'n|wanna|'t${I}s|'twas`,
  "iu",
);

/**
 * Which characters a text contains, from one scan of the original text. The substitutions only ever add spaces,
 * backticks and apostrophes, so presence of any other character stays valid throughout; those two are looked up in
 * the current text.
 */
class CharacterPresence {
  private readonly present: ReadonlySet<string>;
  readonly nonAscii: boolean;

  constructor(text: string) {
    this.present = new Set(text.match(TRIGGER_CHARACTERS));
    this.nonAscii = NON_ASCII.test(text);
  }

  /** Whether `current` (the text after earlier substitutions) may contain `sequence`. */
  mayContain(current: string, sequence: string): boolean {
    const first = sequence[0] as string;
    if (first === "'" || first === "`") return current.includes(sequence);
    return this.present.has(first) && (sequence.length === 1 || current.includes(sequence));
  }
}

/** The first characters of every trigger. */
const TRIGGER_CHARACTERS = /[«“‘„"().:,;@#$%&?!*[\]{}<>»”’-]/g;
const NON_ASCII = /[\u0080-\uffff]/;

function applyAll(text: string, substitutions: readonly Substitution[], presence: CharacterPresence): string {
  let result = text;
  for (const { pattern, replacement, triggers } of substitutions) {
    if (triggers === undefined || mayContainAny(presence, result, triggers)) {
      result = result.replace(pattern, replacement);
    }
  }
  return result;
}

function mayContainAny(presence: CharacterPresence, text: string, triggers: readonly string[]): boolean {
  for (const trigger of triggers) if (presence.mayContain(text, trigger)) return true;
  return false;
}

/** Whether a contraction pattern may match: a case-insensitive scan, by plain lowercase search for ASCII text. */
function mayHaveContraction(text: string, presence: CharacterPresence): boolean {
  return presence.nonAscii ? CONTRACTION_HINT.test(text) : containsContractionWord(text);
}

function replaceAtLastPeriod(text: string, pattern: RegExp, replacement: string): string {
  const period = text.lastIndexOf(".");
  if (period < 1) return text;
  // The character before the period, which may be a surrogate pair.
  const lowSurrogate = text.charCodeAt(period - 1) >= 0xdc00 && text.charCodeAt(period - 1) <= 0xdfff;
  const start = lowSurrogate && period >= 2 ? period - 2 : period - 1;
  const tail = text.slice(start);
  const replaced = tail.replace(pattern, replacement);
  return replaced === tail ? text : text.slice(0, start) + replaced;
}

/**
 * Tokens of `nltk.word_tokenize(text, preserve_line=True)` (NLTK 3.8), case preserved.
 *
 * A space between two ASCII letters or digits is a cut no substitution looks across: no pattern matches a space
 * followed or preceded by a letter or digit in a way that the end or start of a text would not match as well, the
 * final-period and end-of-text patterns cannot match before a letter, and the start-of-text pattern cannot match
 * at one. So the text is cut there into pieces tokenized separately: plain pieces by the one-pass scanner, the
 * others (quotes, some non-ASCII characters, other whitespace) by the regex pipeline. A contraction word anywhere sends the whole
 * text to the regex pipeline.
 */
export function treebankTokenize(text: string): string[] {
  const plain = scanPlainText(text);
  if (plain !== undefined) return plain;
  // Non-ASCII text may hold a contraction only the case-insensitive regex finds, but such a piece is not plain.
  if (containsContractionWord(text)) return treebankRegexTokenize(text);
  let notPlain = firstNotPlain(text, 0);
  const tokens: string[] = [];
  /** Start of the text not tokenized yet (just after a cut). */
  let pending = 0;
  while (notPlain >= 0) {
    const cutBefore = lastCut(text, pending, notPlain);
    // The piece for the regexes ends at the first cut followed by a plain piece.
    let end = nextCut(text, notPlain);
    notPlain = firstNotPlain(text, end);
    while (notPlain >= 0 && lastCut(text, end + 1, notPlain) < 0) {
      end = nextCut(text, notPlain);
      notPlain = firstNotPlain(text, end);
    }
    if (cutBefore >= 0) tokens.push(...tokenizePlainPiece(text.slice(pending, cutBefore)));
    tokens.push(...treebankRegexTokenize(text.slice(cutBefore >= 0 ? cutBefore + 1 : pending, end)));
    pending = end + 1;
  }
  if (pending < text.length) tokens.push(...tokenizePlainPiece(text.slice(pending)));
  return tokens;
}

/** A piece without characters that make it not plain may still hold an apostrophe the scanner leaves to the regexes. */
function tokenizePlainPiece(piece: string): string[] {
  return scanPlainText(piece) ?? treebankRegexTokenize(piece);
}

function isAsciiLetterOrDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
}

function isCut(text: string, i: number): boolean {
  return (
    text.charCodeAt(i) === 0x20 &&
    isAsciiLetterOrDigit(text.charCodeAt(i - 1)) &&
    isAsciiLetterOrDigit(text.charCodeAt(i + 1))
  );
}

/** The last cut in [from, before), or -1. */
function lastCut(text: string, from: number, before: number): number {
  for (let i = before - 1; i >= from; i--) if (isCut(text, i)) return i;
  return -1;
}

/** The first cut at or after `from`, or the text's length. */
function nextCut(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (isCut(text, i)) return i;
  return text.length;
}

/** `treebankTokenize` by the translated NLTK substitutions alone, for any text (the plain-text scanner's reference). */
export function treebankRegexTokenize(text: string): string[] {
  const presence = new CharacterPresence(text);
  let result = applyAll(text, STARTING_QUOTES, presence);
  result = replaceAtLastPeriod(result, FINAL_PERIOD_WITH_SPACE, "$1 $2 $3 ");
  result = applyAll(result, PUNCTUATION_MIDDLE, presence);
  result = replaceAtLastPeriod(result, FINAL_PERIOD, "$1 $2$3 ");
  result = applyAll(` ${applyAll(result, PUNCTUATION_END, presence)} `, ENDING_QUOTES, presence);
  if (mayHaveContraction(result, presence)) result = applyAll(result, CONTRACTIONS, presence);
  return pythonSplit(result);
}
