import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { modelComparison, promptStyleTables } from "../../src/analysis/entity-tables.js";
import { KIT_ASPECT_NAMES, kitEntityName, parseCsv } from "../../src/analysis/kit-csv.js";
import { readPaperPromptStyleTables, readPaperSotaTables } from "../../src/analysis/paper-tables.js";
import { ASPECTS } from "../../src/domain/task.js";
import { sharedFixture } from "../fixtures.js";

const paperResults = sharedFixture("paper-results");
const metricDir = sharedFixture("paper-results", "paper_results", "bert_score_recall");

/** The fixture README's model sets. */
const MODEL_SETS = {
  pt: ["Gemma-2B", "Gemma-7B", "Mistral-7B", "Llama-3-8B", "Falcon-2-11B"],
  it: ["Gemma-2B-I", "Phi-3-mini-128k-I", "Mistral-7B-I", "Gemma-7B-I", "Llama-3-8B-I"],
};

describe("the paper's tables as reference results", () => {
  const scores = readPaperPromptStyleTables(paperResults);
  const tables = promptStyleTables(scores);

  it("reads all 30 prompt-style tables with their metric from the folder name", () => {
    assert.equal(tables.length, 30);
    assert.deepEqual([...new Set(scores.map((s) => s.metric))], ["bert_score_recall"]);
  });

  it("recompute every table's max_value and best_instruction from its eight style columns", () => {
    for (const table of tables) {
      const kitAspect = KIT_ASPECT_NAMES[table.aspect];
      const file = path.join(
        metricDir,
        "aspect_prompt_style_variation",
        table.model,
        kitAspect,
        "all_results_with_best_instruction.csv",
      );
      const [header, ...rows] = parseCsv(readFileSync(file, "utf8"));
      const maxColumn = header?.indexOf("max_value") as number;
      const bestColumn = header?.indexOf("best_instruction") as number;
      assert.equal(rows.length, table.rows.length, file);
      for (const published of rows) {
        const mine = table.rows.find((row) => kitEntityName(row.entity) === published[1]);
        assert.ok(mine, `${file}: entity "${published[1]}"`);
        assert.ok(Math.abs(mine.maxValue - Number(published[maxColumn])) <= 1e-9, `${file} ${mine.entity}`);
        const [examples, , withOrWithout] = (published[bestColumn] as string).split("_");
        assert.equal(mine.bestStyle, `${examples}-${withOrWithout === "with" ? "def" : "nodef"}`, file);
      }
    }
  });

  for (const aspect of ASPECTS) {
    for (const set of ["pt", "it"] as const) {
      it(`reproduce comparison_across_${KIT_ASPECT_NAMES[aspect]}/results_${set}_models.csv`, () => {
        const file = path.join(
          metricDir,
          "aspect_level_lm_analysis",
          `comparison_across_${KIT_ASPECT_NAMES[aspect]}`,
          `results_${set}_models.csv`,
        );
        const [header, ...published] = parseCsv(readFileSync(file, "utf8"));
        assert.ok(header);
        const models = header.slice(1, -1);
        assert.deepEqual([...models].sort(), [...MODEL_SETS[set]].sort());
        const comparison = modelComparison(aspect, MODEL_SETS[set], tables);
        assert.deepEqual(
          comparison.rows.map((row) => kitEntityName(row.entity)),
          published.map((row) => row[0]),
        );
        for (const row of published) {
          const mine = comparison.rows.find((r) => kitEntityName(r.entity) === row[0]);
          assert.ok(mine);
          models.forEach((model, i) => {
            const value = mine.values[MODEL_SETS[set].indexOf(model)];
            const expected = row[i + 1] as string;
            if (expected === "") assert.equal(value, null);
            else assert.ok(Math.abs((value as number) - Number(expected)) <= 1e-9, `${row[0]} ${model}`);
          });
          assert.equal(mine.bestModel, row.at(-1), `best model for ${row[0]}`);
        }
      });
    }
  }

  it("read the large models of the comparisons with their published values, skipping models with full tables", () => {
    const small = new Set(scores.map((s) => s.model));
    const sota = readPaperSotaTables(paperResults, small);
    assert.deepEqual([...new Set(sota.map((s) => s.model))].sort(), ["DS-2", "GPT-3.5-T", "GPT-4o"]);
    assert.ok(sota.every((s) => s.style === "published" && s.metric === "bert_score_recall"));
    const file = path.join(metricDir, "sota_comparisons", "sota_comparison_on_domains.csv");
    const [header, ...rows] = parseCsv(readFileSync(file, "utf8"));
    const books = rows.find((row) => row[0] === "Books") as string[];
    const gpt = sota.find((s) => s.model === "GPT-4o" && s.aspect === "domains" && s.entity === "Books");
    assert.equal(gpt?.value, Number(books[header?.indexOf("GPT-4o") as number]));
    const tables = promptStyleTables([...scores, ...sota]);
    const comparison = modelComparison("domains", ["Gemma-2B", "GPT-4o"], tables);
    assert.equal(comparison.rows.find((row) => row.entity === "Books")?.bestStyles[1], "published");
  });

  it("reject a table whose cell is not a number, naming file, line and column", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "paper-tables-"));
    const folder = path.join(dir, "rouge1", "aspect_prompt_style_variation", "M", "domains");
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      path.join(folder, "all_results_with_best_instruction.csv"),
      ",domains,0_examples_with_definition\n0,News,12.5\n1,Law,abc\n",
    );
    assert.throws(
      () => readPaperPromptStyleTables(dir),
      /all_results_with_best_instruction\.csv, line 3, column "0_examples_with_definition": "abc" is not a number/,
    );
  });

  it("reject a folder without prompt-style tables", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "paper-tables-"));
    assert.throws(() => readPaperPromptStyleTables(dir), /no prompt-style tables found/);
  });
});
