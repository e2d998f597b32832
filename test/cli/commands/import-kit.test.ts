import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { runCli } from "../../cli-process.js";

const FOLDER =
  "pretrained--google--gemma-2b--positive_examples-2--add_definition-True--add_explanation-False" +
  "--add_paraphrased_definition-False--add_adversarial_definition-False--do_sample-False--top_k-None--top_p-None";

/** A kit predictions.csv as pandas writes it: quoted fields with commas, quotes and newlines; metrics 0–100. */
const CSV = [
  "prompt,candidate,reference,domains,categories,reasoning,input_language,output_language,instruction_language,bleu,rouge1,rouge2,rougeL",
  '"Define.\n\nNow complete the following task: \nInput: a, ""b""\nOutput: ",yes,yes,"News, Commonsense -> Concepts and Relations",Title Generation,,English,English,English,100.0,100.0,0.0,100.0',
  '"Define.\n\nNow complete the following task: \nInput: c\nOutput: ",no,maybe,Fiction,Textual Entailment,Deductive Reasoning,English,English,English,0.0,0.0,0.0,50.0',
].join("\n");

async function kitCheckout(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "slm-kit-"));
  await mkdir(path.join(root, "results", FOLDER), { recursive: true });
  await writeFile(path.join(root, "results", FOLDER, "predictions.csv"), `${CSV}\n`);
  return root;
}

describe("slm-eval import-kit", () => {
  it("imports each run folder once, with parameters from its name and metric values scaled to 0-1", async () => {
    const root = await kitCheckout();
    const store = path.join(root, "store.duckdb");
    const first = await runCli(["import-kit", root, "--store", store, "--json"]);
    assert.equal(first.code, 0, first.stderr);
    const [run] = JSON.parse(first.stdout) as {
      runId: string;
      label: string;
      style: string;
      predictions: number;
    }[];
    assert.equal(run?.label, "Gemma-2B");
    assert.equal(run?.style, "2-def");
    assert.equal(run?.predictions, 2);

    const again = await runCli(["import-kit", path.join(root, "results"), "--store", store]);
    assert.equal(again.code, 0, again.stderr);

    const out = path.join(root, "export.jsonl");
    const exported = await runCli(["export", "--store", store, "--format", "jsonl", "--out", out]);
    assert.equal(exported.code, 0, exported.stderr);
    const rows = (await readFile(out, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(rows.length, 2, "a second import adds nothing");
    assert.equal(rows[0]?.prompt, 'Define.\n\nNow complete the following task: \nInput: a, "b"\nOutput: ');
    assert.equal(rows[0]?.domains, "News, Commonsense -> Concepts and Relations");
    assert.deepEqual(rows[0]?.domain_entities, ["News", "Commonsense"]);
    assert.equal(rows[0]?.bleu, 1);
    assert.equal(rows[1]?.rougeL, 0.5);
    assert.equal(rows[1]?.reasoning, "Deductive Reasoning");
    assert.equal(rows[1]?.run_id, run?.runId);
  });

  it("rejects a folder without kit runs with exit code 2", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "slm-kit-empty-"));
    const result = await runCli(["import-kit", empty, "--store", path.join(empty, "s.duckdb")]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no <run>\/predictions.csv folders/);
  });

  it("rejects a run folder whose name does not carry the kit's parameters, naming the folder", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "slm-kit-bad-"));
    await mkdir(path.join(root, "results", "my-run"), { recursive: true });
    await writeFile(path.join(root, "results", "my-run", "predictions.csv"), `${CSV}\n`);
    const result = await runCli(["import-kit", root, "--store", path.join(root, "s.duckdb")]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /my-run: folder name/);
  });
});
