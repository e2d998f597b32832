import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { runCli } from "../cli-process.js";
import { repoRoot } from "../fixtures.js";
import { tinyModelPath } from "../support/embedded-model.js";

/** The same entry point runCli uses: built CLI under dist/, the TypeScript source through tsx otherwise. */
const cliArgs = fileURLToPath(import.meta.url).endsWith(".ts")
  ? ["--import", "tsx", path.join(repoRoot, "src", "cli", "main.ts")]
  : [path.join(repoRoot, "dist", "src", "cli", "main.js")];

interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `slm-eval serve` and resolves once it prints the address it listens on. */
function startServeProcess(args: string[], env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...cliArgs, "serve", ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) resolve({ child, url, stderr: () => stderr, exited });
    });
    exited.then(({ code }) => reject(new Error(`serve exited with ${code} before listening:\n${stderr}`)));
  });
}

describe("slm-eval serve (CLI)", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "serve-cli-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("explains every option with examples in --help", async () => {
    const result = await runCli(["serve", "--help"]);
    assert.equal(result.code, 0);
    for (const flag of [
      "--config",
      "--model",
      "--host",
      "--port",
      "--api-key",
      "--max-tokens",
      "--rate-limit",
    ]) {
      assert.ok(result.stdout.includes(flag), `help lacks ${flag}`);
    }
    assert.match(result.stdout, /Examples:\n {2}slm-eval serve --model llama-cpp:/);
  });

  it("exits 2 naming the file, line and field of a bad config", async () => {
    const file = path.join(dir, "bad.yaml");
    await writeFile(file, "models:\n  - spec: llama-cpp:a.gguf\n  - spec: 3\n");
    const result = await runCli(["serve", "--config", file]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /bad\.yaml:3: models\[1\]\.spec: /);
  });

  it("exits 2 when given both or neither of --config and --model, or a bad port", async () => {
    const both = await runCli(["serve", "--config", "x.yaml", "--model", "llama-cpp:x.gguf"]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /either --config FILE or --model SPEC, not both/);
    const neither = await runCli(["serve"]);
    assert.equal(neither.code, 2);
    assert.match(neither.stderr, /nothing to serve/);
    const badPort = await runCli(["serve", "--model", "llama-cpp:x.gguf", "--port", "70000"]);
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /--port: expected an integer from 0 to 65535, got "70000"/);
  });

  it("serves the embedded model to the OpenAI client, never logs the key, and stops cleanly on SIGTERM", async () => {
    const key = "sk-cli-test-key-42";
    const server = await startServeProcess(
      ["--model", `llama-cpp:${tinyModelPath()}`, "--port", "0", "--max-tokens", "8", "--threads", "1"],
      { SLM_EVAL_API_KEY: key },
    );
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key, maxRetries: 0 });
      const chat = await client.chat.completions.create({
        model: "llama-2-tiny-random",
        messages: [{ role: "user", content: "Say something." }],
      });
      assert.equal(chat.model, "llama-2-tiny-random");
      assert.ok((chat.usage?.completion_tokens ?? 0) > 0 && (chat.usage?.completion_tokens ?? 0) <= 8);
      const unauthorized = await fetch(`${server.url}/v1/models`);
      assert.equal(unauthorized.status, 401);
    } finally {
      server.child.kill("SIGTERM");
    }
    const { code } = await server.exited;
    assert.equal(code, 0);
    assert.match(server.stderr(), /POST \/v1\/chat\/completions 200 model=llama-2-tiny-random/);
    assert.match(server.stderr(), /SIGTERM: finishing in-flight requests/);
    assert.ok(!server.stderr().includes(key), "the API key appeared in the server's output");
  });
});
