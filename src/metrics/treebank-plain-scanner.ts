/**
 * A one-pass scanner giving exactly the tokens of the NLTK Treebank substitutions (treebank-tokenizer.ts) for "plain"
 * texts: printable ASCII without quote characters (`'`, `"`, backtick), the plain space as the only whitespace, and no
 * contraction word. Most model outputs and references are plain, and one scan is several times cheaper than the
 * regex passes.
 *
 * Why it is exact: on a plain text no quote, ending-quote or contraction rule can match, and the remaining rules only
 * insert spaces, so the tokens are the text cut at its spaces and at these breaks:
 * - `; @ # $ % & ? ! * ( ) [ ] { } < >` are always tokens of their own;
 * - runs of two or more periods are one token (`\.{2,}`); `--` pairs, taken from the left of a run of hyphens, too;
 * - `([:,])([^\d])` isolates a comma or colon followed by a non-digit and consumes that character, so a comma or
 *   colon right after it is not tested; `([:,])$` isolates a final one in any case;
 * - the final-period rules split off the last period when it has a predecessor that is not a period and only
 *   `] ) } >` and spaces follow it. (The second final-period rule can only fire when the first one did.)
 */

/** Character classes of the scan, by ASCII code; NOT_PLAIN: the text needs the regex pipeline. */
const PART = 0;
const SPACE = 1;
const ALONE = 2;
const COMMA_OR_COLON = 3;
const PERIOD = 4;
const HYPHEN = 5;
const NOT_PLAIN = 6;

const CLASSES = new Uint8Array(128).fill(NOT_PLAIN);
for (let code = 0x21; code < 0x7f; code++) CLASSES[code] = PART;
for (const quote of "'\"`") CLASSES[quote.charCodeAt(0)] = NOT_PLAIN;
for (const alone of ";@#$%&?!*()[]{}<>") CLASSES[alone.charCodeAt(0)] = ALONE;
CLASSES[0x20] = SPACE;
CLASSES[",".charCodeAt(0)] = COMMA_OR_COLON;
CLASSES[":".charCodeAt(0)] = COMMA_OR_COLON;
CLASSES[".".charCodeAt(0)] = PERIOD;
CLASSES["-".charCodeAt(0)] = HYPHEN;

const PERIOD_CODE = 0x2e;
const HYPHEN_CODE = 0x2d;

/** Characters allowed after a final period that is split off. */
function closesSentence(code: number): boolean {
  return code === 0x20 || code === 0x5d || code === 0x29 || code === 0x7d || code === 0x3e;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Index of the period the final-period rules split off, or -1. */
function finalPeriodIndex(text: string): number {
  const period = text.lastIndexOf(".");
  if (period < 1 || text.charCodeAt(period - 1) === PERIOD_CODE) return -1;
  for (let i = period + 1; i < text.length; i++) if (!closesSentence(text.charCodeAt(i))) return -1;
  return period;
}

/**
 * Treebank tokens of a plain text (contraction words must have been ruled out by the caller), or undefined when the
 * text is not plain.
 */
export function scanPlainText(text: string): string[] | undefined {
  const tokens: string[] = [];
  const length = text.length;
  const finalPeriod = finalPeriodIndex(text);
  /** Start of the token being read, or -1. */
  let start = -1;
  /** Index of a comma/colon consumed by the previous comma/colon match. */
  let consumed = -1;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const kind = code < 128 ? (CLASSES[code] as number) : NOT_PLAIN;
    if (kind === NOT_PLAIN) return undefined;
    /** End of the token of its own that starts at i (i for a space), or -1 when the character belongs to a longer token. */
    let aloneEnd = -1;
    switch (kind) {
      case SPACE:
        aloneEnd = i;
        break;
      case ALONE:
        aloneEnd = i + 1;
        break;
      case COMMA_OR_COLON:
        if (i === length - 1) aloneEnd = i + 1;
        else if (i !== consumed && !isDigit(text.charCodeAt(i + 1))) {
          aloneEnd = i + 1;
          consumed = i + 1;
        }
        break;
      case PERIOD:
        if (i === finalPeriod) aloneEnd = i + 1;
        else if (text.charCodeAt(i + 1) === PERIOD_CODE) {
          aloneEnd = i + 2;
          while (text.charCodeAt(aloneEnd) === PERIOD_CODE) aloneEnd++;
        }
        break;
      case HYPHEN:
        if (text.charCodeAt(i + 1) === HYPHEN_CODE) aloneEnd = i + 2;
        break;
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
      tokens.push(aloneEnd === i + 1 ? (text[i] as string) : text.slice(i, aloneEnd));
      i = aloneEnd - 1;
    }
  }
  if (start >= 0) tokens.push(text.slice(start));
  return tokens;
}
