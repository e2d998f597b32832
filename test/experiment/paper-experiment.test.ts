import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { parseExperiment } from "../../src/experiment/load-experiment.js";
import { experimentSlices } from "../../src/experiment/slices.js";
import { runCli } from "../cli-process.js";

describe("slm-eval init", () => {
  it("writes an experiment that validates and declares the paper's study", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "slm-init-"));
    const file = path.join(dir, "study.yaml");
    const result = await runCli(["init", "--out", file]);
    assert.equal(result.code, 0, result.stderr);
    const experiment = parseExperiment(await readFile(file, "utf8"), file);

    assert.equal(experiment.models.length, 10);
    assert.equal(new Set(experiment.models.map((m) => m.label)).size, 10);
    assert.equal(experiment.models.filter((m) => m.kind === "instruction-tuned").length, 5);
    assert.ok(experiment.models.every((m) => m.spec.startsWith("llama-cpp:hf:")));
    assert.deepEqual(experiment.styles, [
      "0-def",
      "0-nodef",
      "2-def",
      "2-nodef",
      "4-def",
      "4-nodef",
      "8-def",
      "8-nodef",
    ]);
    assert.deepEqual(
      experiment.decoding.variants.map((v) => [v.name, v.temperature, v.topK, v.topP]),
      [
        ["greedy", 0, undefined, undefined],
        ["top-k", 1, 10, undefined],
        ["top-p", 1, undefined, 0.9],
      ],
    );
    const variantSlices = experimentSlices(experiment).filter((s) => s.definitionVariant !== "original");
    assert.deepEqual(
      variantSlices.map((s) => [s.definitionVariant, s.styles.join(","), s.decoding.temperature]),
      [
        ["paraphrased", "0-def", 0],
        ["adversarial", "0-def", 0],
      ],
    );
    assert.equal(experiment.data.instancesPerTask, 100);
  });

  it("refuses to overwrite an existing file without --force (exit 2)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "slm-init-"));
    const file = path.join(dir, "study.yaml");
    assert.equal((await runCli(["init", "--out", file])).code, 0);
    const again = await runCli(["init", "--out", file]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /study\.yaml: the file exists; pass --force/);
    assert.equal((await runCli(["init", "--out", file, "--force"])).code, 0);
  });
});
