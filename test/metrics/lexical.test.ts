import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LEXICAL_METRIC_NAMES } from "../../src/domain/metric.js";
import { bleuFromTokens } from "../../src/metrics/bleu.js";
import { exactMatch, normalizeAnswer } from "../../src/metrics/exact-match.js";
import { lexicalMetricConfigs, scoreLexical, scoreLexicalBatch } from "../../src/metrics/lexical.js";
import { meteorFromTokens } from "../../src/metrics/meteor.js";
import { porterStem } from "../../src/metrics/porter-stemmer.js";
import { pythonFsum } from "../../src/metrics/python-math.js";
import { pythonSplit } from "../../src/metrics/python-text.js";
import { rougeScores, rougeTokenize } from "../../src/metrics/rouge.js";
import { treebankTokenize } from "../../src/metrics/treebank-tokenizer.js";

const ALL_KEYS = ["bleu", "rouge1", "rouge2", "rougeL", "meteor", "exact_match"];

describe("scoreLexical", () => {
  it("returns every key for the first reference and the max over references", () => {
    const scores = scoreLexical("the cat sat on the mat", ["a dog barked", "the cat sat on the mat"]);
    assert.deepEqual(Object.keys(scores).sort(), [...ALL_KEYS, ...ALL_KEYS.map((k) => `${k}_max`)].sort());
    assert.equal(scores.exact_match, 0);
    assert.equal(scores.exact_match_max, 1);
    assert.equal(scores.rougeL, 0);
    assert.equal(scores.rougeL_max, 1);
    assert.ok((scores.meteor as number) < (scores.meteor_max as number));
  });

  it("computes only the metrics asked for", () => {
    assert.deepEqual(Object.keys(scoreLexical("a b", ["a b"], ["bleu"])), ["bleu", "bleu_max"]);
  });

  it("scores an empty or whitespace-only candidate 0 on every token metric", () => {
    for (const candidate of ["", "   ", "\u3000\u0085\u001c"]) {
      const scores = scoreLexical(candidate, ["The answer is here."]);
      for (const key of ["bleu", "rouge1", "rouge2", "rougeL", "meteor"]) {
        assert.equal(scores[key], 0, `${key} of ${JSON.stringify(candidate)}`);
      }
    }
  });

  it("treats an empty reference as having no tokens", () => {
    const scores = scoreLexical("some answer", [""]);
    assert.equal(scores.bleu, 0);
    assert.equal(scores.rouge1, 0);
    assert.equal(scores.meteor, 0);
  });

  it("refuses a pair without references", () => {
    assert.throws(() => scoreLexical("x", []), RangeError);
  });

  it("gives the same values in a batch as one by one", () => {
    const pairs = [
      { candidate: "Paris is the capital.", references: ["The capital is Paris."] },
      { candidate: "", references: ["x"] },
      { candidate: "naïve café", references: ["naive cafe", "naïve café"] },
    ];
    assert.deepEqual(
      scoreLexicalBatch(pairs),
      pairs.map((pair) => scoreLexical(pair.candidate, pair.references)),
    );
  });

  it("describes every score key with a serialisable configuration", () => {
    const configs = lexicalMetricConfigs(LEXICAL_METRIC_NAMES);
    assert.deepEqual(Object.keys(configs).sort(), [...ALL_KEYS, ...ALL_KEYS.map((k) => `${k}_max`)].sort());
    assert.equal(configs.meteor?.wordnet?.startsWith("WordNet 3.0"), true);
    assert.equal(configs.rougeL_max?.references, "max");
    assert.match(configs.rouge1?.stemmer ?? "", /NLTK_EXTENSIONS/);
    assert.deepEqual(JSON.parse(JSON.stringify(configs)), configs);
  });
});

describe("Treebank tokenizer (nltk word_tokenize, preserve_line=True)", () => {
  it("splits contractions and only the final period", () => {
    assert.deepEqual(treebankTokenize("I can't go to the U.S. today."), [
      "I",
      "ca",
      "n't",
      "go",
      "to",
      "the",
      "U.S.",
      "today",
      ".",
    ]);
    assert.deepEqual(treebankTokenize("gonna"), ["gon", "na"]);
  });

  it("turns double quotes into Treebank quotes", () => {
    assert.deepEqual(treebankTokenize('"Hi," she said "now"'), [
      "``",
      "Hi",
      ",",
      "''",
      "she",
      "said",
      "``",
      "now",
      "''",
    ]);
  });

  it("uses Python's Unicode whitespace and word characters", () => {
    // U+0085 and U+001C separate tokens in Python; U+FEFF and U+200B do not.
    assert.deepEqual(treebankTokenize("a\u0085b\u001cc"), ["a", "b", "c"]);
    assert.deepEqual(treebankTokenize("a\ufeffb"), ["a\ufeffb"]);
    // Python's `\w` covers non-Latin letters, so `'` before one is split off.
    assert.deepEqual(treebankTokenize("'Ж"), ["'", "Ж"]);
  });

  it("treats a comma before a final newline as at the end ($ semantics)", () => {
    assert.deepEqual(treebankTokenize("yes,\n"), ["yes", ","]);
  });
});

describe("Porter stemmer (NLTK 3.8, NLTK_EXTENSIONS)", () => {
  it("applies NLTK's departures from the original algorithm", () => {
    assert.equal(porterStem("dying"), "die");
    assert.equal(porterStem("skies"), "sky");
    assert.equal(porterStem("flies"), "fli");
    assert.equal(porterStem("dies"), "die");
    assert.equal(porterStem("happy"), "happi");
    assert.equal(porterStem("enjoy"), "enjoy");
    assert.equal(porterStem("generously"), "gener");
    assert.equal(porterStem("is"), "is");
    assert.equal(porterStem("Running"), "run");
  });

  it("counts characters outside the BMP as one letter", () => {
    assert.equal(porterStem("😀s"), "😀s");
    assert.equal(porterStem("😀ing"), "😀ing");
    // One code point: "a😀" is vowel-consonant, so step 1b restores an e (as a 2-letter *o stem).
    assert.equal(porterStem("a😀ing"), "a😀e");
  });
});

describe("ROUGE (rouge_score)", () => {
  it("keeps only ASCII letters and digits as token characters", () => {
    assert.deepEqual(rougeTokenize("Café naïve, 3.50$"), ["caf", "na", "ve", "3", "50"]);
  });

  it("reports precision, recall and F-measure", () => {
    const scores = rougeScores("the cat", "the cat sat down");
    assert.deepEqual(scores.rouge1, { precision: 1, recall: 0.5, fmeasure: (2 * 1 * 0.5) / 1.5 });
    assert.deepEqual(scores.rougeL, { precision: 1, recall: 0.5, fmeasure: (2 * 1 * 0.5) / 1.5 });
    assert.deepEqual(scores.rouge2, {
      precision: 1,
      recall: 1 / 3,
      fmeasure: (2 * 1 * (1 / 3)) / (1 + 1 / 3),
    });
  });

  it("scores a punctuation-only candidate 0", () => {
    assert.equal(rougeScores("?!", "?!").rouge1.fmeasure, 0);
  });
});

describe("BLEU (NLTK sentence BLEU, method1)", () => {
  it("scores a 1-token exact match exp(0.75 ln 0.1) without reweighting", () => {
    assert.equal(bleuFromTokens(["yes"], ["yes"]), 0.1778279410038923);
  });

  it("compares tokens case-sensitively", () => {
    assert.equal(bleuFromTokens(["Yes"], ["yes"]), 0);
  });

  it("is 1 for identical candidates of four or more tokens", () => {
    assert.equal(bleuFromTokens(["a", "b", "c", "d"], ["a", "b", "c", "d"]), 1);
  });
});

describe("METEOR (NLTK single_meteor_score, WordNet 3.0)", () => {
  it("never reaches 1: an identical 1-token pair scores 0.5", () => {
    assert.equal(meteorFromTokens(["yes"], ["yes"]), 0.5);
  });

  it("matches WordNet synonyms of the stemmed leftovers", () => {
    assert.equal(meteorFromTokens(["auto"], ["car"]), 0.5);
    // `automobile` stems to `automobil`, which has no synsets.
    assert.equal(meteorFromTokens(["automobile"], ["car"]), 0);
  });

  it("matches stems before synonyms", () => {
    assert.equal(meteorFromTokens(["running"], ["runs"]), 0.5);
  });
});

describe("exact match (SQuAD normalisation)", () => {
  it("ignores case, punctuation, articles and spacing", () => {
    assert.equal(normalizeAnswer("  The  Answer, is: A cat!"), "answer is cat");
    assert.equal(exactMatch("the Eiffel tower.", "Eiffel  Tower"), 1);
    assert.equal(exactMatch("Eiffel", "Eiffel Tower"), 0);
  });

  it("matches two texts that both normalise to nothing", () => {
    assert.equal(exactMatch("", "The."), 1);
  });
});

describe("Python semantics helpers", () => {
  it("splits like str.split()", () => {
    assert.deepEqual(pythonSplit("  a\u2028b\u200bc\ufeff "), ["a", "b\u200bc\ufeff"]);
    assert.deepEqual(pythonSplit(""), []);
  });

  it("sums exactly like math.fsum", () => {
    assert.equal(pythonFsum([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]), 1);
    assert.equal(pythonFsum([1e100, 1, -1e100]), 1);
    assert.equal(pythonFsum([]), 0);
    // 35 powers of two 60 binary places apart stay 35 separate partials; all but the smallest cancel out.
    const powers = Array.from({ length: 35 }, (_, k) => 2 ** (1000 - 60 * k));
    assert.equal(pythonFsum([...powers, ...powers.slice(0, 34).map((power) => -power)]), 2 ** -1040);
  });
});
