import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { UsageError } from "../../src/cli/errors.js";
import { loadTaxonomy } from "../../src/data/taxonomy.js";
import type { Taxonomy } from "../../src/domain/taxonomy.js";
import { parseStyleConstraint } from "../../src/recommend/constraints.js";
import type { RequestedAspect } from "../../src/recommend/criteria.js";
import { type Evidence, loadEvidence } from "../../src/recommend/evidence.js";
import { type RecommendOptions, recommend } from "../../src/recommend/rank.js";
import { ResultsStore } from "../../src/store/results-store.js";
import { SCENARIO } from "./scenario.js";
import { writeSmallStore } from "./small-store.js";

let evidence: Evidence;
let taxonomy: Taxonomy;

before(async () => {
  const file = await writeSmallStore(await mkdtemp(path.join(tmpdir(), "recommend-")), SCENARIO);
  const store = await ResultsStore.open(file, { mustExist: true });
  try {
    evidence = await loadEvidence(store, "rougeL");
  } finally {
    store.close();
  }
  taxonomy = await loadTaxonomy();
});

function run(requested: RequestedAspect[], overrides: Partial<RecommendOptions> = {}) {
  return recommend(evidence, {
    requested,
    taxonomy,
    constraints: {},
    minTasks: 2,
    seed: 0,
    resamples: 200,
    ...overrides,
  });
}

const label = (c: { model: string; style: string }) => `${c.model} ${c.style}`;

describe("recommend: ranking (model, style) pairs from own runs", () => {
  it("ranks by the mean over the entity's instances, with interval, size, latency and tokens/s", () => {
    const result = run([{ aspect: "task-types", name: "textual entailment" }]);
    assert.deepEqual(result.candidates.map(label), [
      "Big 0-def",
      "Big 2-nodef",
      "Twin 0-def",
      "Small 0-def",
      "Small 2-nodef",
      "Twin 2-nodef",
    ]);
    const [top] = result.candidates;
    assert.ok(top);
    const close = (a: number | undefined, b: number) => assert.ok(Math.abs((a ?? Number.NaN) - b) < 1e-9);
    close(top.score, 80);
    close(top.interval?.low, 80);
    close(top.interval?.high, 80);
    assert.equal(top.parameters, 7e9);
    assert.equal(top.tasks, 3);
    assert.equal(top.instances, 6);
    assert.equal(top.latencyMs, 100);
    assert.equal(top.tokensPerSecond, 50);
    assert.equal(result.criteria[0]?.criteria[0]?.entities[0], "Textual Entailment");
  });

  it("gives each model's best style and what every other style costs", () => {
    const big = run([{ aspect: "task-types", name: "Textual Entailment" }]).tradeOffs.find(
      (t) => t.model === "Big",
    );
    assert.equal(big?.bestStyle, "0-def");
    assert.equal(big?.styles[0]?.style, "2-nodef");
    assert.ok(Math.abs((big?.styles[0]?.loss ?? 0) - 20) < 1e-9);
    assert.equal(
      big?.styles[0]?.description,
      "you lose 20.0 points without a definition and with 2 instead of 0 examples",
    );
  });

  it("flags candidates the top one cannot be told apart from, and not the ones it clearly beats", () => {
    const result = run([{ aspect: "task-types", name: "Generation" }]);
    const [first, second, third] = result.candidates;
    assert.deepEqual([first, second].map((c) => c?.model).sort(), ["Small", "Twin"]);
    assert.equal(second?.indistinguishableFromTop, true);
    assert.equal(third?.model, "Big");
    assert.equal(third?.indistinguishableFromTop, false);
    assert.ok(result.notes.some((note) => note.includes("statistically indistinguishable")));
  });

  it("falls back from an entity with too few tasks to its taxonomy group and says so", () => {
    const result = run([{ aspect: "task-types", name: "Question Rewriting" }]);
    const criterion = result.criteria[0]?.criteria[0];
    assert.equal(criterion?.level, "group");
    assert.equal(criterion?.group, "Generation");
    assert.equal(result.candidates[0]?.tasks, 3);
    assert.ok(result.notes.some((note) => note.includes("too little data for Question Rewriting")));
    const enough = run([{ aspect: "task-types", name: "Question Rewriting" }], { minTasks: 1 });
    assert.equal(enough.criteria[0]?.criteria[0]?.level, "entity");
    assert.equal(enough.candidates[0]?.tasks, 1);
  });

  it("scores several aspects on the tasks carrying all of them when enough do", () => {
    const result = run([
      { aspect: "task-types", name: "Textual Entailment" },
      { aspect: "domains", name: "News" },
    ]);
    assert.equal(result.criteria[0]?.basis, "joint");
    const small = result.candidates.find((c) => label(c) === "Small 0-def");
    assert.equal(small?.tasks, 2);
    assert.ok(Math.abs((small?.score ?? 0) - 50) < 1e-9);
  });

  it("otherwise averages the per-aspect scores, unweighted, and says so", () => {
    const result = run(
      [
        { aspect: "task-types", name: "Textual Entailment" },
        { aspect: "domains", name: "News" },
      ],
      { minTasks: 3 },
    );
    assert.equal(result.criteria[0]?.basis, "combined");
    const small = result.candidates.find((c) => label(c) === "Small 0-def");
    // Entailment: 0.5 over e1–e3; News: e1, e2 at 0.5 and g1 at 0.9 → 0.6333; mean of the two.
    assert.ok(Math.abs((small?.score ?? 0) - (50 + 190 / 3) / 2) < 1e-9);
    assert.ok(result.notes.some((note) => note.includes("unweighted mean")));
  });

  it("applies size, prompt-style and provider constraints", () => {
    const entailment: RequestedAspect[] = [{ aspect: "task-types", name: "Textual Entailment" }];
    const small = run(entailment, { constraints: { maxParameters: 3e9 } });
    assert.ok(small.candidates.every((c) => c.model !== "Big"));
    assert.match(
      small.excluded.find((e) => e.model === "Big")?.reason ?? "",
      /7B parameters > --max-params 3B/,
    );
    const noDefinition = run(entailment, { constraints: { styles: parseStyleConstraint("no-definition") } });
    assert.deepEqual(new Set(noDefinition.candidates.map((c) => c.style)), new Set(["2-nodef"]));
    const zeroShot = run(entailment, { constraints: { styles: parseStyleConstraint("0-shot-only") } });
    assert.deepEqual(new Set(zeroShot.candidates.map((c) => c.style)), new Set(["0-def"]));
    const ollama = run(entailment, { constraints: { providers: new Set(["ollama"]) } });
    assert.deepEqual(new Set(ollama.candidates.map((c) => c.model)), new Set(["Big"]));
  });

  it("rejects an unknown entity, naming the closest", () => {
    assert.throws(
      () => run([{ aspect: "task-types", name: "Textual Entailmnt" }]),
      (error: Error) => error instanceof UsageError && /closest: "Textual Entailment"/.test(error.message),
    );
  });
});
