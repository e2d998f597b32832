import type { WordNetFileReader } from "./wordnet-files.js";

/**
 * The part of NLTK 3.8's WordNet reader that METEOR uses: `wordnet.synsets(word)` (all parts of speech, with NLTK's
 * `_morphy` lemmatisation) and the lemma names of those synsets. Reads each database file once, on first use.
 */

type PartOfSpeech = "n" | "v" | "a" | "r";

/** NLTK's POS_LIST order. */
const PARTS_OF_SPEECH: readonly PartOfSpeech[] = ["n", "v", "a", "r"];

const FILE_SUFFIX: Record<PartOfSpeech, string> = { n: "noun", v: "verb", a: "adj", r: "adv" };

/** NLTK's `MORPHOLOGICAL_SUBSTITUTIONS`, in its order. */
const SUBSTITUTIONS: Record<PartOfSpeech, ReadonlyArray<readonly [string, string]>> = {
  n: [
    ["s", ""],
    ["ses", "s"],
    ["ves", "f"],
    ["xes", "x"],
    ["zes", "z"],
    ["ches", "ch"],
    ["shes", "sh"],
    ["men", "man"],
    ["ies", "y"],
  ],
  v: [
    ["s", ""],
    ["ies", "y"],
    ["es", "e"],
    ["es", ""],
    ["ed", "e"],
    ["ed", ""],
    ["ing", "e"],
    ["ing", ""],
  ],
  a: [
    ["er", ""],
    ["est", ""],
    ["er", "e"],
    ["est", "e"],
  ],
  r: [],
};

interface PartOfSpeechFiles {
  /** Lemma → synset offsets, from `index.<pos>`. */
  index: Map<string, number[]>;
  /** Inflected form → base forms, from `<pos>.exc`. */
  exceptions: Map<string, string[]>;
  /** `data.<pos>`, addressed by synset offset (a byte offset). */
  data: Buffer;
}

export const WORDNET_VERSION = "3.0";

export class WordNet {
  private readonly files = new Map<PartOfSpeech, PartOfSpeechFiles>();
  private readonly lemmaNamesByOffset = new Map<string, readonly string[]>();

  constructor(private readonly readFile: WordNetFileReader) {}

  /**
   * Lemma names (WordNet capitalisation, `_` for spaces) of every synset `wordnet.synsets(word)` returns.
   */
  synsetLemmaNames(word: string): string[] {
    const lemma = word.toLowerCase();
    const names: string[] = [];
    for (const pos of PARTS_OF_SPEECH) {
      const files = this.load(pos);
      for (const form of this.morphy(lemma, pos, files)) {
        for (const offset of files.index.get(form) ?? []) {
          for (const name of this.lemmaNames(pos, offset, files.data)) names.push(name);
        }
      }
    }
    return names;
  }

  /** NLTK 3.8 `_morphy(form, pos)`: exception list first, then the suffix rules applied until forms are found. */
  private morphy(form: string, pos: PartOfSpeech, files: PartOfSpeechFiles): string[] {
    const inIndex = (forms: readonly string[]) => {
      const found: string[] = [];
      for (const candidate of forms) {
        if (files.index.has(candidate) && !found.includes(candidate)) found.push(candidate);
      }
      return found;
    };
    const exceptionBases = files.exceptions.get(form);
    if (exceptionBases !== undefined) return inIndex([form, ...exceptionBases]);
    const applyRules = (forms: readonly string[]) => {
      const results: string[] = [];
      for (const current of forms) {
        for (const [old, replacement] of SUBSTITUTIONS[pos]) {
          if (current.endsWith(old)) results.push(current.slice(0, -old.length) + replacement);
        }
      }
      return results;
    };
    let forms = applyRules([form]);
    const results = inIndex([form, ...forms]);
    if (results.length > 0) return results;
    while (forms.length > 0) {
      forms = applyRules(forms);
      const found = inIndex(forms);
      if (found.length > 0) return found;
    }
    return [];
  }

  private lemmaNames(pos: PartOfSpeech, offset: number, data: Buffer): readonly string[] {
    const key = `${pos}${offset}`;
    let names = this.lemmaNamesByOffset.get(key);
    if (names === undefined) {
      names = parseLemmaNames(data, offset);
      this.lemmaNamesByOffset.set(key, names);
    }
    return names;
  }

  private load(pos: PartOfSpeech): PartOfSpeechFiles {
    let files = this.files.get(pos);
    if (files === undefined) {
      const suffix = FILE_SUFFIX[pos];
      files = {
        index: parseIndex(this.read(`index.${suffix}`)),
        exceptions: parseExceptions(this.read(`${suffix}.exc`)),
        data: this.readFile(`data.${suffix}`),
      };
      this.files.set(pos, files);
    }
    return files;
  }

  private read(name: string): string {
    return this.readFile(name).toString("latin1");
  }
}

/** `index.<pos>` lines: `lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offset...`; license lines start with a space. */
function parseIndex(text: string): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith(" ")) continue;
    const fields = line.split(" ").filter((field) => field !== "");
    const synsetCount = Number(fields[2]);
    const pointerCount = Number(fields[3]);
    const firstOffset = 4 + pointerCount + 2;
    const offsets: number[] = [];
    for (let k = 0; k < synsetCount; k++) offsets.push(Number(fields[firstOffset + k]));
    index.set(fields[0] as string, offsets);
  }
  return index;
}

/** `<pos>.exc` lines: `inflected base [base...]`. */
function parseExceptions(text: string): Map<string, string[]> {
  const exceptions = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const fields = line.split(" ").filter((field) => field !== "");
    if (fields.length === 0) continue;
    exceptions.set(fields[0] as string, fields.slice(1));
  }
  return exceptions;
}

/** Adjective markers `(a)`, `(p)`, `(ip)` after a lemma name, which NLTK strips. */
const SYNTACTIC_MARKER = /^(.*?)(\(.*\))?$/;

/** Word fields of the `data.<pos>` line at `offset`: `offset lex_filenum ss_type w_cnt(hex) word lex_id ...`. */
function parseLemmaNames(data: Buffer, offset: number): string[] {
  const end = data.indexOf(0x0a, offset);
  const fields = data.toString("latin1", offset, end < 0 ? data.length : end).split(" ");
  const wordCount = Number.parseInt(fields[3] as string, 16);
  const names: string[] = [];
  for (let k = 0; k < wordCount; k++) {
    const field = fields[4 + 2 * k] as string;
    names.push(SYNTACTIC_MARKER.exec(field)?.[1] ?? field);
  }
  return names;
}
