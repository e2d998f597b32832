import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { repoRoot } from "../fixtures.js";

export interface ServeProcess {
  /** Base URL for OpenAI clients, ending in /v1. */
  baseURL: string;
  child: ChildProcess;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

/** The CLI as test/cli-process.ts runs it: the TypeScript source through tsx, or the build under dist/. */
const fromSource = fileURLToPath(import.meta.url).endsWith(".ts");
const cliArgs = fromSource
  ? ["--import", "tsx", path.join(repoRoot, "src", "cli", "main.ts")]
  : [path.join(repoRoot, "dist", "src", "cli", "main.js")];

/** Starts `slm-eval serve ARGS --port 0` and resolves once it prints the address it listens on. */
export async function startServe(args: string[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...cliArgs, "serve", ...args, "--port", "0"], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`slm-eval serve exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    baseURL: `${url.replace(/\/+$/, "")}/v1`,
    child,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}
