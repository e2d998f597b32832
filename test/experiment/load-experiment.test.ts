import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { UsageError } from "../../src/cli/errors.js";
import { loadExperiment, parseExperiment } from "../../src/experiment/load-experiment.js";
import { experimentSlices } from "../../src/experiment/slices.js";
import { sharedFixture } from "../fixtures.js";

const MODEL = "llama-cpp:hf:bartowski/SmolLM2-135M-Instruct-GGUF:Q4_K_M";

function parseError(text: string): string {
  try {
    parseExperiment(text, "study.yaml");
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    return error.message;
  }
  assert.fail("the experiment was accepted");
}

describe("experiment files", () => {
  it("fill in the paper's defaults: eight styles, greedy decoding, 512 new tokens, test split, 100 instances", () => {
    const experiment = parseExperiment(`models:\n  - spec: ${MODEL}\n`, "/studies/study.yaml");
    assert.equal(experiment.styles.length, 8);
    assert.deepEqual(experiment.styles.slice(0, 2), ["0-def", "0-nodef"]);
    assert.deepEqual(experiment.decoding.variants, [{ name: "greedy", temperature: 0, seeds: [0] }]);
    assert.equal(experiment.decoding.maxNewTokens, 512);
    assert.equal(experiment.data.split, "test");
    assert.equal(experiment.data.instancesPerTask, 100);
    assert.equal(experiment.store, path.resolve("/studies/results.duckdb"), "relative to the file's folder");
    assert.equal(experiment.data.dir, path.resolve("/studies/sni"));
  });

  it("read JSON as well as YAML, and the styles matrix", () => {
    const experiment = parseExperiment(
      JSON.stringify({ models: [{ spec: MODEL }], styles: { examples: [0, 8], definition: [false] } }),
      "study.json",
    );
    assert.deepEqual(experiment.styles, ["0-nodef", "8-nodef"]);
  });

  it("name the field and its line for a wrong type", () => {
    const message = parseError(
      `models:\n  - spec: ${MODEL}\n  - spec: ${MODEL}\n    label: b\n    concurrency: many\n`,
    );
    assert.match(message, /^experiment file study\.yaml:5: models\[1\]\.concurrency: /);
  });

  it("reject unknown keys by name, with their line", () => {
    const message = parseError(`models:\n  - spec: ${MODEL}\n    temprature: 0.7\n`);
    assert.match(message, /study\.yaml:3: models\[0\]\.temprature: unknown key "temprature"/);
    assert.match(parseError(`modles: []\n`), /modles: unknown key/);
  });

  it("reject a model spec the providers cannot parse, at models[i].spec", () => {
    const message = parseError(
      `models:\n  - spec: ${MODEL}\n  - spec: ${MODEL}\n    label: b\n  - spec: vllm:gemma\n`,
    );
    assert.match(message, /study\.yaml:5: models\[2\]\.spec: .*unknown provider "vllm"/);
  });

  it("reject two models with the same label", () => {
    const message = parseError(
      `models:\n  - spec: llama-cpp:./a.gguf\n    label: Gemma\n  - spec: llama-cpp:./b.gguf\n    label: Gemma\n`,
    );
    assert.match(message, /:5: models\[1\]\.label: label "Gemma" is already used by models\[0\]/);
  });

  it("reject bad style ids, top-k without sampling, and unknown decoding names", () => {
    assert.match(
      parseError(`models: [{spec: ${MODEL}}]\nstyles: [0-def, 3-maybe]\n`),
      /styles\[1\]: prompt style "3-maybe"/,
    );
    assert.match(
      parseError(
        `models: [{spec: ${MODEL}}]\ndecoding:\n  variants:\n    - {name: k, temperature: 0, top_k: 10}\n`,
      ),
      /decoding\.variants\[0\]\.temperature: top_k and top_p sample/,
    );
    assert.match(
      parseError(
        `models: [{spec: ${MODEL}}]\ndefinition_variants:\n  - {variant: paraphrased, file: p.csv, decodings: [greedy, beam]}\n`,
      ),
      /definition_variants\[0\]\.decodings\[1\]: no decoding variant is named "beam"/,
    );
    assert.match(
      parseError(`models: [{spec: ${MODEL}}]\nmetrics: {names: [bleu, cider]}\n`),
      /metrics\.names\[1\]: unknown metric "cider"/,
    );
  });

  it("report invalid YAML with its line", () => {
    assert.match(
      parseError(`models:\n  - spec: [unclosed\n`),
      /^experiment file study\.yaml:\d+: not valid YAML or JSON/,
    );
  });

  it("refuse an unreadable model file before anything starts", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "slm-exp-"));
    const file = path.join(dir, "study.yaml");
    await writeFile(
      file,
      `models:\n  - spec: llama-cpp:${sharedFixture("models", "llama-2-tiny-random.gguf")}\n  - spec: llama-cpp:./missing.gguf\ndata: {dir: ${sharedFixture("sni")}}\n`,
    );
    await assert.rejects(loadExperiment(file), /study\.yaml:3: models\[1\]\.spec: model file cannot be read/);
  });
});

describe("experiment slices", () => {
  it("expand decoding variants per seed, then definition variants under the first decoding at their styles", () => {
    const experiment = parseExperiment(
      [
        `models: [{spec: ${MODEL}}]`,
        "styles: [0-def, 8-nodef]",
        "decoding:",
        "  max_new_tokens: 64",
        "  variants:",
        "    - name: greedy",
        "    - {name: top-p, top_p: 0.9, seeds: [1, 2]}",
        "definition_variants:",
        "  - {variant: adversarial, file: adv.csv}",
      ].join("\n"),
      "/s/study.yaml",
    );
    const slices = experimentSlices(experiment);
    assert.deepEqual(
      slices.map((s) => [s.name, s.definitionVariant, s.styles.join(" "), s.decoding.seed]),
      [
        ["greedy", "original", "0-def 8-nodef", 0],
        ["top-p seed 1", "original", "0-def 8-nodef", 1],
        ["top-p seed 2", "original", "0-def 8-nodef", 2],
        ["adversarial greedy", "adversarial", "0-def", 0],
      ],
    );
    assert.deepEqual(slices[1]?.decoding, { maxNewTokens: 64, temperature: 1, topP: 0.9, seed: 1 });
    assert.equal(slices[3]?.definitionsFile, path.resolve("/s/adv.csv"));
  });
});
