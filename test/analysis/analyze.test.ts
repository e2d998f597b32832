import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type AnalysisOptions, analyzeStore } from "../../src/analysis/analyze.js";
import { loadTaxonomy } from "../../src/data/taxonomy.js";
import type { AnalysisResult } from "../../src/domain/analysis.js";
import { saveReferenceScores } from "../../src/store/reference-results.js";
import { ResultsStore } from "../../src/store/results-store.js";
import { fillSyntheticStore, syntheticTaskEntities } from "./synthetic-store.js";

const TASKS = 15;

describe("analysis over a results store", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "analyze-"));
  let store: ResultsStore;
  let options: AnalysisOptions;
  let result: AnalysisResult;

  before(async () => {
    store = await ResultsStore.open(path.join(dir, "results.duckdb"));
    await fillSyntheticStore(store, {
      models: [
        { label: "A", kind: "pretrained", quality: 0.5 },
        { label: "B", kind: "pretrained", quality: 0.5 },
        { label: "C-I", kind: "instruction-tuned", quality: 0.8 },
      ],
      styles: ["0-def", "8-def", "0-nodef"],
      tasks: TASKS,
      instancesPerTask: 4,
      variants: [
        { model: "A", style: "8-def", topK: 10, shift: -0.05 },
        { model: "A", style: "8-def", definitionVariant: "paraphrased", shift: -0.1 },
      ],
      metrics: ["bert_score_recall", "rougeL"],
    });
    options = {
      metric: "bert_score_recall",
      taxonomy: await loadTaxonomy(),
      seed: 7,
      resamples: 200,
      samplesPerEntity: 2,
    };
    result = await analyzeStore(store, options);
  });

  after(() => store.close());

  it("counts an instance for every entity of its task", async () => {
    const rows = await store.query(
      `SELECT v.task, v.value FROM metric_values v JOIN runs r USING (run_id)
       WHERE v.metric = 'bert_score_recall' AND r.model_label = 'A' AND r.style = '0-def' AND r.temperature = 0
         AND r.definition_variant = 'original'`,
    );
    const byEntity = new Map<string, number[]>();
    for (const row of rows) {
      const t = Number(String(row.task).slice(4, 8));
      for (const entity of syntheticTaskEntities(t).domains) {
        byEntity.set(entity, [...(byEntity.get(entity) ?? []), Number(row.value)]);
      }
    }
    const table = result.promptStyleTables.find((t) => t.model === "A" && t.aspect === "domains");
    assert.ok(table);
    assert.equal(table.rows.length, byEntity.size);
    for (const row of table.rows) {
      const values = byEntity.get(row.entity) as number[];
      const expected = (values.reduce((a, b) => a + b, 0) / values.length) * 100;
      assert.ok(Math.abs((row.values[0] as number) - expected) < 1e-9, row.entity);
    }
  });

  it("puts tasks without a reasoning value under (none)", () => {
    const withoutReasoning = Array.from({ length: TASKS }, (_, t) => t).filter(
      (t) => syntheticTaskEntities(t).reasoning.length === 0,
    );
    assert.ok(withoutReasoning.length > 0);
    const comparison = result.comparisons.find((c) => c.aspect === "reasoning");
    const none = result.promptStyleTables
      .find((t) => t.model === "A" && t.aspect === "reasoning")
      ?.rows.find((row) => row.entity === "(none)");
    assert.ok(none, "a (none) row");
    assert.ok(comparison?.rows.some((row) => row.entity === "(none)"));
  });

  it("finds the style with the largest effect as best, and the strongest model as best everywhere", () => {
    for (const table of result.promptStyleTables) {
      for (const row of table.rows) assert.equal(row.bestStyle, "8-def", `${table.model} ${row.entity}`);
    }
    for (const comparison of result.comparisons) {
      for (const row of comparison.rows) assert.equal(row.bestModel, "C-I");
    }
  });

  it("lists pretrained models before instruction-tuned ones and splits comparisons by kind", () => {
    assert.deepEqual(
      result.models.map((m) => m.model),
      ["A", "B", "C-I"],
    );
    const kinds = result.kindComparisons.map((k) => `${k.kind}:${k.comparison.models.join("+")}`);
    assert.ok(kinds.includes("pretrained:A+B"));
    assert.ok(kinds.includes("instruction-tuned:C-I"));
  });

  it("gives every own entity, group and overall value a 95% interval around it", () => {
    const levels = new Set(result.leaderboard.map((entry) => entry.level));
    assert.deepEqual([...levels].sort(), ["entity", "group", "overall"]);
    for (const entry of result.leaderboard) {
      if (!entry.interval) {
        // A group needs two tasks in each of its entities; an entity or the overall level two tasks.
        if (entry.level !== "group") assert.ok(entry.tasks < 2, `${entry.model} ${entry.name}: no interval`);
        continue;
      }
      assert.ok(
        entry.interval.low <= entry.value + 1e-9 && entry.value - 1e-9 <= entry.interval.high,
        entry.name,
      );
    }
  });

  it("averages a group's entities with equal weight", () => {
    const group = result.groups.find(
      (g) => g.model === "A" && g.aspect === "task-types" && g.entities.length > 1,
    );
    assert.ok(group);
    const comparison = result.comparisons.find((c) => c.aspect === "task-types");
    const column = comparison?.models.indexOf("A") as number;
    const values = group.entities.map(
      (entity) => comparison?.rows.find((row) => row.entity === entity)?.values[column] as number,
    );
    assert.ok(Math.abs(group.value - values.reduce((a, b) => a + b, 0) / values.length) < 1e-9);
  });

  it("is reproducible: the same seed gives the same intervals", async () => {
    const again = await analyzeStore(store, options);
    assert.deepEqual(
      again.leaderboard.map((e) => e.interval),
      result.leaderboard.map((e) => e.interval),
    );
  });

  it("flags a winner within noise when two equally good models are compared", async () => {
    const clear = result.paired.filter((p) => p.winner === "C-I");
    assert.ok(clear.length > 0);
    for (const p of clear) {
      // With a single shared task there is no interval, and the lead cannot be told from noise.
      assert.equal(p.withinNoise, p.interval === undefined, `${p.entity}: C-I should clearly win`);
    }
    assert.ok(clear.some((p) => p.interval !== undefined));
    const close = await analyzeStore(store, { ...options, models: ["A", "B"] });
    assert.ok(close.paired.length > 0);
    assert.ok(close.paired.some((p) => p.withinNoise));
    for (const p of close.paired) {
      if (p.interval) assert.equal(p.withinNoise, p.interval.low <= 0 && p.interval.high >= 0);
    }
  });

  it("correlates models over shared prompts", () => {
    const matrix = result.correlation;
    assert.ok(matrix);
    assert.deepEqual(matrix.models, ["A", "B", "C-I"]);
    matrix.models.forEach((_, i) => {
      assert.equal(matrix.values[i]?.[i], 1);
      matrix.models.forEach((__, j) => {
        const r = matrix.values[i]?.[j] as number;
        assert.ok(r >= -1 && r <= 1);
        assert.equal(r, matrix.values[j]?.[i]);
      });
    });
    assert.equal(matrix.sharedPrompts[0]?.[1], TASKS * 4 * 3);
  });

  it("compares sampled decoding with greedy at the model's best style", () => {
    const overall = result.sampling.find((row) => row.model === "A" && row.name === "overall");
    assert.ok(overall);
    assert.equal(overall.style, "8-def");
    assert.deepEqual(overall.decodings, ["greedy", "top-k=10"]);
    const [greedy, sampled] = overall.values as [number, number];
    assert.ok(Math.abs(sampled - greedy + 5) < 1e-6);
    assert.ok(result.sampling.some((row) => row.model === "A" && row.aspect === "domains"));
  });

  it("reports the percentage difference of a paraphrased definition", () => {
    const [row] = result.definitionVariants;
    assert.ok(row);
    assert.equal(row.variant, "paraphrased");
    assert.ok(Math.abs(row.valueWithVariant - row.valueWithDefinition + 10) < 1e-6);
    assert.ok(
      Math.abs(
        row.percentageDifference -
          ((row.valueWithVariant - row.valueWithDefinition) / row.valueWithDefinition) * 100,
      ) < 1e-9,
    );
  });

  it("embeds a bounded drill-down sample per model and entity, with scores", () => {
    assert.ok(result.samples.length > 0);
    const counts = new Map<string, number>();
    for (const sample of result.samples) {
      const key = `${sample.model}/${sample.aspect}/${sample.entity}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      assert.equal(typeof sample.scores.bert_score_recall, "number");
      assert.equal(sample.style, "8-def");
    }
    assert.ok(Math.max(...counts.values()) <= 2);
  });

  it("filters by entity or group, and by model kind", async () => {
    const news = await analyzeStore(store, {
      ...options,
      entities: { domains: ["Media and Entertainment"] },
    });
    assert.deepEqual(
      news.comparisons.map((c) => c.aspect),
      ["domains"],
    );
    for (const row of news.comparisons[0]?.rows ?? [])
      assert.ok(["Social Media", "News"].includes(row.entity));
    const it = await analyzeStore(store, { ...options, kind: "instruction-tuned" });
    assert.deepEqual(
      it.models.map((m) => m.model),
      ["C-I"],
    );
  });

  it("returns empty tables for an empty selection", async () => {
    const empty = await analyzeStore(store, { ...options, models: ["A"], kind: "instruction-tuned" });
    assert.equal(empty.models.length, 0);
    assert.equal(empty.leaderboard.length, 0);
    for (const comparison of empty.comparisons) assert.equal(comparison.rows.length, 0);
  });

  it("names the valid models, entities and metrics when given unknown ones", async () => {
    await assert.rejects(
      analyzeStore(store, { ...options, models: ["Z"] }),
      /unknown model "Z"; valid: "A", "B", "C-I"/,
    );
    await assert.rejects(
      analyzeStore(store, { ...options, entities: { "task-types": ["Poetry"] } }),
      /unknown task-types entity or group "Poetry"; valid: .*"Data to Text"/,
    );
    await assert.rejects(
      analyzeStore(store, { ...options, metric: "bleu" }),
      /valid: bert_score_recall, rougeL/,
    );
  });

  it("shows reference results beside own runs, renaming a reference model that shares a run model's name", async () => {
    await saveReferenceScores(store, [
      {
        model: "A",
        kind: "pretrained",
        aspect: "domains",
        entity: "News",
        style: "0-def",
        value: 90,
        metric: "bert_score_recall",
        source: "x.csv",
      },
      {
        model: "GPT-4o",
        kind: "instruction-tuned",
        aspect: "domains",
        entity: "News",
        style: "0-def",
        value: 99,
        metric: "bert_score_recall",
        source: "x.csv",
      },
    ]);
    const [before] = await store.query("SELECT count(*) AS n FROM reference_results");
    await saveReferenceScores(store, [
      {
        model: "GPT-4o",
        kind: "instruction-tuned",
        aspect: "domains",
        entity: "News",
        style: "0-def",
        value: 99,
        metric: "bert_score_recall",
        source: "again.csv",
      },
    ]);
    const [afterAgain] = await store.query("SELECT count(*) AS n FROM reference_results");
    assert.equal(afterAgain?.n, before?.n, "saving the same cell again replaces it");
    const mixed = await analyzeStore(store, options);
    const names = mixed.models.map((m) => `${m.model}:${m.source}`);
    assert.ok(names.includes("A (reference):reference"));
    assert.ok(names.includes("GPT-4o:reference"));
    const news = mixed.comparisons
      .find((c) => c.aspect === "domains")
      ?.rows.find((row) => row.entity === "News");
    assert.equal(news?.bestModel, "GPT-4o");
    const gpt = mixed.leaderboard.find((e) => e.model === "GPT-4o" && e.name === "News");
    assert.equal(gpt?.interval, undefined);
    assert.equal(gpt?.source, "reference");
  });
});

describe("analysis of a store without metric values", () => {
  it("says which command fills them", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "analyze-empty-"));
    const store = await ResultsStore.open(path.join(dir, "empty.duckdb"));
    try {
      await assert.rejects(
        analyzeStore(store, {
          metric: "bert_score_recall",
          taxonomy: await loadTaxonomy(),
          seed: 0,
          resamples: 10,
          samplesPerEntity: 1,
        }),
        /no metric values yet: run `slm-eval metrics --store/,
      );
    } finally {
      store.close();
    }
  });
});
