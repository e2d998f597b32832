import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { loadDefinitionVariants } from "../../../src/prompts/index.js";
import { runCli } from "../../cli-process.js";
import { sharedFixture } from "../../fixtures.js";

const TASKS = ["task020_mctaco_span_based_question", "task033_winogrande_answer_generation"];

function generateArgs(out: string, kind = "paraphrase"): string[] {
  return [
    "definitions",
    "generate",
    "--kind",
    kind,
    "--model",
    `llama-cpp:${sharedFixture("models", "llama-2-tiny-random.gguf")}`,
    "--data",
    sharedFixture("sni"),
    "--tasks",
    TASKS.join(","),
    "--max-new-tokens",
    "8",
    "--threads",
    "1",
    "--out",
    out,
    "--json",
  ];
}

describe("slm-eval definitions generate", () => {
  it("writes one variant per task in the kit layout, records its prompt, and resumes without asking again", async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), "slm-defs-")), "paraphrased_definitions.csv");
    const first = await runCli(generateArgs(out));
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual([JSON.parse(first.stdout).generated, JSON.parse(first.stdout).reused], [2, 0]);
    const variants = await loadDefinitionVariants(out, "paraphrased");
    assert.deepEqual([...variants.byTask.keys()].sort(), TASKS);
    assert.ok([...variants.byTask.values()].every((text) => text.length > 0));
    const meta = JSON.parse(await readFile(`${out}.meta.json`, "utf8"));
    assert.equal(meta.kind, "paraphrase");
    assert.match(meta.prompt.instruction, /Keep every piece of information/);
    assert.deepEqual(meta.decoding, { maxNewTokens: 8, temperature: 0 });

    const again = await runCli(generateArgs(out));
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual([JSON.parse(again.stdout).generated, JSON.parse(again.stdout).reused], [0, 2]);
    assert.equal(
      (await loadDefinitionVariants(out, "paraphrased")).sha256,
      variants.sha256,
      "file unchanged",
    );

    const otherKind = await runCli(generateArgs(out, "adversarial"));
    assert.equal(otherKind.code, 2);
    assert.match(otherKind.stderr, /was written with another kind \(paraphrase\); pass --restart/);
  });
});
