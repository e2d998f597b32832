import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { evaluateRouting } from "../../src/route/evaluate-routes.js";
import { loadReplayData, type ReplayData } from "../../src/route/replay-data.js";
import { parseServeConfig } from "../../src/serve/config.js";
import { ResultsStore } from "../../src/store/results-store.js";
import { SCENARIO } from "../recommend/scenario.js";
import { writeSmallStore } from "../recommend/small-store.js";

/** Entailment to Big, the two generation task types to Small, everything else (Question Rewriting) to Big. */
const ROUTES = `
models:
  - { name: Big, spec: "ollama:big" }
  - { name: Small, spec: "llama-cpp:/models/small.gguf" }
  - { name: Twin, spec: "llama-cpp:/models/twin.gguf" }
routes:
  - { name: entailment, aspect: task_type, entity: Textual Entailment, models: [Big, Small], style: 0-def }
  - { name: titles, aspect: task_type, entity: Title Generation, models: [Small, Big], style: 0-def }
  - { name: data-to-text, aspect: task_type, entity: Data to Text, models: [Small], prompt: { definition: "Describe." } }
fallback: { models: [Big] }
`;

let data: ReplayData;

before(async () => {
  const file = await writeSmallStore(await mkdtemp(path.join(tmpdir(), "route-evaluate-")), SCENARIO);
  const store = await ResultsStore.open(file, { mustExist: true });
  try {
    data = await loadReplayData(store, "rougeL");
  } finally {
    store.close();
  }
});

const close = (actual: number | undefined, expected: number) =>
  assert.ok(Math.abs((actual ?? Number.NaN) - expected) < 1e-9, `${actual} ≠ ${expected}`);

describe("route evaluate: replaying stored predictions through a routing table", () => {
  const evaluate = () => {
    const config = parseServeConfig(ROUTES, "routes.yaml");
    return evaluateRouting(
      data,
      config.routing,
      config.models.map((model) => model.name),
    );
  };

  it("scores the routed mix, each single model at its best style, and the per-instance oracle", () => {
    const result = evaluate();
    assert.equal(result.instances, 12);
    assert.equal(result.skipped, 0);
    // e1–e3 → Big 0.8 (6), g1, g2 → Small 0.9 (4), q1 → fallback Big 0.8 (2): 10 / 12.
    close(result.routed.score, 1000 / 12);
    const single = Object.fromEntries(result.singles.map((s) => [s.model, s]));
    close(single.Big?.score, 80);
    assert.equal(single.Big?.style, "0-def");
    close(single.Small?.score, 70);
    // Twin: Small ± 0.02 per task: (0.52 + 0.48 + 0.52 + 0.92 + 0.88 + 0.92) / 6.
    close(single.Twin?.score, (4.24 / 6) * 100);
    // Oracle: 0.8 on entailment, then max(Small, Twin) on g1 0.92, g2 0.9, q1 0.92.
    close(result.oracle.score, ((2.4 + 2.74) / 6) * 100);
    const routes = Object.fromEntries(result.routed.routes.map((r) => [r.route, r]));
    assert.equal(routes.entailment?.requests, 6);
    assert.equal(routes["data-to-text"]?.style, "0-def");
    assert.equal(routes.fallback?.model, "Big");
  });

  it("traces the cost/size trade-off and judges the router against the best single model", () => {
    const result = evaluate();
    assert.equal(result.largestModel, "Big");
    close(result.routed.shareToLargest, 8 / 12);
    close(result.routed.meanParameters, (8 * 7e9 + 4 * 1e9) / 12);
    // Start: every route on Twin (the best smaller model); entailment gains most when switched to Big.
    assert.deepEqual(
      result.curve.map((point) => [
        Number((point.shareToLargest * 100).toFixed(1)),
        Number(point.score.toFixed(2)),
      ]),
      [
        [0, 71],
        [50, 85.67],
        [66.7, 84],
        [83.3, 82],
        [100, 80],
      ],
    );
    assert.deepEqual(result.curve[1]?.switched, ["entailment"]);
    assert.equal(result.verdict.worthServing, true);
    assert.match(
      result.verdict.message,
      /beats the best single model Big \(0-def, 80\.0\) by 3\.3 points at lower cost/,
    );
  });

  it("says so when the router does not beat the best single model", () => {
    const config = parseServeConfig(
      ROUTES.replace("models: [Big, Small], style: 0-def", "models: [Small], style: 2-nodef"),
      "routes.yaml",
    );
    const result = evaluateRouting(
      data,
      config.routing,
      config.models.map((model) => model.name),
    );
    assert.equal(result.verdict.worthServing, false);
    assert.match(result.verdict.message, /does not beat the best single model Big .*: serve Big alone/);
  });
});
