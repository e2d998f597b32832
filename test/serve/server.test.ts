import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import OpenAI from "openai";
import type { OpenAIErrorBody } from "../../src/serve/api-error.js";
import { parseServeConfig } from "../../src/serve/config.js";
import { type RunningServe, startServe } from "../../src/serve/server.js";
import { ScriptedProvider } from "./scripted-provider.js";

const API_KEY = "sk-test-0123456789abcdef";

/** The body of an error response, which must be OpenAI's error object. */
async function errorOf(response: Response): Promise<OpenAIErrorBody> {
  return (await response.json()) as OpenAIErrorBody;
}

/** Specs must parse, but the test double stands in for every backend: nothing is loaded. */
const CONFIG = `
limits:
  maxBodyBytes: 4096
  maxTokens: 16
models:
  - name: alpha
    spec: llama-cpp:alpha
  - name: beta
    spec: llama-cpp:beta
  - name: slow
    spec: llama-cpp:slow
    concurrency: 1
    maxQueue: 0
  - name: fragile
    spec: llama-cpp:fragile
routes:
  - name: entailment
    aspect: task_type
    entity: Textual Entailment
    models: [beta, alpha]
    prompt:
      definition: Decide whether the second sentence follows from the first.
      examples:
        - { input: "A dog runs. / An animal moves.", output: "yes" }
  - name: news
    aspect: domain
    entity: News
    models: [alpha]
  - name: fiction
    aspect: domain
    entity: Fiction
    models: [fragile, alpha]
fallback:
  models: [alpha]
`;

describe("slm-eval serve over test-double backends", () => {
  let server: RunningServe;
  let client: OpenAI;
  const logs: string[] = [];
  let betaFails = false;
  let fragile: "works" | "fails" | "fails-after-text" = "works";
  const providers = {
    alpha: new ScriptedProvider("alpha"),
    beta: new ScriptedProvider("beta", { fails: () => betaFails }),
    slow: new ScriptedProvider("slow", { delayMs: 300 }),
    fragile: new ScriptedProvider("fragile", {
      fails: () => fragile === "fails",
      failsAfterText: () => fragile === "fails-after-text",
    }),
  };

  before(async () => {
    server = await startServe({
      config: parseServeConfig(CONFIG, "serve.yaml"),
      openProvider: async (model) => providers[model.name as keyof typeof providers],
      host: "127.0.0.1",
      port: 0,
      apiKeys: [API_KEY],
      log: (line) => logs.push(line),
    });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: API_KEY, maxRetries: 0 });
  });

  after(async () => {
    await server.close();
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json", ...headers },
      body,
    });

  describe("OpenAI-compatible endpoints", () => {
    it("answers a chat completion from the requested model, with usage and the routing headers", async () => {
      const { data, response } = await client.chat.completions
        .create({ model: "alpha", messages: [{ role: "user", content: "hello there" }] })
        .withResponse();
      assert.equal(data.object, "chat.completion");
      assert.equal(data.model, "alpha");
      assert.equal(data.choices[0]?.message.content, "alpha says: hello there");
      assert.equal(data.choices[0]?.finish_reason, "stop");
      assert.deepEqual(data.usage, { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 });
      assert.equal(response.headers.get("x-slm-model"), "alpha");
      assert.equal(response.headers.get("x-slm-route"), "direct");
      assert.equal(response.headers.get("x-slm-reason"), "requested model");
    });

    it("answers a text completion", async () => {
      const completion = await client.completions.create({ model: "beta", prompt: "Input: 2+2\nOutput:" });
      assert.equal(completion.object, "text_completion");
      assert.equal(completion.choices[0]?.text, "beta says: Input: 2+2\nOutput:");
    });

    it("streams a chat completion as OpenAI chunks whose content adds up to the non-streamed answer", async () => {
      const stream = await client.chat.completions.create({
        model: "alpha",
        messages: [{ role: "user", content: "stream me" }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let content = "";
      let contentChunks = 0;
      const finishReasons: Array<string | null> = [];
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) {
        assert.equal(chunk.object, "chat.completion.chunk");
        for (const choice of chunk.choices) {
          if (choice.delta.content) contentChunks++;
          content += choice.delta.content ?? "";
          finishReasons.push(choice.finish_reason);
        }
        if (chunk.usage) usage = chunk.usage;
      }
      assert.equal(content, "alpha says: stream me");
      assert.equal(contentChunks, 4, "one content chunk per word the backend streamed");
      assert.equal(finishReasons.at(-1), "stop");
      assert.equal(usage?.total_tokens, 5);
    });

    it("ends a stream with `data: [DONE]` and sends the routing headers with it", async () => {
      const response = await post(
        "/v1/completions",
        JSON.stringify({ model: "alpha", prompt: "x", stream: true }),
      );
      assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
      assert.equal(response.headers.get("x-slm-model"), "alpha");
      assert.equal(response.headers.get("x-slm-route"), "direct");
      const events = (await response.text()).trim().split("\n\n");
      assert.equal(events.at(-1), "data: [DONE]");
      const chunks = events.slice(0, -1).map((event) => JSON.parse(event.replace(/^data: /, "")));
      for (const chunk of chunks) assert.equal(chunk.object, "text_completion");
      assert.equal(chunks.map((chunk) => chunk.choices[0].text).join(""), "alpha says: x");
    });

    it("falls back to the next model when the first fails before streaming anything", async () => {
      fragile = "fails";
      try {
        const response = await post(
          "/v1/chat/completions",
          JSON.stringify({ model: "auto", messages: [{ role: "user", content: "once" }], stream: true }),
          { "x-slm-domain": "Fiction" },
        );
        assert.equal(response.status, 200);
        assert.equal(response.headers.get("x-slm-model"), "alpha");
        assert.match(response.headers.get("x-slm-reason") ?? "", /fallback after fragile error$/);
        const events = (await response.text()).trim().split("\n\n");
        assert.equal(events.at(-1), "data: [DONE]");
        const content = events
          .slice(0, -1)
          .map((event) => JSON.parse(event.replace(/^data: /, "")).choices[0].delta.content ?? "")
          .join("");
        assert.equal(content, "alpha says: once");
      } finally {
        fragile = "works";
      }
    });

    it("ends the stream with an OpenAI error event, not a fallback, when a model fails mid-answer", async () => {
      fragile = "fails-after-text";
      try {
        const response = await post(
          "/v1/chat/completions",
          JSON.stringify({ model: "auto", messages: [{ role: "user", content: "twice" }], stream: true }),
          { "x-slm-domain": "Fiction" },
        );
        assert.equal(response.status, 200);
        assert.equal(response.headers.get("x-slm-model"), "fragile");
        const events = (await response.text())
          .trim()
          .split("\n\n")
          .map((event) => JSON.parse(event.replace(/^data: /, "")));
        assert.deepEqual(
          events.map((event) => event.choices?.[0]?.delta.content),
          ["", "fragile ", undefined],
          "the role chunk, the one word streamed, then no more content",
        );
        const last = events.at(-1) as OpenAIErrorBody;
        assert.equal(last.error.code, "stream_interrupted");
        assert.match(
          last.error.message,
          /fragile failed after streaming part of its answer \(connection reset\)/,
        );

        const stream = await client.chat.completions.create(
          { model: "auto", messages: [{ role: "user", content: "again" }], stream: true },
          { headers: { "x-slm-domain": "Fiction" } },
        );
        await assert.rejects(
          async () => {
            for await (const _chunk of stream);
          },
          (error: unknown) => error instanceof OpenAI.APIError && /streaming part/.test(error.message),
        );
      } finally {
        fragile = "works";
      }
    });

    it("streams a text completion through the client", async () => {
      const stream = await client.completions.create({ model: "beta", prompt: "abc", stream: true });
      let text = "";
      for await (const chunk of stream) text += chunk.choices[0]?.text ?? "";
      assert.equal(text, "beta says: abc");
    });

    it("lists the served models and `auto`", async () => {
      const ids: string[] = [];
      for await (const model of client.models.list()) ids.push(model.id);
      assert.deepEqual(ids, ["alpha", "beta", "slow", "fragile", "auto"]);
      assert.equal((await client.models.retrieve("beta")).id, "beta");
    });

    it("caps max_tokens at the configured limit and decodes greedily unless told otherwise", async () => {
      await client.chat.completions.create({
        model: "alpha",
        messages: [{ role: "user", content: "cap" }],
        max_tokens: 1000,
      });
      const capped = providers.alpha.received.at(-1);
      assert.equal(capped?.decoding.maxNewTokens, 16);
      assert.equal(capped?.decoding.temperature, 0);
      await client.completions.create({
        model: "alpha",
        prompt: "p",
        max_tokens: 4,
        temperature: 0.7,
        stop: "\n",
      });
      const asked = providers.alpha.received.at(-1);
      assert.equal(asked?.decoding.maxNewTokens, 4);
      assert.equal(asked?.decoding.temperature, 0.7);
      assert.deepEqual(asked?.decoding.stop, ["\n"]);
    });

    it("serves /health without an API key", async () => {
      const response = await fetch(`${server.url}/health`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: "ok", models: ["alpha", "beta", "slow", "fragile"] });
    });
  });

  describe("errors", () => {
    it("rejects requests without or with a wrong API key with 401", async () => {
      const wrongKey = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "sk-wrong", maxRetries: 0 });
      await assert.rejects(wrongKey.models.list(), (error: unknown) => {
        assert.ok(error instanceof OpenAI.AuthenticationError);
        assert.equal(error.status, 401);
        assert.equal(error.code, "invalid_api_key");
        return true;
      });
      const noKey = await fetch(`${server.url}/metrics`);
      assert.equal(noKey.status, 401);
      const body = await errorOf(noKey);
      assert.equal(body.error.type, "invalid_request_error");
    });

    it("answers malformed JSON with a 400 OpenAI error object", async () => {
      const response = await post("/v1/chat/completions", "{not json");
      assert.equal(response.status, 400);
      const body = await errorOf(response);
      assert.deepEqual(Object.keys(body.error).sort(), ["code", "message", "param", "type"]);
      assert.equal(body.error.type, "invalid_request_error");
      assert.equal(body.error.code, "invalid_json");
    });

    it("names the offending field of a schema violation", async () => {
      await assert.rejects(
        client.chat.completions.create({
          model: "alpha",
          messages: [{ role: "wizard" as "user", content: "hi" }],
        }),
        (error: unknown) => {
          assert.ok(error instanceof OpenAI.BadRequestError);
          assert.equal(error.param, "messages[0].role");
          return true;
        },
      );
      const missing = await post("/v1/completions", JSON.stringify({ model: "alpha" }));
      assert.equal(missing.status, 400);
      assert.equal((await errorOf(missing)).error.param, "prompt");
    });

    it("refuses a body over the limit with 413", async () => {
      const response = await post(
        "/v1/completions",
        JSON.stringify({ model: "alpha", prompt: "x".repeat(5000) }),
      );
      assert.equal(response.status, 413);
      assert.equal((await errorOf(response)).error.code, "request_too_large");
    });

    it("answers an unknown model with 404 model_not_found", async () => {
      await assert.rejects(client.completions.create({ model: "gpt-9", prompt: "x" }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.NotFoundError);
        assert.equal(error.code, "model_not_found");
        return true;
      });
    });

    it("refuses with 503 and Retry-After when the model's queue is full", async () => {
      const first = client.completions.create({ model: "slow", prompt: "one" });
      while (providers.slow.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const second = await post("/v1/completions", JSON.stringify({ model: "slow", prompt: "two" }));
      assert.equal(second.status, 503);
      assert.equal(second.headers.get("retry-after"), "1");
      assert.equal((await errorOf(second)).error.code, "model_busy");
      assert.equal((await first).choices[0]?.text, "slow says: one");
    });
  });

  describe("routing", () => {
    it("routes `auto` by the task type in metadata, puts the route's prompt around the input", async () => {
      const { data, response } = await client.chat.completions
        .create({
          model: "auto",
          messages: [{ role: "user", content: "It rains. / The street is wet." }],
          metadata: { task_type: "Textual Entailment" },
        })
        .withResponse();
      assert.equal(response.headers.get("x-slm-route"), "entailment");
      assert.equal(response.headers.get("x-slm-model"), "beta");
      assert.equal(response.headers.get("x-slm-reason"), "task_type=Textual Entailment");
      assert.equal(data.model, "beta");
      const prompt = providers.beta.received.at(-1)?.prompt;
      assert.equal(prompt?.mode, "chat");
      const sent = prompt?.mode === "chat" ? (prompt.messages.at(-1)?.content ?? "") : "";
      assert.ok(sent.startsWith("Decide whether the second sentence follows from the first."));
      assert.ok(sent.includes("Input: A dog runs. / An animal moves.\nOutput: yes\n"));
      assert.ok(
        sent.endsWith("Now complete the following task: \nInput: It rains. / The street is wet.\nOutput: "),
      );
    });

    it("routes by the x-slm-* headers", async () => {
      const { response } = await client.completions
        .create({ model: "auto", prompt: "headline" }, { headers: { "x-slm-domain": "news" } })
        .withResponse();
      assert.equal(response.headers.get("x-slm-route"), "news");
      assert.equal(response.headers.get("x-slm-model"), "alpha");
    });

    it("sends requests matching no route to the fallback and says why", async () => {
      const { response } = await client.completions
        .create({ model: "auto", prompt: "?" }, { headers: { "x-slm-reasoning": "Temporal Reasoning" } })
        .withResponse();
      assert.equal(response.headers.get("x-slm-route"), "fallback");
      assert.equal(response.headers.get("x-slm-reason"), "no route for reasoning=Temporal Reasoning");
    });

    it("serves from the next model of the route when the first fails, and says so", async () => {
      betaFails = true;
      try {
        const { data, response } = await client.chat.completions
          .create({
            model: "auto",
            messages: [{ role: "user", content: "p" }],
            metadata: { task_type: "Textual Entailment" },
          })
          .withResponse();
        assert.equal(data.model, "alpha");
        assert.equal(response.headers.get("x-slm-model"), "alpha");
        assert.equal(response.headers.get("x-slm-route"), "entailment");
        assert.match(response.headers.get("x-slm-reason") ?? "", /fallback after beta error/);
      } finally {
        betaFails = false;
      }
    });

    it("answers 502 naming each model's failure when no model of the list can serve", async () => {
      betaFails = true;
      try {
        const response = await post("/v1/completions", JSON.stringify({ model: "beta", prompt: "p" }));
        assert.equal(response.status, 502);
        assert.equal(response.headers.get("x-slm-route"), "direct");
        const body = await errorOf(response);
        assert.equal(body.error.code, "upstream_failed");
        assert.match(body.error.message, /beta: connection refused/);
      } finally {
        betaFails = false;
      }
    });
  });

  describe("observability", () => {
    it("exposes request counts, latency histograms, tokens, errors and fallbacks in Prometheus text", async () => {
      const response = await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      assert.equal(response.status, 200);
      assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      assert.match(
        text,
        /^slm_serve_requests_total\{endpoint="\/v1\/chat\/completions",model="alpha",route="direct",status="200"\} [1-9]/m,
      );
      assert.match(
        text,
        /^slm_serve_request_duration_seconds_bucket\{le="\+Inf",endpoint="\/v1\/chat\/completions",model="alpha",route="entailment"\} [1-9]/m,
      );
      assert.match(text, /^slm_serve_tokens_total\{model="alpha",kind="completion"\} [1-9]/m);
      assert.match(
        text,
        /^slm_serve_errors_total\{endpoint="\/v1\/completions",model="none",route="none",type="invalid_request_error"\} [1-9]/m,
      );
      assert.match(text, /^slm_serve_fallbacks_total\{route="entailment",model="beta",reason="error"\} 1$/m);
      assert.match(text, /^slm_serve_process_resident_memory_bytes \d+/m);
    });

    it("logs every request without ever writing an API key", async () => {
      assert.ok(
        logs.some((line) =>
          line.startsWith("POST /v1/chat/completions 200 model=alpha route=direct client=key-1"),
        ),
      );
      assert.ok(logs.some((line) => line.startsWith("GET /v1/models 401")));
      for (const line of logs) {
        assert.ok(!line.includes(API_KEY) && !line.includes("sk-wrong"), `a log line holds a key: ${line}`);
      }
    });
  });
});

describe("per-key rate limit", () => {
  it("answers 429 with Retry-After once a key has used its burst", async () => {
    const config = parseServeConfig(
      "limits: { rateLimit: { requestsPerMinute: 6, burst: 2 } }\nmodels: [{ name: m, spec: llama-cpp:m }]\n",
      "serve.yaml",
    );
    const server = await startServe({
      config,
      openProvider: async () => new ScriptedProvider("m"),
      host: "127.0.0.1",
      port: 0,
      apiKeys: ["key-a", "key-b"],
      log: () => {},
    });
    try {
      const a = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "key-a", maxRetries: 0 });
      const b = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "key-b", maxRetries: 0 });
      await a.completions.create({ model: "m", prompt: "1" });
      await a.completions.create({ model: "m", prompt: "2" });
      await assert.rejects(a.completions.create({ model: "m", prompt: "3" }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.RateLimitError);
        assert.equal(error.headers.get("retry-after"), "10");
        return true;
      });
      // Another key has its own bucket.
      assert.equal((await b.completions.create({ model: "m", prompt: "1" })).choices[0]?.text, "m says: 1");
    } finally {
      await server.close();
    }
  });
});

describe("graceful shutdown", () => {
  it("finishes in-flight requests, refuses new connections and closes every model", async () => {
    const provider = new ScriptedProvider("m", { delayMs: 200 });
    const server = await startServe({
      config: parseServeConfig("models: [{ name: m, spec: llama-cpp:m }]\n", "serve.yaml"),
      openProvider: async () => provider,
      host: "127.0.0.1",
      port: 0,
      apiKeys: [],
      log: () => {},
    });
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "unused", maxRetries: 0 });
    const inFlight = client.completions.create({ model: "m", prompt: "last words" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = server.close();
    assert.equal((await inFlight).choices[0]?.text, "m says: last words");
    await closed;
    assert.equal(provider.closed, true);
    await assert.rejects(fetch(`${server.url}/health`));
  });
});
