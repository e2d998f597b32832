import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { loadDefinitionVariants } from "../../src/prompts/index.js";
import { ResultsStore } from "../../src/store/results-store.js";
import { runCli } from "../cli-process.js";
import { sharedFixture } from "../fixtures.js";

const TINY = `llama-cpp:${sharedFixture("models", "llama-2-tiny-random.gguf")}`;
const SNI = sharedFixture("sni");
const TASKS = ["task020_mctaco_span_based_question", "task033_winogrande_answer_generation"];
/** Fields that describe when and how fast a prediction was made, not what it is. */
const TIMING = new Set(["latency_ms", "created_at"]);

function studyYaml(): string {
  return [
    "name: e2e",
    "store: results.duckdb",
    "models:",
    `  - spec: ${TINY}`,
    "    label: tiny",
    "    threads: 1",
    "styles: all",
    "decoding:",
    "  max_new_tokens: 3",
    "  variants:",
    "    - name: greedy",
    "    - {name: top-k, top_k: 10, seeds: [7]}",
    "definition_variants:",
    "  - {variant: paraphrased, file: paraphrased_definitions.csv, styles: [0-def]}",
    "data:",
    `  dir: ${SNI}`,
    `  tasks: [${TASKS.join(", ")}]`,
    "  instances_per_task: 2",
    "metrics: {names: [exact_match, rouge]}",
  ].join("\n");
}

function generateArgs(out: string, kind: string): string[] {
  return [
    "definitions",
    "generate",
    "--kind",
    kind,
    "--model",
    TINY,
    "--data",
    SNI,
    "--tasks",
    TASKS.join(","),
    "--max-new-tokens",
    "6",
    "--threads",
    "1",
    "--out",
    out,
    "--json",
  ];
}

/** [generated, reused] of a `definitions generate --json` summary. */
function summaryCounts(stdout: string): [number, number] {
  const summary = JSON.parse(stdout) as { generated: number; reused: number };
  return [summary.generated, summary.reused];
}

async function exported(dir: string, store: string): Promise<Array<Record<string, unknown>>> {
  const out = path.join(dir, `${path.basename(store)}.jsonl`);
  const result = await runCli(["export", "--store", store, "--format", "jsonl", "--out", out]);
  assert.equal(result.code, 0, result.stderr);
  const rows = (await readFile(out, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !TIMING.has(key))));
  const key = (row: Record<string, unknown>) =>
    `${row.run_id}\t${row.task}\t${String(row.instance).padStart(6)}`;
  return rows.sort((a, b) => key(a).localeCompare(key(b)));
}

describe("an experiment sharded three ways and merged", () => {
  it("with a paraphrase file written (and resumed) by the same model, equals the unsharded run exactly: every prediction, prompt and metric value", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "slm-e2e-"));
    const definitions = path.join(dir, "paraphrased_definitions.csv");
    const generated = await runCli(generateArgs(definitions, "paraphrase"));
    assert.equal(generated.code, 0, generated.stderr);
    assert.deepEqual(summaryCounts(generated.stdout), [2, 0]);
    const variants = await loadDefinitionVariants(definitions, "paraphrased");
    assert.deepEqual([...variants.byTask.keys()].sort(), TASKS);
    const meta = JSON.parse(await readFile(`${definitions}.meta.json`, "utf8"));
    assert.equal(meta.kind, "paraphrase");
    assert.match(meta.prompt.instruction, /Keep every piece of information/);
    assert.deepEqual(meta.decoding, { maxNewTokens: 6, temperature: 0 });
    const resumed = await runCli(generateArgs(definitions, "paraphrase"));
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(summaryCounts(resumed.stdout), [0, 2], "a rerun asks the model for nothing");
    const otherKind = await runCli(generateArgs(definitions, "adversarial"));
    assert.equal(otherKind.code, 2);
    assert.match(otherKind.stderr, /was written with another kind \(paraphrase\); pass --restart/);
    assert.equal((await loadDefinitionVariants(definitions, "paraphrased")).sha256, variants.sha256);
    const study = path.join(dir, "study.yaml");
    await writeFile(study, studyYaml());

    const whole = await runCli(["run", study]);
    assert.equal(whole.code, 0, whole.stderr);
    const shards = await Promise.all(
      [1, 2, 3].map(async (i) => {
        const result = await runCli(["run", study, "--shard", `${i}/3`, "--json"]);
        assert.equal(result.code, 0, result.stderr);
        return JSON.parse(result.stdout) as { store: string; runs: Array<{ total: number }> };
      }),
    );
    assert.deepEqual(
      shards.map((s) => path.basename(s.store)),
      ["results.shard-1-of-3.duckdb", "results.shard-2-of-3.duckdb", "results.shard-3-of-3.duckdb"],
    );
    const perShard = shards.map((s) => s.runs.reduce((sum, run) => sum + run.total, 0));
    // 8 styles x 2 decodings + 1 paraphrased style, over 2 tasks x 2 instances.
    assert.equal(
      perShard.reduce((a, b) => a + b, 0),
      (8 * 2 + 1) * 4,
      "the shards split the work without overlap",
    );

    const merged = path.join(dir, "merged.duckdb");
    const merge = await runCli(["store", "merge", merged, ...shards.map((s) => s.store)]);
    assert.equal(merge.code, 0, merge.stderr);

    const expected = await exported(dir, path.join(dir, "results.duckdb"));
    const actual = await exported(dir, merged);
    assert.equal(expected.length, 68);
    assert.deepEqual(actual, expected);
    const definitionVariants = new Set(expected.map((row) => row.definition_variant));
    assert.deepEqual([...definitionVariants].sort(), ["original", "paraphrased"]);
    const store = await ResultsStore.open(merged, { mustExist: true });
    const configs = await store
      .query("SELECT config_json FROM runs WHERE definition_variant = 'paraphrased'")
      .finally(() => store.close());
    assert.equal(configs.length, 1);
    assert.deepEqual(JSON.parse(String(configs[0]?.config_json)).definitions, {
      file: definitions,
      sha256: variants.sha256,
    });

    const again = await runCli(["store", "merge", merged, shards[0]?.store ?? ""]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(await exported(dir, merged), expected, "merging a shard again adds nothing");
  });

  it("refuses a missing input store with exit 2", async () => {
    const result = await runCli([
      "store",
      "merge",
      path.join(tmpdir(), "never.duckdb"),
      "/nonexistent/x.duckdb",
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /store merge: \/nonexistent\/x\.duckdb: no such store file/);
  });
});
