import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { loadTaxonomy } from "../../src/data/taxonomy.js";
import { type Evidence, loadEvidence } from "../../src/recommend/evidence.js";
import { type PlanOptions, planRoutes } from "../../src/route/plan-routes.js";
import { routePromptFromTask, routesYaml } from "../../src/route/routes-file.js";
import { parseServeConfig } from "../../src/serve/config.js";
import { ResultsStore } from "../../src/store/results-store.js";
import { SCENARIO } from "../recommend/scenario.js";
import { writeSmallStore } from "../recommend/small-store.js";

let evidence: Evidence;
let options: PlanOptions;

before(async () => {
  const file = await writeSmallStore(await mkdtemp(path.join(tmpdir(), "plan-routes-")), SCENARIO);
  const store = await ResultsStore.open(file, { mustExist: true });
  try {
    evidence = await loadEvidence(store, "rougeL");
  } finally {
    store.close();
  }
  options = { taxonomy: await loadTaxonomy(), constraints: {}, minTasks: 2, seed: 0, resamples: 100 };
});

describe("route build: planning routes from results", () => {
  it("routes each entity to its models best first, at the best model's style", () => {
    const plan = planRoutes(evidence, options, () => true);
    const entailment = plan.routes.find((route) => route.entity === "Textual Entailment");
    assert.deepEqual(entailment?.models, ["Big", "Twin", "Small"]);
    assert.equal(entailment?.style, "0-def");
    const titles = plan.routes.find((route) => route.entity === "Title Generation");
    // One task (< --min-tasks 2): ranked on its group Generation, where Small and Twin (0.9) lead Big (0.8).
    assert.equal(titles?.models[2], "Big");
    assert.deepEqual(
      plan.routes.map((route) => route.aspect),
      [...plan.routes.map((route) => route.aspect)].sort(
        (a, b) =>
          ["task-types", "domains", "reasoning"].indexOf(a) -
          ["task-types", "domains", "reasoning"].indexOf(b),
      ),
    );
    assert.ok(plan.fallback?.models.length === 3);
  });

  it("leaves out models it cannot serve and lists them", () => {
    const plan = planRoutes(evidence, options, (model) => model !== "Big");
    assert.ok(plan.routes.every((route) => !route.models.includes("Big")));
    assert.deepEqual(plan.unservable, ["Big"]);
  });

  it("applies the constraints to every route", () => {
    const plan = planRoutes(evidence, { ...options, constraints: { maxParameters: 2e9 } }, () => true);
    assert.ok(plan.routes.every((route) => !route.models.includes("Big")));
  });

  it("writes a serve config that serve's parser accepts, with style and prompt per route", () => {
    const plan = planRoutes(evidence, options, () => true);
    const specs = new Map(SCENARIO.models.map((model) => [model.label, model.spec]));
    const prompt = routePromptFromTask("2-def", {
      definition: "Say yes or no.",
      positiveExamples: [
        { input: "a", output: "yes" },
        { input: "b", output: "no" },
        { input: "c", output: "yes" },
      ],
    });
    assert.deepEqual(
      prompt.examples.map((example) => example.input),
      ["a", "b"],
    );
    const text = routesYaml(plan, specs, new Map([[0, { prompt, task: "e1" }]]), "test");
    const config = parseServeConfig(text, "routes.yaml");
    assert.equal(config.routing.routes.length, plan.routes.length);
    assert.equal(config.routing.routes[0]?.style, plan.routes[0]?.style);
    assert.equal(config.routing.routes[0]?.prompt?.definition, "Say yes or no.");
    assert.deepEqual(config.routing.fallback?.models, plan.fallback?.models);
    assert.deepEqual(config.models.map((model) => model.spec).sort(), [...specs.values()].sort());
  });
});
