import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { trainAspectClassifier } from "../../../src/route/aspect-classifier.js";
import { saveClassifierModel } from "../../../src/route/classifier-file.js";
import { parseServeConfig } from "../../../src/serve/config.js";
import { runCli } from "../../cli-process.js";
import { repoRoot, sharedFixture } from "../../fixtures.js";
import { SCENARIO } from "../../recommend/scenario.js";
import { writeSmallStore } from "../../recommend/small-store.js";

const cliArgs = fileURLToPath(import.meta.url).endsWith(".ts")
  ? ["--import", "tsx", path.join(repoRoot, "src", "cli", "main.ts")]
  : [path.join(repoRoot, "dist", "src", "cli", "main.js")];

/**
 * Runs `slm-eval serve --config FILE --port 0` until it listens, hands its URL to `use`, then stops it with
 * SIGTERM and waits for it to exit.
 */
async function withServe(config: string, use: (url: string) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, [...cliArgs, "serve", "--config", config, "--port", "0"], {
    cwd: repoRoot,
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
      exited.then((code) => reject(new Error(`serve exited with ${code} before listening:\n${stderr}`)));
    });
    await use(url);
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

describe("slm-eval route build (CLI)", () => {
  let dir: string;
  let store: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "route-cli-"));
    // The scenario's models, all served by the tiny fixture GGUF so serve can load the table for real.
    const gguf = `llama-cpp:${sharedFixture("models", "llama-2-tiny-random.gguf")}`;
    store = await writeSmallStore(dir, {
      ...SCENARIO,
      models: SCENARIO.models.map((model) => ({ ...model, spec: gguf })),
    });
  });

  it("writes a routing table that serve loads and routes by", async () => {
    const out = path.join(dir, "routes.yaml");
    const classifier = path.join(dir, "classifier.json");
    await saveClassifierModel(
      classifier,
      trainAspectClassifier([
        { text: "premise hypothesis entails", labels: { task_type: ["Textual Entailment"] } },
        { text: "title headline article", labels: { task_type: ["Title Generation"] } },
      ]),
    );
    const built = await runCli([
      "route",
      "build",
      "--store",
      store,
      "--metric",
      "rougeL",
      "--min-tasks",
      "2",
      "--out",
      out,
      "--classifier",
      classifier,
    ]);
    assert.equal(built.code, 0, built.stderr);
    const table = parse(await readFile(out, "utf8")) as {
      routes: Array<{ name: string; entity: string; models: string[]; style: string }>;
    };
    const entailment = table.routes.find((route) => route.entity === "Textual Entailment");
    assert.deepEqual(entailment?.models, ["Big", "Twin", "Small"]);
    assert.equal(entailment?.style, "0-def");
    // 0-def needs the task's definition; without --data the route goes without it, and the command says so.
    assert.match(built.stderr, /task_type=Textual Entailment: style 0-def needs a task definition/);

    await withServe(out, async (url) => {
      const response = await fetch(`${url}/v1/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-slm-task-type": "Textual Entailment" },
        body: JSON.stringify({ model: "auto", prompt: "A dog runs. / An animal moves.", max_tokens: 2 }),
      });
      assert.equal(response.status, 200, await response.clone().text());
      assert.equal(response.headers.get("x-slm-route"), "task_type:Textual Entailment");
      assert.equal(response.headers.get("x-slm-model"), "Big");
      await response.json();

      // No aspect named: the classifier the table names assigns one.
      const classified = await fetch(`${url}/v1/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "auto",
          prompt: "Does the premise entail the hypothesis?",
          max_tokens: 2,
        }),
      });
      assert.equal(classified.status, 200);
      assert.equal(classified.headers.get("x-slm-reason"), "classified task_type=Textual Entailment");
      await classified.json();
    });

    const replay = await runCli([
      "route",
      "evaluate",
      "--store",
      store,
      "--routes",
      out,
      "--metric",
      "rougeL",
      "--json",
    ]);
    assert.equal(replay.code, 0, replay.stderr);
    const evaluation = JSON.parse(replay.stdout) as {
      instances: number;
      singles: Array<{ model: string; score: number }>;
      routed: { score: number };
      oracle: { score: number };
      verdict: { message: string };
    };
    assert.equal(evaluation.instances, 12);
    assert.ok(evaluation.oracle.score >= evaluation.routed.score);
    assert.ok(evaluation.singles.every((single) => single.score <= evaluation.oracle.score));
    assert.match(evaluation.verdict.message, /router/);
  });

  it("rejects a routing table naming an unknown model with exit 2, naming file, line and field", async () => {
    const bad = path.join(dir, "bad.yaml");
    await writeFile(
      bad,
      "models:\n  - { name: a, spec: 'ollama:a' }\nroutes:\n  - { name: r, aspect: domain, entity: News, models: [b] }\n",
    );
    const result = await runCli([
      "route",
      "evaluate",
      "--store",
      store,
      "--routes",
      bad,
      "--metric",
      "rougeL",
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /bad\.yaml:4: routes\[0\]\.models\[0\]: unknown model "b"/);
  });

  it("builds from published tables only for models given a spec, and fails naming them when none is", async () => {
    const paper = path.join(dir, "paper.duckdb");
    const imported = await runCli(["import-reference", sharedFixture("paper-results"), "--store", paper]);
    assert.equal(imported.code, 0, imported.stderr);
    const result = await runCli(["route", "build", "--store", paper, "--out", path.join(dir, "none.yaml")]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no route can be built.*give --model-spec LABEL=SPEC/);

    const out = path.join(dir, "paper-routes.yaml");
    const mapped = await runCli([
      "route",
      "build",
      "--store",
      paper,
      "--model-spec",
      "Gemma-2B-I=ollama:gemma:2b",
      "--styles",
      "0-shot-only",
      "--out",
      out,
    ]);
    assert.equal(mapped.code, 0, mapped.stderr);
    const config = parseServeConfig(await readFile(out, "utf8"), out);
    assert.deepEqual(
      config.models.map((model) => [model.name, model.spec]),
      [["Gemma-2B-I", "ollama:gemma:2b"]],
    );
    assert.ok(config.routing.routes.length > 30);
    assert.ok(config.routing.routes.every((route) => route.style?.startsWith("0-")));
    assert.match(mapped.stderr, /left out \(no model spec.*Mistral-7B-I/);

    // Published tables hold no per-instance values: nothing to replay.
    const replay = await runCli(["route", "evaluate", "--store", paper, "--routes", out]);
    assert.equal(replay.code, 2);
    assert.match(replay.stderr, /no scored predictions to replay/);
  });

  it("rejects bad classifier options with exit 2", async () => {
    const heldOut = await runCli([
      "route",
      "classifier-eval",
      "--data",
      sharedFixture("sni"),
      "--held-out",
      "1",
    ]);
    assert.equal(heldOut.code, 2);
    assert.match(heldOut.stderr, /--held-out must be between 0 and 1/);
    const data = await runCli([
      "route",
      "classifier",
      "--data",
      path.join(dir, "no-sni"),
      "--out",
      path.join(dir, "c.json"),
    ]);
    assert.equal(data.code, 2);
    assert.match(data.stderr, /is not an SNI directory/);
  });
});
