import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { scoreLexical } from "../../src/metrics/lexical.js";
import { rougeTokenize } from "../../src/metrics/rouge.js";
import { treebankTokenize } from "../../src/metrics/treebank-tokenizer.js";
import { sharedFixture } from "../fixtures.js";

interface GoldenRow {
  id: string;
  kind: string;
  candidate: string;
  references: string[];
  debug: {
    nltk_tokens_candidate: string[];
    nltk_tokens_reference0: string[];
    rouge_tokens_candidate: string[];
    rouge_tokens_reference0: string[];
  };
  [key: string]: unknown;
}

const rows: GoldenRow[] = readFileSync(sharedFixture("metrics-golden", "golden-shared.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line !== "")
  .map((line) => JSON.parse(line) as GoldenRow);

const GOLDEN_KEYS = ["bleu", "rouge1", "rouge2", "rougeL", "meteor"] as const;
const TOLERANCE = 1e-6;

/** Lists every row that differs, so one failure shows the whole picture. */
function assertNoMismatches(mismatches: string[], what: string): void {
  assert.equal(mismatches.length, 0, `${mismatches.length} ${what}:\n${mismatches.slice(0, 20).join("\n")}`);
}

describe("lexical metrics reproduce NLTK 3.8 and rouge_score on the 2,200 golden pairs", () => {
  it("holds every golden row", () => {
    assert.equal(rows.length, 2200);
  });

  it("tokenizes exactly like nltk.word_tokenize(text, preserve_line=True)", () => {
    const mismatches: string[] = [];
    for (const row of rows) {
      const pairs: Array<[string, string[]]> = [
        [row.candidate, row.debug.nltk_tokens_candidate],
        [row.references[0] as string, row.debug.nltk_tokens_reference0],
      ];
      for (const [text, expected] of pairs) {
        const actual = treebankTokenize(text);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          mismatches.push(`${row.id}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
        }
      }
    }
    assertNoMismatches(mismatches, "tokenizations differ");
  });

  it("tokenizes and stems exactly like rouge_score's tokenizer with NLTK's Porter stemmer", () => {
    const mismatches: string[] = [];
    for (const row of rows) {
      const pairs: Array<[string, string[]]> = [
        [row.candidate, row.debug.rouge_tokens_candidate],
        [row.references[0] as string, row.debug.rouge_tokens_reference0],
      ];
      for (const [text, expected] of pairs) {
        const actual = rougeTokenize(text);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          mismatches.push(`${row.id}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
        }
      }
    }
    assertNoMismatches(mismatches, "ROUGE tokenizations differ");
  });

  it("matches every metric against the first reference and the max over references within 1e-6", () => {
    const mismatches: string[] = [];
    let compared = 0;
    for (const row of rows) {
      const scores = scoreLexical(row.candidate, row.references, ["bleu", "rouge", "meteor"]);
      for (const metric of GOLDEN_KEYS) {
        for (const key of [metric, `${metric}_max`]) {
          const expected = row[key] as number;
          const actual = scores[key] as number;
          compared++;
          if (!(Math.abs(actual - expected) <= TOLERANCE)) {
            mismatches.push(`${row.id} (${row.kind}) ${key}: ${actual} != ${expected}`);
          }
        }
      }
    }
    assert.equal(compared, 2200 * 10);
    assertNoMismatches(mismatches, "values differ by more than 1e-6");
  });
});
