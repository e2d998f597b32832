import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { runCli } from "../cli-process.js";
import { sharedFixture } from "../fixtures.js";

const TASK = "task1728_web_nlg_data_to_text";
const raw = JSON.parse(readFileSync(sharedFixture("sni", "tasks", `${TASK}.json`), "utf8")) as {
  Definition: string[];
  Categories: string[];
  Instances: Array<{ input: string; output: string[] }>;
};

describe("slm-eval data show", () => {
  it("prints a task's metadata, definition and its first instance", async () => {
    const result = await runCli(["data", "show", TASK, "--data", sharedFixture("sni")]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.startsWith(`${TASK}\n`));
    assert.match(result.stdout, new RegExp(`task types: +${raw.Categories.join("; ")}`));
    assert.match(result.stdout, new RegExp(`instances: +${raw.Instances.length}\\n`));
    assert.ok(result.stdout.includes((raw.Definition[0] ?? "").split("\n")[0] as string));
    assert.ok(result.stdout.includes(`Instance 0 (id ${TASK}-0):`));
    assert.ok(result.stdout.includes((raw.Instances[0]?.input ?? "").split("\n")[0] as string));
  });

  it("shows the instance at --instance, as JSON with --json", async () => {
    const result = await runCli([
      "data",
      "show",
      TASK,
      "--data",
      sharedFixture("sni"),
      "--instance",
      "3",
      "--json",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const shown = JSON.parse(result.stdout) as {
      name: string;
      instance: { id: string; input: string; outputs: string[] };
    };
    assert.equal(shown.name, TASK);
    assert.deepEqual(shown.instance, {
      id: `${TASK}-3`,
      index: 3,
      input: raw.Instances[3]?.input,
      outputs: raw.Instances[3]?.output,
    });
  });

  it("rejects an unknown task with exit 2, suggesting close names", async () => {
    const result = await runCli([
      "data",
      "show",
      "task1728_web_nlg_data_to_txt",
      "--data",
      sharedFixture("sni"),
    ]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /no task "task1728_web_nlg_data_to_txt".*closest: task1728_web_nlg_data_to_text/,
    );
  });

  it("rejects an instance position past the end with exit 2", async () => {
    const result = await runCli([
      "data",
      "show",
      TASK,
      "--data",
      sharedFixture("sni"),
      "--instance",
      "100000",
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`has ${raw.Instances.length} instances`));
  });
});
