import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { UsageError } from "../../src/cli/errors.js";
import { openDataset } from "../../src/data/dataset.js";
import { AspectClassifier, tokenize, trainAspectClassifier } from "../../src/route/aspect-classifier.js";
import { evaluateClassifier, isHeldOut, loadTasks } from "../../src/route/classifier-data.js";
import { loadRequestClassifier, saveClassifierModel } from "../../src/route/classifier-file.js";
import { sharedFixture } from "../fixtures.js";

describe("aspect classifier (multinomial naive Bayes)", () => {
  it("reads text as lower-cased words", () => {
    assert.deepEqual(tokenize("Does the 2nd sentence FOLLOW? Oui, café."), [
      "does",
      "the",
      "2nd",
      "sentence",
      "follow",
      "oui",
      "café",
    ]);
  });

  it("assigns the entity whose training words the text shares, per aspect", () => {
    const model = trainAspectClassifier([
      {
        text: "premise hypothesis entails contradiction",
        labels: { task_type: ["Textual Entailment"], domain: ["News"] },
      },
      {
        text: "write a title for this article headline",
        labels: { task_type: ["Title Generation"], domain: ["News"] },
      },
      { text: "recipe cooking oven flour", labels: { task_type: ["Title Generation"], domain: ["Food"] } },
    ]);
    const classifier = new AspectClassifier(model);
    assert.deepEqual(classifier.classify("Does the premise entail the hypothesis?"), {
      task_type: "Textual Entailment",
      domain: "News",
    });
    assert.equal(classifier.classifyAspect("domain", "flour and an oven"), "Food");
    assert.equal(classifier.classifyAspect("reasoning", "anything"), undefined);
  });

  it("round-trips through its JSON file, and rejects a file that is not one", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "classifier-"));
    const file = path.join(dir, "classifier.json");
    await saveClassifierModel(
      file,
      trainAspectClassifier([{ text: "cats", labels: { domain: ["Animals"] } }]),
    );
    assert.deepEqual((await loadRequestClassifier(file)).classify("cats"), { domain: "Animals" });
    const foreign = path.join(dir, "foreign.json");
    await writeFile(foreign, '{"routes": []}');
    await assert.rejects(loadRequestClassifier(foreign), UsageError);
  });

  it("beats the majority class on SNI tasks it was not built from (task-level held-out split)", async (t) => {
    const dataset = await openDataset(sharedFixture("sni"));
    const tasks = await loadTasks(dataset, dataset.tasks, 100);
    const test = tasks.filter((task) => isHeldOut(task.name, 0, 0.25));
    const train = tasks.filter((task) => !isHeldOut(task.name, 0, 0.25));
    assert.ok(test.length > 10 && train.length > 50);
    assert.ok(!test.some((task) => train.includes(task)));
    const evaluation = evaluateClassifier(train, test);
    for (const entry of evaluation.aspects) {
      t.diagnostic(
        `${entry.aspect}: ${(entry.accuracy * 100).toFixed(1)}% on ${entry.instances} held-out instances ` +
          `(${evaluation.testTasks} tasks; majority baseline ${(entry.majorityBaseline * 100).toFixed(1)}%)`,
      );
      assert.ok(entry.instances > 0);
      assert.ok(entry.accuracy > entry.majorityBaseline, `${entry.aspect} does not beat the majority class`);
    }
  });
});
