import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { runCli } from "../../cli-process.js";
import { sharedFixture } from "../../fixtures.js";

const TINY = sharedFixture("models", "llama-2-tiny-random.gguf");
const SNI = sharedFixture("sni");

function experimentYaml(styles: string[]): string {
  return [
    "store: results.duckdb",
    "models:",
    `  - spec: llama-cpp:${TINY}`,
    "    label: tiny",
    "    threads: 1",
    `styles: [${styles.join(", ")}]`,
    "decoding:",
    "  max_new_tokens: 3",
    "  variants:",
    "    - name: greedy",
    "    - {name: top-k, top_k: 10, seeds: [1]}",
    "data:",
    `  dir: ${SNI}`,
    "  tasks: [task020_mctaco_span_based_question, task033_winogrande_answer_generation]",
    "  instances_per_task: 1",
    "metrics: {names: [exact_match]}",
  ].join("\n");
}

interface RunJson {
  runs: Array<{ slice: string; styleName: string; runId: string; skipped: number; generated: number }>;
}

describe("slm-eval run", () => {
  it("exits 2 naming the field and line of a bad experiment file, and starts nothing", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "slm-run-"));
    const file = path.join(dir, "study.yaml");
    await writeFile(
      file,
      experimentYaml(["0-def"]).replace("    threads: 1", "    threads: 1\n    colour: red"),
    );
    const result = await runCli(["run", file]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /study\.yaml:6: models\[0\]\.colour: unknown key "colour"/);
    assert.equal(existsSync(path.join(dir, "results.duckdb")), false, "no store was created");
  });

  it("exits 2 before loading a model when a definitions file lacks a selected task", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "slm-run-"));
    const file = path.join(dir, "study.yaml");
    await writeFile(
      path.join(dir, "adv.csv"),
      'id,definition,adversarial_definition\n"task999_other","d","v"\n',
    );
    await writeFile(
      file,
      `${experimentYaml(["0-def"])}\ndefinition_variants:\n  - {variant: adversarial, file: adv.csv}\n`,
    );
    const result = await runCli(["run", file]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /definition_variants\[0\]\.file: .*adv\.csv has no adversarial_definition for 2 selected task\(s\): task033_winogrande_answer_generation, task020_mctaco_span_based_question/,
    );
    assert.equal(existsSync(path.join(dir, "results.duckdb")), false, "no store was created");
  });

  it("reuses every prediction whose configuration is unchanged after the file is edited", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "slm-run-"));
    const file = path.join(dir, "study.yaml");
    await writeFile(file, experimentYaml(["0-def"]));
    const first = await runCli(["run", file, "--json"]);
    assert.equal(first.code, 0, first.stderr);
    const firstRuns = (JSON.parse(first.stdout) as RunJson).runs;
    assert.deepEqual(
      firstRuns.map((r) => [r.slice, r.styleName, r.generated]),
      [
        ["greedy", "0-def", 2],
        ["top-k", "0-def", 2],
      ],
    );

    await writeFile(file, `${experimentYaml(["0-def", "2-nodef"])}\nreport: {out: report}\n`);
    const second = await runCli(["run", file, "--json"]);
    assert.equal(second.code, 0, second.stderr);
    const secondRuns = (JSON.parse(second.stdout) as RunJson).runs;
    for (const before of firstRuns) {
      const after = secondRuns.find((r) => r.runId === before.runId);
      assert.ok(after, `run ${before.runId} is still planned with the same id`);
      assert.equal(after.skipped, 2, "its predictions are reused");
      assert.equal(after.generated, 0);
    }
    const page = await readFile(path.join(dir, "report", "index.html"), "utf8");
    // Two tasks: enough for a cluster-bootstrap interval over tasks.
    const value = (decoding: string) => `${decoding}: [\\d.]+ \\[[\\d.]+ – [\\d.]+\\]`;
    assert.match(
      page,
      new RegExp(`Greedy vs sampled decoding.*?${value("greedy")} · ${value("top-k=10")}`, "s"),
      "overall values with their 95% intervals",
    );
    assert.match(page, /<h4>Per entity<\/h4>.*greedy: [\d.]+/s, "the sampling study per entity");
    const added = secondRuns.filter((r) => r.styleName === "2-nodef");
    assert.deepEqual(
      added.map((r) => r.generated),
      [2, 2],
    );
  });
});
