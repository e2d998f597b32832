import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import { UsageError } from "../../src/cli/errors.js";
import type { GenerationRequest } from "../../src/domain/provider.js";
import { buildPrompt } from "../../src/prompts/build-prompt.js";
import { buildStyles, formatStyleId, PAPER_STYLES } from "../../src/prompts/style-id.js";
import type { LlamaCppProvider } from "../../src/providers/llama-cpp.js";
import { parseModelSpec } from "../../src/providers/model-spec.js";
import {
  type OpenAICompatibleOptions,
  OpenAICompatibleProvider,
} from "../../src/providers/openai-compatible.js";
import { generateAll, openTinyModel } from "../support/embedded-model.js";
import { type Fault, type OpenAITestServerOptions, startOpenAITestServer } from "../support/openai-server.js";
import { fixtureTask } from "../support/sni-tasks.js";

const MODEL = "tiny-random";
const greedy = { maxNewTokens: 8, temperature: 0 };
/** Short waits so that retry tests stay fast; the policy itself is the same as in production. */
const FAST_CONCURRENCY = 4;
const fast: OpenAICompatibleOptions = {
  backoff: { baseMs: 5, maxMs: 40 },
  timeoutMs: 2_000,
  maxConcurrency: FAST_CONCURRENCY,
};

function requests(mode: "completion" | "chat", count: number): GenerationRequest[] {
  const task = fixtureTask("task1153_bard_analogical_reasoning_affordance", 4);
  const all: GenerationRequest[] = [];
  for (const style of buildStyles(PAPER_STYLES, { mode })) {
    for (const instance of task.instances) {
      const { prompt } = buildPrompt({ task, instance, style, seed: 3 });
      all.push({ id: `${formatStyleId(style)}/${instance.index}`, prompt, decoding: greedy });
    }
  }
  return all.slice(0, count);
}

function httpProvider(baseURLs: string[], options: OpenAICompatibleOptions = {}, apiKeyEnv?: string) {
  const spec = parseModelSpec(`openai-compatible:${baseURLs.join(",")}#${MODEL}`, {
    label: "Tiny-HTTP",
    ...(apiKeyEnv ? { apiKeyEnv } : {}),
  });
  if (spec.provider !== "openai-compatible") throw new Error("expected an HTTP spec");
  return new OpenAICompatibleProvider(spec, { ...fast, ...options });
}

/** A port nothing listens on: connections are refused. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("the OpenAI-compatible provider against `slm-eval serve` over the embedded model, behind a fault-injecting proxy", () => {
  let model: LlamaCppProvider;
  const servers: Array<{ close(): Promise<void> }> = [];
  const serve = async (options: Partial<OpenAITestServerOptions> = {}) => {
    const server = await startOpenAITestServer({ modelName: MODEL, ...options });
    servers.push(server);
    return server;
  };

  before(async () => {
    model = await openTinyModel();
  });
  after(async () => {
    for (const server of servers) await server.close();
    await model.close();
  });

  it("returns the model's own greedy outputs and token counts, in completion and chat mode", async () => {
    const server = await serve();
    const provider = httpProvider([server.baseURL]);
    assert.equal(provider.info.provider, "openai-compatible");
    assert.equal(provider.info.label, "Tiny-HTTP");
    for (const mode of ["completion", "chat"] as const) {
      const batch = requests(mode, 6);
      const direct = await generateAll(model, batch);
      const viaHttp = await generateAll(provider, batch);
      for (const request of batch) {
        const expected = direct.get(request.id);
        const actual = viaHttp.get(request.id);
        assert.ok(expected && actual);
        assert.equal(actual.text, expected.text, `${mode} ${request.id}`);
        assert.equal(actual.promptTokens, expected.promptTokens);
        assert.equal(actual.completionTokens, expected.completionTokens);
        assert.equal(actual.finishReason, "length");
        assert.equal(actual.attempts, 1);
      }
    }
  });

  it("completes every request despite 429s with Retry-After, 500s, hangs and connection resets", async () => {
    // Fault by attempt: first tries fail in rotating ways; every request succeeds by its fourth attempt.
    const plan: Array<Fault | undefined> = [
      { kind: "status", status: 429, retryAfterMs: 20 },
      { kind: "status", status: 500 },
      { kind: "reset" },
      { kind: "hang" },
      { kind: "status", status: 503, retryAfter: "0" },
      { kind: "status", status: 502 },
    ];
    const server = await serve({
      faults: ({ serial, attempt }) => (attempt <= 3 ? plan[(serial + attempt) % plan.length] : undefined),
    });
    const provider = httpProvider([server.baseURL], { timeoutMs: 400, maxRetries: 5 });
    const batch = requests("completion", 16);
    const clean = await generateAll(model, batch);
    const results = await generateAll(provider, batch);
    assert.equal(results.size, batch.length);
    for (const request of batch) {
      const result = results.get(request.id);
      assert.equal(result?.finishReason, "length", `${request.id}: ${result?.error ?? ""}`);
      assert.equal(result?.text, clean.get(request.id)?.text);
      assert.ok((result?.attempts ?? 0) >= 2 && (result?.attempts ?? 0) <= 6);
    }
    for (const kind of ["429", "500", "reset", "hang", "503", "502"]) {
      assert.ok((server.stats.faults[kind] ?? 0) > 0, `fault ${kind} was injected`);
    }
    // Bounded: at most maxRetries + 1 attempts per request reached the server.
    assert.ok(server.stats.requests <= batch.length * 6);
  });

  it("waits at least as long as Retry-After asks", async () => {
    const seen: number[] = [];
    const server = await serve({
      faults: ({ attempt }) => {
        seen.push(performance.now());
        return attempt === 1 ? { kind: "status", status: 429, retryAfterMs: 300 } : undefined;
      },
    });
    const results = await generateAll(httpProvider([server.baseURL]), requests("completion", 1));
    assert.equal([...results.values()][0]?.finishReason, "length");
    assert.equal(seen.length, 2);
    assert.ok((seen[1] ?? 0) - (seen[0] ?? 0) >= 290, "the retry came before the server's Retry-After");
  });

  it("records permanent 4xx errors without retrying them", async () => {
    const server = await serve({
      faults: ({ serial }) =>
        serial === 1 ? { kind: "status", status: 422, message: "invalid top_p" } : undefined,
    });
    const provider = httpProvider([server.baseURL]);
    const [first, second] = requests("completion", 2);
    assert.ok(first && second);
    const results = await generateAll(provider, [first]);
    assert.equal(results.get(first.id)?.finishReason, "error");
    assert.equal(results.get(first.id)?.attempts, 1);
    assert.match(results.get(first.id)?.error ?? "", /422.*invalid top_p/);
    // An unknown model name is a 404: also permanent.
    const wrongModel = parseModelSpec(`openai-compatible:${server.baseURL}#no-such-model`);
    assert.equal(wrongModel.provider, "openai-compatible");
    if (wrongModel.provider !== "openai-compatible") return;
    const missing = await generateAll(new OpenAICompatibleProvider(wrongModel, fast), [second]);
    assert.equal(missing.get(second.id)?.finishReason, "error");
    assert.equal(missing.get(second.id)?.attempts, 1);
    assert.match(missing.get(second.id)?.error ?? "", /404.*no-such-model/);
    assert.equal(server.stats.requests, 2);
  });

  it("with maxRetries 0 fails fast on the first retryable error", async () => {
    const server = await serve({ faults: () => ({ kind: "status", status: 500 }) });
    const results = await generateAll(
      httpProvider([server.baseURL], { maxRetries: 0 }),
      requests("completion", 3),
    );
    for (const result of results.values()) {
      assert.equal(result.finishReason, "error");
      assert.equal(result.attempts, 1);
      assert.match(result.error ?? "", /gave up after 1 attempt: HTTP 500/);
    }
    assert.equal(server.stats.requests, 3);
  });

  it("gives up after maxRetries + 1 attempts and says why", async () => {
    const server = await serve({ faults: () => ({ kind: "reset" }) });
    const results = await generateAll(
      httpProvider([server.baseURL], { maxRetries: 2 }),
      requests("completion", 2),
    );
    for (const result of results.values()) {
      assert.equal(result.finishReason, "error");
      assert.equal(result.attempts, 3);
      assert.match(result.error ?? "", /gave up after 3 attempts: connection error/);
    }
    assert.equal(server.stats.requests, 6);
  });

  it("reports a prompt beyond the server's context as context_overflow", async () => {
    const server = await serve();
    const results = await generateAll(httpProvider([server.baseURL]), [
      { id: "long", prompt: { mode: "completion", text: "word ".repeat(5000) }, decoding: greedy },
    ]);
    assert.equal(results.get("long")?.finishReason, "context_overflow");
    assert.equal(results.get("long")?.attempts, 1);
  });

  it("cuts concurrency when the server signals overload, and still completes everything", async () => {
    const server = await serve({
      faults: ({ inFlight }) =>
        inFlight > 2 ? { kind: "status", status: 429, retryAfterMs: 10 } : undefined,
    });
    const provider = httpProvider([server.baseURL], { maxConcurrency: 8, maxRetries: 20 });
    const batch = requests("completion", 24);
    let lowest = provider.concurrencyLimit;
    let completed = 0;
    for await (const result of provider.generate(batch)) {
      lowest = Math.min(lowest, provider.concurrencyLimit);
      if (result.finishReason === "length") completed++;
    }
    assert.equal(completed, batch.length);
    assert.ok(lowest <= 2, `the limit only went down to ${lowest}`);
    // Far fewer rejections than requests: the client stopped pushing past what the server takes.
    assert.ok((server.stats.faults["429"] ?? 0) < batch.length, `${server.stats.faults["429"]} rejections`);
  });

  it("balances several base URLs and routes around one that refuses connections", async () => {
    const a = await serve();
    const b = await serve();
    const batch = requests("completion", 12);
    const both = await generateAll(httpProvider([a.baseURL, b.baseURL]), batch);
    assert.equal(both.size, batch.length);
    assert.ok(a.stats.answered > 0 && b.stats.answered > 0, `a ${a.stats.answered}, b ${b.stats.answered}`);

    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    const before = a.stats.answered;
    const results = await generateAll(httpProvider([dead, a.baseURL], { endpointCooldownMs: 60_000 }), batch);
    for (const result of results.values()) assert.equal(result.finishReason, "length", result.error);
    assert.equal(a.stats.answered - before, batch.length);
    // Taken out after its first failures: later requests go straight to the live endpoint.
    const retried = [...results.values()].filter((result) => (result.attempts ?? 1) > 1).length;
    assert.ok(retried <= FAST_CONCURRENCY, `${retried} requests needed a retry`);
  });

  it("sends the decoding options, with top_k as an extra body field", async () => {
    const bodies: Array<Record<string, unknown>> = [];
    const server = await serve({
      faults: ({ body }) => {
        bodies.push(JSON.parse(body) as Record<string, unknown>);
        return undefined;
      },
    });
    const decoding = { maxNewTokens: 5, temperature: 0.7, topK: 10, topP: 0.9, seed: 11, stop: ["\n"] };
    const [completion] = requests("completion", 1);
    const [chat] = requests("chat", 1);
    assert.ok(completion && chat);
    const results = await generateAll(httpProvider([server.baseURL]), [
      { ...completion, decoding },
      { ...chat, id: "chat", decoding },
    ]);
    assert.equal(results.size, 2);
    for (const body of bodies) {
      assert.equal(body.model, MODEL);
      assert.equal(body.max_tokens, 5);
      assert.equal(body.temperature, 0.7);
      assert.equal(body.top_k, 10);
      assert.equal(body.top_p, 0.9);
      assert.equal(body.seed, 11);
      assert.deepEqual(body.stop, ["\n"]);
    }
    assert.equal(bodies.filter((body) => typeof body.prompt === "string").length, 1);
    assert.equal(bodies.filter((body) => Array.isArray(body.messages)).length, 1);
  });

  it("stops sending when the caller aborts, and ends the batch without throwing", async () => {
    const server = await serve();
    const controller = new AbortController();
    const batch = requests("completion", 16);
    let received = 0;
    for await (const _ of httpProvider([server.baseURL], { maxConcurrency: 1 }).generate(
      batch,
      controller.signal,
    )) {
      received++;
      if (received === 2) controller.abort();
    }
    assert.ok(received >= 2 && received < batch.length);
    assert.ok(server.stats.requests < batch.length);
  });

  it("sends the API key from the named environment variable and never reveals it in errors", async () => {
    const server = await serve({ apiKey: "sk-test-right" });
    const env = { TEST_LLM_KEY: "sk-test-right" };
    const spec = parseModelSpec(`openai-compatible:${server.baseURL}#${MODEL}`, {
      apiKeyEnv: "TEST_LLM_KEY",
    });
    if (spec.provider !== "openai-compatible") throw new Error("expected an HTTP spec");
    const ok = await generateAll(
      new OpenAICompatibleProvider(spec, { ...fast, env }),
      requests("completion", 1),
    );
    assert.equal([...ok.values()][0]?.finishReason, "length");
    assert.equal(server.stats.authorization.at(-1), "Bearer sk-test-right");

    const wrong = new OpenAICompatibleProvider(spec, {
      ...fast,
      env: { TEST_LLM_KEY: "sk-test-wrong-secret" },
    });
    const denied = [...(await generateAll(wrong, requests("completion", 1))).values()][0];
    assert.equal(denied?.finishReason, "error");
    assert.equal(denied?.attempts, 1);
    assert.match(denied?.error ?? "", /401/);
    assert.ok(!JSON.stringify(denied).includes("sk-test-wrong-secret"));
    assert.ok(!JSON.stringify(wrong.info).includes("sk-test"));

    assert.throws(
      () => new OpenAICompatibleProvider(spec, { env: {} }),
      (error: unknown) => error instanceof UsageError && /TEST_LLM_KEY is not set/.test(error.message),
    );
  });
});

describe("the OpenAI-compatible provider streaming (onText)", () => {
  it("does not retry once text has been streamed: a connection lost mid-answer is a final error", async () => {
    // The first try of the request streams through; the second is cut after serve's first event.
    const server = await startOpenAITestServer({
      modelName: MODEL,
      faults: ({ attempt }) => (attempt === 2 ? { kind: "cut-stream" } : undefined),
    });
    try {
      const provider = httpProvider([server.baseURL], { maxRetries: 3 });
      const [request] = requests("completion", 1);
      assert.ok(request);
      const whole: string[] = [];
      const clean = (await generateAll(provider, [{ ...request, onText: (text) => whole.push(text) }])).get(
        request.id,
      );
      assert.equal(clean?.finishReason, "length", clean?.error);
      assert.ok(whole.length > 1, "the answer came in several pieces");

      const pieces: string[] = [];
      const result = (await generateAll(provider, [{ ...request, onText: (text) => pieces.push(text) }])).get(
        request.id,
      );
      assert.deepEqual(pieces, whole.slice(0, 1));
      assert.equal(result?.finishReason, "error");
      assert.equal(result?.attempts, 1);
      assert.equal(server.stats.faults["cut-stream"], 1);
      assert.equal(server.stats.requests, 2, "no retry after text reached the caller");
    } finally {
      await server.close();
    }
  });
});
