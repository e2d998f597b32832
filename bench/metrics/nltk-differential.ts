/**
 * Differential check against NLTK 3.8 itself (not part of npm test: it needs Debian's `python3-nltk` 3.8, e.g.
 * `apt-get install python3-nltk` on Debian 12). Generates adversarial pairs (golden texts mutated with quotes,
 * contractions, exotic spaces, non-Latin scripts, emoji, combining marks, ...; plain ASCII punctuation-heavy texts;
 * WordNet-heavy inflected word lists) and words to stem, has NLTK compute tokens, BLEU, METEOR and Porter stems, and
 * compares every one with this port.
 *
 * Run: npx tsx bench/metrics/nltk-differential.ts [--pairs 8000] [--seed 1] [--python /usr/bin/python3]
 * Exit code 1 on any difference.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bleuFromTokens } from "../../src/metrics/bleu.js";
import { meteorFromTokens } from "../../src/metrics/meteor.js";
import { porterStem } from "../../src/metrics/porter-stemmer.js";
import { treebankTokenize } from "../../src/metrics/treebank-tokenizer.js";
import { wndbFileReader } from "../../src/metrics/wordnet-files.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? (args[index + 1] as string) : fallback;
};
const PAIRS = Number(option("--pairs", "8000"));
const PYTHON = option("--python", "/usr/bin/python3");
let seed = Number(option("--seed", "1"));

/** mulberry32: deterministic for a seed. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = process.env.SLM_EVAL_FIXTURES ?? path.resolve(here, "..", "..", "..", "shared", "fixtures");
const golden = readFileSync(path.join(fixtures, "metrics-golden", "golden-shared.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line !== "")
  .map((line) => JSON.parse(line) as { candidate: string; references: string[] });

const PIECES = [
  " ",
  " ",
  ".",
  ",",
  ":",
  ";",
  "!",
  "?",
  "'",
  '"',
  "`",
  "``",
  "''",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  "<",
  ">",
  "-",
  "--",
  "*",
  "&",
  "%",
  "$",
  "#",
  "@",
  "...",
  "..",
  "«",
  "»",
  "“",
  "”",
  "‘",
  "’",
  "„",
  "\n",
  "\r\n",
  "\t",
  "\u00a0",
  "\u3000",
  "\u0085",
  "\u001c",
  "\u001f",
  "\ufeff",
  "\u2028",
  "\u200b",
  "\u0301",
  "Ж",
  "жук",
  "中文",
  "١٢",
  "１２",
  "😀",
  "👍🏽",
  "İ",
  "ı",
  "ſ",
  "\u212a",
  "Σ",
  "ΟΔΟΣ",
  "é",
  "naïve",
  "cannot",
  "Cannot",
  "gonna",
  "GONNA",
  "wanna",
  "gimme",
  "gİmme",
  "lemme",
  "gotta",
  "more'n",
  "d'ye",
  "'tis",
  " 'Twas",
  "'s",
  "'S",
  "n't",
  "N'T",
  "'ll",
  "'re",
  "'ve",
  "'m",
  "'d",
  "can't",
  "won't",
  "I'm",
  "U.S.",
  "e.g.",
  "$3.50",
  "50%",
  "1,000",
  "a,b",
  "3:30",
  "http://x.org/a?b=c",
  "a@b.com",
  "<b>",
  "running",
  "geese",
  "happiest",
  "automobile",
  "auto",
  "car",
  "better",
  "studies",
  "agreed",
  "skies",
  "dying",
  "generously",
  "'Hello'",
  "(a)",
  "[x].",
];

function mutate(text: string): string {
  let result = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(random() * (result.length + 1));
    const operation = random();
    if (operation < 0.6) result = result.slice(0, at) + pick(PIECES) + result.slice(at);
    else if (operation < 0.8) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(random() * 3));
    else result += pick(PIECES);
  }
  return result;
}

/** Pieces of "plain" texts (printable ASCII without backticks), which the tokenizer's one-pass scanner handles. */
const PLAIN_PIECES = PIECES.filter((piece) => /^[ -~]*$/.test(piece) && !piece.includes("`"));

function randomText(pieces: readonly string[] = PIECES): string {
  let text = "";
  const count = Math.floor(random() * 25);
  for (let k = 0; k < count; k++) text += pick(pieces) + (random() < 0.5 ? " " : "");
  return text;
}

const readWordNet = wndbFileReader();
const lemmas: string[] = [];
const exceptions: string[] = [];
for (const pos of ["noun", "verb", "adj", "adv"]) {
  for (const line of readWordNet(`index.${pos}`).toString("latin1").split("\n")) {
    const lemma = line.split(" ")[0] as string;
    if (line !== "" && !line.startsWith(" ") && !lemma.includes("_")) lemmas.push(lemma);
  }
  for (const line of readWordNet(`${pos}.exc`).toString("latin1").split("\n")) {
    const form = line.split(" ")[0] as string;
    if (form !== "" && !form.includes("_")) exceptions.push(form);
  }
}
const SUFFIXES = [
  "",
  "",
  "",
  "s",
  "es",
  "ed",
  "ing",
  "er",
  "est",
  "ies",
  "men",
  "ly",
  "ness",
  "ation",
  "ful",
  "ize",
];
const inflectedWord = () => (random() < 0.2 ? pick(exceptions) : pick(lemmas) + pick(SUFFIXES));

type Row = { candidate: string; reference: string } | { word: string };
const rows: Row[] = [];
for (let i = 0; i < PAIRS; i++) {
  const kind = random();
  const source = pick(golden);
  if (kind < 0.3)
    rows.push({ candidate: mutate(source.candidate), reference: source.references[0] as string });
  else if (kind < 0.5)
    rows.push({
      candidate: mutate(source.references[0] as string),
      reference: mutate(source.references[0] as string),
    });
  else if (kind < 0.6) {
    const candidate = randomText();
    rows.push({ candidate, reference: random() < 0.5 ? randomText() : mutate(candidate) });
  } else if (kind < 0.7) {
    rows.push({ candidate: randomText(PLAIN_PIECES), reference: randomText(PLAIN_PIECES) });
  } else {
    const reference = Array.from({ length: 1 + Math.floor(random() * 15) }, inflectedWord);
    const candidate = reference.map((word) => (random() < 0.4 ? inflectedWord() : word + pick(SUFFIXES)));
    if (random() < 0.3) candidate.reverse();
    rows.push({ candidate: candidate.join(" "), reference: reference.join(" ") });
  }
}
const words = new Set<string>();
for (let i = 0; i < PAIRS * 2; i++) words.add(inflectedWord());
for (let i = 0; i < 200; i++)
  words.add(pick(["😀", "𝒜", "y", "ey"]) + pick(lemmas).slice(0, 4) + pick(SUFFIXES) + pick(["", "😀"]));
for (const word of words) rows.push({ word });

const work = mkdtempSync(path.join(tmpdir(), "slm-nltk-diff-"));
try {
  // NLTK's WordNet reader wants a folder with the database files and a lexnames file (45 lexicographer files).
  const wordnetDir = path.join(work, "wordnet");
  mkdirSync(wordnetDir);
  for (const pos of ["noun", "verb", "adj", "adv"]) {
    for (const name of [`index.${pos}`, `data.${pos}`, `${pos}.exc`])
      writeFileSync(path.join(wordnetDir, name), new Uint8Array(readWordNet(name)));
  }
  writeFileSync(
    path.join(wordnetDir, "lexnames"),
    Array.from({ length: 45 }, (_, i) => `${String(i).padStart(2, "0")}\tlex${i}\t0\n`).join(""),
  );
  const input = path.join(work, "in.jsonl");
  const output = path.join(work, "out.jsonl");
  writeFileSync(input, `${rows.map((row) => JSON.stringify(row)).join("\n")}\n`);
  execFileSync(PYTHON, [path.join(here, "nltk_reference.py"), input, output, wordnetDir], {
    stdio: "inherit",
  });
  const expected = readFileSync(output, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));

  const differences: string[] = [];
  let largest = 0;
  rows.forEach((row, index) => {
    const reference = expected[index];
    if ("word" in row) {
      const stem = porterStem(row.word);
      if (stem !== reference.stem)
        differences.push(`stem ${JSON.stringify(row.word)}: ${stem} != ${reference.stem}`);
      return;
    }
    for (const side of ["candidate", "reference"] as const) {
      const tokens = treebankTokenize(row[side]);
      if (JSON.stringify(tokens) !== JSON.stringify(reference[side])) {
        differences.push(
          `tokens of ${JSON.stringify(row[side])}: ${JSON.stringify(tokens)} != ${JSON.stringify(reference[side])}`,
        );
      }
    }
    const bleu = bleuFromTokens(reference.candidate, reference.reference);
    const meteor = meteorFromTokens(reference.candidate, reference.reference);
    largest = Math.max(largest, Math.abs(bleu - reference.bleu), Math.abs(meteor - reference.meteor));
    if (Math.abs(bleu - reference.bleu) > 1e-9)
      differences.push(`bleu of row ${index}: ${bleu} != ${reference.bleu}`);
    if (Math.abs(meteor - reference.meteor) > 1e-9)
      differences.push(`meteor of row ${index}: ${meteor} != ${reference.meteor}`);
  });
  console.log(
    `${PAIRS} pairs (tokens of both sides, BLEU, METEOR) and ${words.size} stems compared with NLTK 3.8`,
  );
  console.log(`largest score difference: ${largest}`);
  console.log(`differences: ${differences.length}`);
  for (const difference of differences.slice(0, 30)) console.log(`  ${difference}`);
  if (differences.length > 0) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
