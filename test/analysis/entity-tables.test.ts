import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { groupScores, modelComparison, promptStyleTables } from "../../src/analysis/entity-tables.js";
import { PAPER_STYLES } from "../../src/analysis/prompt-styles.js";
import type { EntityScore } from "../../src/domain/analysis.js";

function score(model: string, entity: string, style: string, value: number): EntityScore {
  return { model, aspect: "task-types", entity, style, value };
}

describe("prompt-style tables", () => {
  it("lay out entity × the eight paper styles with the maximum and the best style", () => {
    const scores = PAPER_STYLES.map((style, i) => score("A", "Title Generation", style, 50 + i));
    const [table] = promptStyleTables(scores);
    assert.ok(table);
    assert.deepEqual(table.styles, PAPER_STYLES);
    assert.equal(table.rows.length, 1);
    assert.equal(table.rows[0]?.maxValue, 57);
    assert.equal(table.rows[0]?.bestStyle, "8-nodef");
  });

  it("break ties by column order: with definition first, then fewer examples", () => {
    const scores = [
      score("A", "E", "8-def", 70),
      score("A", "E", "0-nodef", 70),
      score("A", "E", "2-def", 70),
      score("A", "E", "4-nodef", 10),
    ];
    const [table] = promptStyleTables(scores);
    assert.equal(table?.rows[0]?.bestStyle, "2-def");
  });

  it("leave missing styles empty and skip them when choosing the best", () => {
    const [table] = promptStyleTables([score("A", "E", "0-nodef", 30)]);
    assert.equal(table?.rows[0]?.values.filter((v) => v === null).length, 7);
    assert.equal(table?.rows[0]?.bestStyle, "0-nodef");
  });

  it("order entities by code point, independent of locale and input order", () => {
    const scores = ["b", "B", "a", "", "Ä"].map((entity) => score("A", entity, "0-def", 1));
    const [table] = promptStyleTables(scores);
    assert.deepEqual(
      table?.rows.map((row) => row.entity),
      ["", "B", "a", "b", "Ä"],
    );
  });

  it("append styles beyond the paper's eight after them, definition first, fewer examples first", () => {
    const scores = [score("A", "E", "1-nodef", 1), score("A", "E", "16-def", 1), score("A", "E", "1-def", 1)];
    const [table] = promptStyleTables(scores);
    assert.deepEqual(table?.styles.slice(8), ["1-def", "16-def", "1-nodef"]);
  });

  it("refuse two scores for the same model, entity and style", () => {
    assert.throws(
      () => promptStyleTables([score("A", "E", "0-def", 1), score("A", "E", "0-def", 2)]),
      /two scores for model "A".*"E".*0-def/,
    );
  });
});

describe("model comparison", () => {
  const scores = [
    score("A", "E1", "0-def", 60),
    score("A", "E1", "4-def", 80),
    score("B", "E1", "2-nodef", 80),
    score("B", "E2", "0-def", 40),
    score("C", "E1", "0-def", 10),
  ];
  const tables = promptStyleTables(scores);

  it("takes each model at its own best style and names the best model", () => {
    const comparison = modelComparison("task-types", ["C", "B", "A"], tables);
    const e1 = comparison.rows.find((row) => row.entity === "E1");
    assert.deepEqual(e1?.values, [10, 80, 80]);
    assert.deepEqual(e1?.bestStyles, ["0-def", "2-nodef", "4-def"]);
    // A and B tie at 80: the model listed first wins.
    assert.equal(e1?.bestModel, "B");
    assert.equal(modelComparison("task-types", ["A", "B"], tables).rows[0]?.bestModel, "A");
  });

  it("keeps entities only some models have, with null for the others", () => {
    const comparison = modelComparison("task-types", ["A", "B"], tables);
    const e2 = comparison.rows.find((row) => row.entity === "E2");
    assert.deepEqual(e2?.values, [null, 40]);
    assert.equal(e2?.bestModel, "B");
  });

  it("ignores tables of other aspects and unlisted models", () => {
    const other = promptStyleTables([{ ...score("A", "X", "0-def", 99), aspect: "domains" }]);
    const comparison = modelComparison("task-types", ["A"], [...tables, ...other]);
    assert.deepEqual(
      comparison.rows.map((row) => row.entity),
      ["E1"],
    );
  });
});

describe("group level", () => {
  it("averages a group's entities with equal weight, leaving out entities without a value", () => {
    const tables = promptStyleTables([
      score("A", "E1", "0-def", 90),
      score("A", "E2", "0-def", 70),
      score("A", "E3", "0-def", 20),
    ]);
    const comparison = modelComparison("task-types", ["A"], tables);
    const groups = groupScores(comparison, [
      { name: "G1", entities: ["E1", "E2", "Missing"] },
      { name: "G2", entities: ["E3"] },
      { name: "Empty", entities: ["Nothing"] },
    ]);
    assert.deepEqual(
      groups.map((g) => [g.group, g.value, g.entities]),
      [
        ["G1", 80, ["E1", "E2"]],
        ["G2", 20, ["E3"]],
      ],
    );
  });
});
