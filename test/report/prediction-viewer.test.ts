import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createViewerApp } from "../../src/report/prediction-viewer.js";
import { ResultsStore } from "../../src/store/results-store.js";
import { fillSyntheticStore, syntheticTaskEntities } from "../analysis/synthetic-store.js";
import { repoRoot } from "../fixtures.js";

const TASKS = 10;
const INSTANCES = 5;

describe("slm-eval view: predictions page by page", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "viewer-"));
  const storeFile = path.join(dir, "results.duckdb");
  let store: ResultsStore;

  before(async () => {
    store = await ResultsStore.open(storeFile);
    await fillSyntheticStore(store, {
      models: [{ label: "A", kind: "pretrained", quality: 0.5 }],
      styles: ["0-def", "8-nodef"],
      tasks: TASKS,
      instancesPerTask: INSTANCES,
    });
  });

  after(() => store.close());

  it("lists models and entities per aspect", async () => {
    const response = await createViewerApp(store, "bert_score_recall").request("/api/options");
    const options = (await response.json()) as { models: string[]; entities: Record<string, string[]> };
    assert.deepEqual(options.models, ["A"]);
    assert.ok(options.entities.reasoning?.includes("(none)"));
  });

  it("pages through every prediction of a model and entity, with scores", async () => {
    const app = createViewerApp(store, "bert_score_recall");
    const expected =
      Array.from({ length: TASKS }, (_, t) => t).filter((t) =>
        syntheticTaskEntities(t).domains.includes("News"),
      ).length *
      INSTANCES *
      2;
    const seen = new Set<string>();
    for (let page = 1; ; page++) {
      const response = await app.request(
        `/api/predictions?model=A&aspect=domains&entity=News&page=${page}&size=3`,
      );
      const body = (await response.json()) as {
        total: number;
        rows: Array<{ style: string; instanceId: string; value: unknown }>;
      };
      assert.equal(body.total, expected);
      for (const row of body.rows) {
        seen.add(`${row.style}/${row.instanceId}`);
        assert.equal(typeof row.value, "number");
      }
      if (body.rows.length < 3) break;
    }
    assert.equal(seen.size, expected);
    const filtered = await app.request("/api/predictions?model=A&aspect=domains&entity=News&style=8-nodef");
    const oneStyle = (await filtered.json()) as { total: number };
    assert.equal(oneStyle.total, expected / 2);
  });

  it("answers 400 to bad parameters", async () => {
    const app = createViewerApp(store, "bert_score_recall");
    const response = await app.request("/api/predictions?model=A&aspect=colours&entity=x");
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /aspect must be one of/);
    assert.equal(
      (await app.request("/api/predictions?model=A&aspect=domains&entity=x&size=1000")).status,
      400,
    );
  });

  it("serves on 127.0.0.1 and exits cleanly on SIGTERM", async () => {
    store.close();
    const fromSource = fileURLToPath(import.meta.url).endsWith(".ts");
    const args = fromSource
      ? ["--import", "tsx", path.join(repoRoot, "src", "cli", "main.ts")]
      : [path.join(repoRoot, "dist", "src", "cli", "main.js")];
    const child = spawn(process.execPath, [...args, "view", "--store", storeFile, "--port", "0"], {
      cwd: repoRoot,
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        out += chunk;
        const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (match) resolve(match[0]);
      });
      child.once("exit", (code) => reject(new Error(`view exited early with code ${code}`)));
    });
    const page = await fetch(url);
    assert.match(await page.text(), /<h1>Predictions<\/h1>/);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    store = await ResultsStore.open(storeFile);
  });
});
