/**
 * NLTK 3.8 `PorterStemmer()` in its default mode, NLTK_EXTENSIONS: Porter's algorithm with Martin Porter's and NLTK's
 * departures (irregular forms, short words kept, `ies`/`ied` on 4-letter words, step 2 `alli` first, `fulli`, `logi`,
 * step 1c `(*c and not c) Y -> I`, the 2-letter `*o` case). Ported literally rule by rule; no npm stemmer reproduces
 * this mode (they implement the original or Snowball algorithms).
 *
 * Python indexes strings by code point; characters outside the BMP are swapped for private-use placeholders while
 * stemming so that every position holds one code point, as in Python.
 */

const IRREGULAR_FORMS: ReadonlyMap<string, string> = new Map([
  ["sky", "sky"],
  ["skies", "sky"],
  ["dying", "die"],
  ["lying", "lie"],
  ["tying", "tie"],
  ["news", "news"],
  ["innings", "inning"],
  ["inning", "inning"],
  ["outings", "outing"],
  ["outing", "outing"],
  ["cannings", "canning"],
  ["canning", "canning"],
  ["howe", "howe"],
  ["proceed", "proceed"],
  ["exceed", "exceed"],
  ["succeed", "succeed"],
]);

type Condition = ((stem: string) => boolean) | null;
type Rule = readonly [suffix: string, replacement: string, condition: Condition];

function isVowelLetter(ch: string): boolean {
  return ch === "a" || ch === "e" || ch === "i" || ch === "o" || ch === "u";
}

function isConsonant(word: string, i: number): boolean {
  const ch = word[i] as string;
  if (isVowelLetter(ch)) return false;
  if (ch === "y") return i === 0 ? true : !isConsonant(word, i - 1);
  return true;
}

/** m: the number of vowel-consonant transitions. */
function measure(stem: string): number {
  let m = 0;
  let previousIsVowel = false;
  for (let i = 0; i < stem.length; i++) {
    const consonant = isConsonant(stem, i);
    if (consonant && previousIsVowel) m++;
    previousIsVowel = !consonant;
  }
  return m;
}

const hasPositiveMeasure = (stem: string) => measure(stem) > 0;
const measureAboveOne = (stem: string) => measure(stem) > 1;

function containsVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
  return false;
}

function endsDoubleConsonant(word: string): boolean {
  const n = word.length;
  return n >= 2 && word[n - 1] === word[n - 2] && isConsonant(word, n - 1);
}

/** Condition *o, with NLTK's extension for 2-letter stems. */
function endsCvc(word: string): boolean {
  const n = word.length;
  const last = word[n - 1];
  return (
    (n >= 3 &&
      isConsonant(word, n - 3) &&
      !isConsonant(word, n - 2) &&
      isConsonant(word, n - 1) &&
      last !== "w" &&
      last !== "x" &&
      last !== "y") ||
    (n === 2 && !isConsonant(word, 0) && isConsonant(word, 1))
  );
}

function withoutSuffix(word: string, suffix: string): string {
  return suffix === "" ? word : word.slice(0, word.length - suffix.length);
}

/** The first rule whose suffix matches decides: applied if its condition holds, otherwise the word stays. */
function applyRuleList(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (suffix === "*d" && endsDoubleConsonant(word)) {
      const stem = word.slice(0, -2);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
    if (word.endsWith(suffix)) {
      const stem = withoutSuffix(word, suffix);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

function step1a(word: string): string {
  if (word.endsWith("ies") && word.length === 4) return `${withoutSuffix(word, "ies")}ie`;
  return applyRuleList(word, [
    ["sses", "ss", null],
    ["ies", "i", null],
    ["ss", "ss", null],
    ["s", "", null],
  ]);
}

function step1b(word: string): string {
  if (word.endsWith("ied")) {
    return `${withoutSuffix(word, "ied")}${word.length === 4 ? "ie" : "i"}`;
  }
  if (word.endsWith("eed")) {
    const stem = withoutSuffix(word, "eed");
    return measure(stem) > 0 ? `${stem}ee` : word;
  }
  let intermediate: string | undefined;
  for (const suffix of ["ed", "ing"]) {
    if (word.endsWith(suffix)) {
      const stem = withoutSuffix(word, suffix);
      if (containsVowel(stem)) {
        intermediate = stem;
        break;
      }
    }
  }
  if (intermediate === undefined) return word;
  const last = intermediate[intermediate.length - 1] as string;
  return applyRuleList(intermediate, [
    ["at", "ate", null],
    ["bl", "ble", null],
    ["iz", "ize", null],
    ["*d", last, () => last !== "l" && last !== "s" && last !== "z"],
    ["", "e", (stem) => measure(stem) === 1 && endsCvc(stem)],
  ]);
}

function step1c(word: string): string {
  return applyRuleList(word, [["y", "i", (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)]]);
}

const STEP2_RULES: readonly Rule[] = [
  ["ational", "ate", hasPositiveMeasure],
  ["tional", "tion", hasPositiveMeasure],
  ["enci", "ence", hasPositiveMeasure],
  ["anci", "ance", hasPositiveMeasure],
  ["izer", "ize", hasPositiveMeasure],
  ["bli", "ble", hasPositiveMeasure],
  ["alli", "al", hasPositiveMeasure],
  ["entli", "ent", hasPositiveMeasure],
  ["eli", "e", hasPositiveMeasure],
  ["ousli", "ous", hasPositiveMeasure],
  ["ization", "ize", hasPositiveMeasure],
  ["ation", "ate", hasPositiveMeasure],
  ["ator", "ate", hasPositiveMeasure],
  ["alism", "al", hasPositiveMeasure],
  ["iveness", "ive", hasPositiveMeasure],
  ["fulness", "ful", hasPositiveMeasure],
  ["ousness", "ous", hasPositiveMeasure],
  ["aliti", "al", hasPositiveMeasure],
  ["iviti", "ive", hasPositiveMeasure],
  ["biliti", "ble", hasPositiveMeasure],
  ["fulli", "ful", hasPositiveMeasure],
];

function step2(word: string): string {
  if (word.endsWith("alli") && hasPositiveMeasure(withoutSuffix(word, "alli"))) {
    return step2(`${withoutSuffix(word, "alli")}al`);
  }
  // The `l` of `logi` stays with the stem for the measure test.
  return applyRuleList(word, [...STEP2_RULES, ["logi", "log", () => hasPositiveMeasure(word.slice(0, -3))]]);
}

const STEP3_RULES: readonly Rule[] = [
  ["icate", "ic", hasPositiveMeasure],
  ["ative", "", hasPositiveMeasure],
  ["alize", "al", hasPositiveMeasure],
  ["iciti", "ic", hasPositiveMeasure],
  ["ical", "ic", hasPositiveMeasure],
  ["ful", "", hasPositiveMeasure],
  ["ness", "", hasPositiveMeasure],
];

const STEP4_RULES: readonly Rule[] = [
  ["al", "", measureAboveOne],
  ["ance", "", measureAboveOne],
  ["ence", "", measureAboveOne],
  ["er", "", measureAboveOne],
  ["ic", "", measureAboveOne],
  ["able", "", measureAboveOne],
  ["ible", "", measureAboveOne],
  ["ant", "", measureAboveOne],
  ["ement", "", measureAboveOne],
  ["ment", "", measureAboveOne],
  ["ent", "", measureAboveOne],
  ["ion", "", (stem) => measure(stem) > 1 && (stem.endsWith("s") || stem.endsWith("t"))],
  ["ou", "", measureAboveOne],
  ["ism", "", measureAboveOne],
  ["ate", "", measureAboveOne],
  ["iti", "", measureAboveOne],
  ["ous", "", measureAboveOne],
  ["ive", "", measureAboveOne],
  ["ize", "", measureAboveOne],
];

function step5a(word: string): string {
  // Both E rules are tried, so the first-match rule list does not apply here.
  if (word.endsWith("e")) {
    const stem = word.slice(0, -1);
    if (measure(stem) > 1) return stem;
    if (measure(stem) === 1 && !endsCvc(stem)) return stem;
  }
  return word;
}

function step5b(word: string): string {
  return applyRuleList(word, [["ll", "l", () => measure(word.slice(0, -1)) > 1]]);
}

const HAS_ASTRAL = /[\u{10000}-\u{10FFFF}]/u;
const ASTRAL = /[\u{10000}-\u{10FFFF}]/gu;

/** `PorterStemmer().stem(word)` of NLTK 3.8 (NLTK_EXTENSIONS, to_lowercase=True). */
export function porterStem(word: string): string {
  const irregular = IRREGULAR_FORMS.get(word);
  if (irregular !== undefined) return irregular;
  const lowered = word.toLowerCase();
  if (HAS_ASTRAL.test(word)) return stemByCodePoints(word, lowered);
  return word.length <= 2 ? lowered : stemSteps(lowered);
}

const STEM_CACHE_LIMIT = 200_000;
const stemCache = new Map<string, string>();

/** `porterStem` with a bounded cache: text vocabularies repeat, and ROUGE and METEOR stem every word. */
export function cachedPorterStem(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = porterStem(word);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, stem);
  }
  return stem;
}

function stemSteps(word: string): string {
  let stem = step1a(word);
  stem = step1b(stem);
  stem = step1c(stem);
  stem = step2(stem);
  stem = applyRuleList(stem, STEP3_RULES);
  stem = applyRuleList(stem, STEP4_RULES);
  stem = step5a(stem);
  return step5b(stem);
}

/**
 * Words with characters outside the BMP: each distinct one becomes a private-use BMP character absent from the word
 * (a consonant to Porter, like the original), so lengths and positions count code points as in Python.
 */
function stemByCodePoints(word: string, lowered: string): string {
  if ([...word].length <= 2) return lowered;
  const placeholderOf = new Map<string, string>();
  const originalOf = new Map<string, string>();
  let next = 0xe000;
  const encoded = lowered.replace(ASTRAL, (ch) => {
    let placeholder = placeholderOf.get(ch);
    if (placeholder === undefined) {
      while (lowered.includes(String.fromCharCode(next))) next++;
      placeholder = String.fromCharCode(next++);
      placeholderOf.set(ch, placeholder);
      originalOf.set(placeholder, ch);
    }
    return placeholder;
  });
  let decoded = "";
  for (const ch of stemSteps(encoded)) decoded += originalOf.get(ch) ?? ch;
  return decoded;
}
