import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ResultsStore } from "../../../src/store/results-store.js";
import { runCli } from "../../cli-process.js";
import { smallEvalArgs, storedCandidates, temporaryStoreFile } from "../../runner/eval-fixture.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../support/openai-server.js";

const API_KEY = "sk-test-secret-0123456789";

/** The small evaluation sent to an OpenAI-compatible server instead of the embedded model. */
function httpEvalArgs(baseURL: string, store: string, extra: string[] = []): string[] {
  const args = smallEvalArgs(store, extra);
  args[args.indexOf("--model") + 1] = `openai-compatible:${baseURL}#tiny`;
  return [...args, "--prompt-mode", "completion", "--api-key-env", "TEST_SERVER_KEY", "--concurrency", "2"];
}

describe("slm-eval eval against an OpenAI-compatible server", () => {
  let server: OpenAITestServer;

  before(async () => {
    // Every request body's first attempt fails (500, or 429 with Retry-After); the retry succeeds.
    server = await startOpenAITestServer({
      modelName: "tiny",
      apiKey: API_KEY,
      faults: ({ attempt, serial }) =>
        attempt > 1
          ? undefined
          : serial % 2 === 0
            ? { kind: "status", status: 429, retryAfter: "0" }
            : { kind: "status", status: 500 },
    });
  });
  after(async () => {
    await server.close();
  });

  it("stores every prediction through transient failures, the same as the embedded model's, and never the key", async () => {
    const store = await temporaryStoreFile();
    const result = await runCli(httpEvalArgs(server.baseURL, store), { env: { TEST_SERVER_KEY: API_KEY } });
    assert.equal(result.code, 0, result.stderr);
    assert.ok((server.stats.faults["500"] ?? 0) > 0 && (server.stats.faults["429"] ?? 0) > 0);

    const embedded = await temporaryStoreFile();
    assert.equal((await runCli(smallEvalArgs(embedded))).code, 0);
    const viaHttp = await storedCandidates(store);
    const local = await storedCandidates(embedded);
    assert.deepEqual(
      viaHttp.map((p) => [p.task, p.instanceIndex, p.candidate]),
      local.map((p) => [p.task, p.instanceIndex, p.candidate]),
    );

    const file = await ResultsStore.open(store, { mustExist: true });
    const leaks = await file.query(
      `SELECT (SELECT count(*) FROM runs WHERE contains(config_json, $1)) +
              (SELECT count(*) FROM predictions WHERE contains(prompt, $1) OR contains(candidate, $1)) +
              (SELECT count(*) FROM response_cache WHERE contains(cache_key, $1) OR contains(model_spec, $1)) AS n`,
      [API_KEY],
    );
    file.close();
    assert.equal(Number(leaks[0]?.n), 0);
    assert.doesNotMatch(result.stderr + result.stdout, new RegExp(API_KEY));
  });

  it("records a rejected API key as an error per prediction, and --retry-errors generates those again", async () => {
    const store = await temporaryStoreFile();
    const args = httpEvalArgs(server.baseURL, store, ["--styles", "0-def", "--json"]);
    const rejected = await runCli(args, { env: { TEST_SERVER_KEY: "wrong-key" } });
    assert.equal(rejected.code, 0, rejected.stderr);
    type Summary = { runs: { errors: number; total: number; skipped: number; generated: number }[] };
    const first = (JSON.parse(rejected.stdout) as Summary).runs[0];
    assert.equal(first?.errors, first?.total);
    assert.match(rejected.stderr, /--retry-errors/);

    const resumed = await runCli(args, { env: { TEST_SERVER_KEY: API_KEY } });
    assert.equal(
      (JSON.parse(resumed.stdout) as Summary).runs[0]?.skipped,
      first?.total,
      "errors count as done",
    );

    const retried = await runCli([...args, "--retry-errors"], { env: { TEST_SERVER_KEY: API_KEY } });
    assert.equal(retried.code, 0, retried.stderr);
    const again = (JSON.parse(retried.stdout) as Summary).runs[0];
    assert.deepEqual([again?.generated, again?.errors], [first?.total, 0]);
    assert.equal((await storedCandidates(store)).length, first?.total);
  });
});
