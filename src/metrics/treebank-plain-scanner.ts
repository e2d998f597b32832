import { PY_DIGIT, PY_SPACE } from "./python-text.js";

/**
 * A one-pass scanner giving exactly the tokens of the NLTK Treebank substitutions (treebank-tokenizer.ts) for "plain"
 * texts: printable ASCII without backticks, ASCII whitespace and the non-ASCII characters `nonAsciiClass` takes as
 * part of words, no contraction word, and only apostrophes of the usual kinds (`isPlainApostrophe`). Most model outputs and references are plain, and one scan is several times
 * cheaper than the regex passes.
 *
 * Why it is exact: on a plain text no starting- or ending-quote rule except the apostrophe ones can match, no
 * contraction rule either, and all rules only insert spaces, so the tokens are the text cut at its spaces and at:
 * - `; @ # $ % & ? ! * ( ) [ ] { } < >`, always tokens of their own; `"` too, as `opensQuote` says;
 * - runs of two or more periods, one token (`\.{2,}`); `--` pairs, taken from the left of a run of hyphens, too;
 * - a comma or colon followed by a non-digit, isolated by `([:,])([^\d])`, which consumes that character, so a comma
 *   or colon right after it is not tested; a final one, isolated by `([:,])$` in any case;
 * - the last period, split off by the final-period rules when its predecessor is not a period and only `] ) } > '`,
 *   spaces and `"` becoming '', then whitespace, follow it (the second final-period rule can only fire when the first
 *   one did);
 * - whitespace other than the space cuts tokens like the space, but the patterns that need a space after a clitic
 *   do not take it for one;
 * - apostrophes, see `apostropheCut`.
 */

/** Character classes of the scan, by ASCII code; NOT_PLAIN: the text needs the regex pipeline. */
const PART = 0;
const SPACE = 1;
const ALONE = 2;
const COMMA_OR_COLON = 3;
const PERIOD = 4;
const HYPHEN = 5;
const APOSTROPHE = 6;
/** Python whitespace other than the space: `\t \n \v \f \r \x1c-\x1f`. */
const OTHER_SPACE = 7;
const DOUBLE_QUOTE = 8;
const NOT_PLAIN = 9;

const CLASSES = new Uint8Array(128).fill(NOT_PLAIN);
for (let code = 0x21; code < 0x7f; code++) CLASSES[code] = PART;
CLASSES["`".charCodeAt(0)] = NOT_PLAIN;
CLASSES['"'.charCodeAt(0)] = DOUBLE_QUOTE;
for (const alone of ";@#$%&?!*()[]{}<>") CLASSES[alone.charCodeAt(0)] = ALONE;
CLASSES[0x20] = SPACE;
for (const code of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f]) CLASSES[code] = OTHER_SPACE;
CLASSES[",".charCodeAt(0)] = COMMA_OR_COLON;
CLASSES[":".charCodeAt(0)] = COMMA_OR_COLON;
CLASSES[".".charCodeAt(0)] = PERIOD;
CLASSES["-".charCodeAt(0)] = HYPHEN;
CLASSES["'".charCodeAt(0)] = APOSTROPHE;

/**
 * Class of a non-ASCII UTF-16 code unit: PART when no substitution can treat it differently from an ASCII symbol
 * inside a word, NOT_PLAIN otherwise. Not part: Python whitespace (str.split and `\s`), the quotes of the quote rules
 * (`« “ ‘ „ » ” ’`), decimal digits (`[^\d]` after a comma or colon), characters Python's IGNORECASE equates with an
 * ASCII letter of a contraction word (`İ ı ſ K`), and surrogates (astral characters may be digits). Next to an
 * apostrophe, where `\w` and `\b` matter, `isPlainApostrophe` declines any non-ASCII character.
 */
function nonAsciiClass(code: number): number {
  let kind = NON_ASCII_CLASSES[code - 128] as number;
  if (kind === UNKNOWN) {
    kind = NOT_PART_NON_ASCII.test(String.fromCharCode(code)) ? NOT_PLAIN : PART;
    NON_ASCII_CLASSES[code - 128] = kind;
  }
  return kind;
}

const UNKNOWN = 255;
const NON_ASCII_CLASSES = new Uint8Array(0x10000 - 128).fill(UNKNOWN);
const NOT_PART_NON_ASCII = new RegExp(
  `${PY_SPACE}|[«“‘„»”’\u0130\u0131\u017f\u212a\ud800-\udfff]|${PY_DIGIT}`,
  "u",
);

/** Class of any UTF-16 code unit. */
function classOf(code: number): number {
  return code < 128 ? (CLASSES[code] as number) : nonAsciiClass(code);
}

const SPACE_CODE = 0x20;
const PERIOD_CODE = 0x2e;
const HYPHEN_CODE = 0x2d;
const APOSTROPHE_CODE = 0x27;
const DOUBLE_QUOTE_CODE = 0x22;

/**
 * `^"` and `([ ([{<])(")` make a double quote an opening ``; the other ones become '' (`"` → ` '' `). A second quote
 * at the start follows the space `(``)` → ` `` ` put after the first one.
 */
function opensQuote(text: string, i: number): boolean {
  if (i === 0 || (i === 1 && text.charCodeAt(0) === DOUBLE_QUOTE_CODE)) return true;
  const before = text.charCodeAt(i - 1);
  return before === SPACE_CODE || before === 0x28 || before === 0x5b || before === 0x7b || before === 0x3c;
}

/** Index of the first character at or after `from` that makes a text not plain, or -1. */
export function firstNotPlain(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const kind = classOf(text.charCodeAt(i));
    if (kind === NOT_PLAIN || (kind === APOSTROPHE && !isPlainApostrophe(text, i))) return i;
  }
  return -1;
}

/** Characters allowed after a final period that is split off (`[\])}>"' ]`, `"` checked apart). */
function closesSentence(code: number): boolean {
  return (
    code === SPACE_CODE ||
    code === 0x5d ||
    code === 0x29 ||
    code === 0x7d ||
    code === 0x3e ||
    code === APOSTROPHE_CODE
  );
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/** Python `\w` on ASCII. */
function isWordCharacter(code: number): boolean {
  return isLetter(code) || isDigit(code) || code === 0x5f;
}

function isClosingQuote(text: string, i: number): boolean {
  return text.charCodeAt(i) === DOUBLE_QUOTE_CODE && !opensQuote(text, i);
}

function isSpace(code: number): boolean {
  const kind = CLASSES[code];
  return kind === SPACE || kind === OTHER_SPACE;
}

/** Index of the period the final-period rules split off (`[\])}> ]*\s*$` after it), or -1. */
function finalPeriodIndex(text: string): number {
  const period = text.lastIndexOf(".");
  if (period < 1 || text.charCodeAt(period - 1) === PERIOD_CODE) return -1;
  let i = period + 1;
  // An opening quote is `` by then, which does not close a sentence.
  while (i < text.length && (closesSentence(text.charCodeAt(i)) || isClosingQuote(text, i))) i++;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i === text.length ? period : -1;
}

/**
 * For the character at i: the end of the token of its own that starts there (i for a space), or -1 when it belongs
 * to a longer token. `consumed`: index of a comma/colon consumed by the previous comma/colon match.
 */
function aloneEndAt(text: string, i: number, consumed: number, finalPeriod: number): number {
  switch (CLASSES[text.charCodeAt(i)]) {
    case SPACE:
    case OTHER_SPACE:
      return i;
    case ALONE:
    case DOUBLE_QUOTE:
      return i + 1;
    case COMMA_OR_COLON:
      if (i === text.length - 1) return i + 1;
      return i !== consumed && !isDigit(text.charCodeAt(i + 1)) ? i + 1 : -1;
    case PERIOD: {
      if (i === finalPeriod) return i + 1;
      if (text.charCodeAt(i + 1) !== PERIOD_CODE) return -1;
      let end = i + 2;
      while (text.charCodeAt(end) === PERIOD_CODE) end++;
      return end;
    }
    case HYPHEN:
      return text.charCodeAt(i + 1) === HYPHEN_CODE ? i + 2 : -1;
    default:
      return -1;
  }
}

/** What the apostrophe rules do to an apostrophe: */
/** nothing */
const KEEP = 0;
/** make it a token of its own */
const ISOLATE = 1;
/** split the token before it */
const SPLIT_BEFORE = 2;
/** split the token before the `n` of `n't` / `N'T` */
const SPLIT_BEFORE_N = 3;

/**
 * Apostrophes the scanner handles: after a letter, a space or the start, and either closing (at the end, before
 * whitespace or a character always isolated) or before a letter and the word `w` of \w characters after it; not
 * `n't` right after a character other than a letter or space; and not followed by another apostrophe right after `w`
 * (rules overlapping).
 */
function isPlainApostrophe(text: string, i: number): boolean {
  const before = i === 0 ? SPACE_CODE : text.charCodeAt(i - 1);
  if (before !== SPACE_CODE && !isLetter(before)) return false;
  if (isClosingApostrophe(text, i)) return true;
  if (!isLetter(text.charCodeAt(i + 1))) return false;
  const after = text.charCodeAt(wordEnd(text, i + 1));
  // Python's \w and \b also take non-ASCII letters and digits: such a word goes to the regexes.
  if (after === APOSTROPHE_CODE || after >= 128) return false;
  if (i < 2 || !isNegation(text, i)) return true;
  const beforeN = text.charCodeAt(i - 2);
  return beforeN === SPACE_CODE || isLetter(beforeN);
}

function isClosingApostrophe(text: string, i: number): boolean {
  if (i === text.length - 1) return true;
  const kind = CLASSES[text.charCodeAt(i + 1)];
  return kind === SPACE || kind === OTHER_SPACE || kind === ALONE;
}

/** End of the \w characters starting at `from`. */
function wordEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && isWordCharacter(text.charCodeAt(end))) end++;
  return end;
}

/** `n't` or `N'T` around the apostrophe at i, followed by a non-word character or the end. */
function isNegation(text: string, i: number): boolean {
  const before = text.charCodeAt(i - 1);
  const after = text.charCodeAt(i + 1);
  return (
    ((before === 0x6e && after === 0x74) || (before === 0x4e && after === 0x54)) &&
    wordEnd(text, i + 1) === i + 2
  );
}

/**
 * The apostrophe rules for a plain apostrophe at i. A closing one after a letter is split off by `([^'])' ` or
 * `([^' ])(') ` when a space follows once the other rules have run (end of text, a space, or an isolated character;
 * other whitespace is no space for them). Otherwise, with its word `w` of \w characters after it:
 * - `(')(?!re|ve|ll|m|t|s|d|n)(\w)\b` (IGNORECASE) isolates it when `w` is one character other than m t s d n, and
 *   then `([^'])' ` splits before it;
 * - after a letter and with a space after `w` once the other rules have run (end of text, a space, or a character
 *   isolated by them): `([^' ])('[sS]|'[mM]|'[dD]|') ` and `([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ` split before
 *   `'s`, `'m`, `'d`, `'ll`, `'re`, `'ve` and before the `n` of `n't` when a letter precedes the `n` (a space there
 *   fails `[^' ]`).
 * No other rule involves it.
 */
function apostropheCut(text: string, i: number, finalPeriod: number): number {
  const before = i === 0 ? SPACE_CODE : text.charCodeAt(i - 1);
  if (isClosingApostrophe(text, i)) {
    if (before === SPACE_CODE) return KEEP;
    return CLASSES[text.charCodeAt(i + 1)] === OTHER_SPACE ? KEEP : SPLIT_BEFORE;
  }
  const j = wordEnd(text, i + 1);
  const word = text.slice(i + 1, j);
  if (word.length === 1 && !"mtsdnMTSDN".includes(word)) return ISOLATE;
  if (before === SPACE_CODE) return KEEP;
  // Other whitespace is no space for these patterns; isolated characters get one before them.
  const spaceAfter =
    j === text.length || text.charCodeAt(j) === SPACE_CODE || aloneEndAt(text, j, -1, finalPeriod) > j;
  if (!spaceAfter) return KEEP;
  if (ENDING_CLITICS.has(word)) return SPLIT_BEFORE;
  if (isNegation(text, i) && i >= 2 && isLetter(text.charCodeAt(i - 2))) return SPLIT_BEFORE_N;
  return KEEP;
}

const ENDING_CLITICS = new Set(["s", "S", "m", "M", "d", "D", "ll", "LL", "re", "RE", "ve", "VE"]);

/**
 * The letter sequences of the contraction patterns, ASCII case-insensitive (without the `u` flag, /i never equates a
 * non-ASCII character with an ASCII one).
 */
const CONTRACTION_WORD = /cannot|d'ye|gimme|gonna|gotta|lemme|more'n|wanna|'tis|'twas/i;

/** Whether an ASCII text contains a contraction word in any case (a superset of where the patterns match). */
export function containsContractionWord(text: string): boolean {
  return CONTRACTION_WORD.test(text);
}

/** Whether a character, lowercased by `| 0x20`, is one doubled in the contraction words without an apostrophe. */
function isDoubledInContractions(lower: number): boolean {
  return lower === 0x6e || lower === 0x6d || lower === 0x74;
}

/** Treebank tokens of a text, or undefined when it is not plain (contraction words included). */
export function scanPlainText(text: string): string[] | undefined {
  const tokens: string[] = [];
  // Every contraction word has an apostrophe or a doubled n, m or t: only then is the regex search needed.
  let mayHaveContraction = false;
  let previousLower = 0;
  const length = text.length;
  const finalPeriod = finalPeriodIndex(text);
  /** Start of the token being read, or -1. */
  let start = -1;
  /** Index of a comma/colon consumed by the previous comma/colon match. */
  let consumed = -1;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const kind = code < 128 ? (CLASSES[code] as number) : nonAsciiClass(code);
    if (kind === PART) {
      // A non-ASCII character breaks a doubled letter: `| 0x20` keeps it above 0x7f.
      const lower = code | 0x20;
      if (lower === previousLower && isDoubledInContractions(lower)) mayHaveContraction = true;
      previousLower = lower;
      if (start < 0) start = i;
      continue;
    }
    if (kind === NOT_PLAIN) return undefined;
    let aloneEnd = -1;
    if (kind === APOSTROPHE) {
      if (!isPlainApostrophe(text, i)) return undefined;
      mayHaveContraction = true;
      const cut = apostropheCut(text, i, finalPeriod);
      if (cut === ISOLATE) aloneEnd = i + 1;
      else if (cut !== KEEP) {
        // The apostrophe follows a letter, so a token is open and holds the characters before it.
        const split = cut === SPLIT_BEFORE ? i : i - 1;
        tokens.push(text.slice(start, split));
        start = split;
      }
    } else {
      aloneEnd = aloneEndAt(text, i, consumed, finalPeriod);
      if (kind === COMMA_OR_COLON && aloneEnd > i && i < length - 1) consumed = i + 1;
    }
    if (aloneEnd < 0) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      tokens.push(text.slice(start, i));
      start = -1;
    }
    if (aloneEnd > i) {
      if (code === DOUBLE_QUOTE_CODE) tokens.push(opensQuote(text, i) ? "``" : "''");
      else tokens.push(aloneEnd === i + 1 ? (text[i] as string) : text.slice(i, aloneEnd));
      i = aloneEnd - 1;
    }
  }
  if (start >= 0) tokens.push(text.slice(start));
  return mayHaveContraction && containsContractionWord(text) ? undefined : tokens;
}
