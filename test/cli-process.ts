import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { repoRoot } from "./fixtures.js";

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI the tests drive: the built one when tests run from dist/ (npm test), the TypeScript source through tsx
 * when a test file is run directly with `node --import tsx --test test/....test.ts` during development.
 */
const fromSource = fileURLToPath(import.meta.url).endsWith(".ts");
const cliArgs = fromSource
  ? ["--import", "tsx", path.join(repoRoot, "src", "cli", "main.ts")]
  : [path.join(repoRoot, "dist", "src", "cli", "main.js")];

/** Runs the real `slm-eval` binary in a child process, as a user would. */
export function runCli(
  args: string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    input?: string;
    timeoutMs?: number;
    /** Close the read end of stdout at once, as `| head` does once it has read enough. */
    closeStdout?: boolean;
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cliArgs, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
      timeout: options.timeoutMs ?? 120_000,
    });
    let stdout = "";
    let stderr = "";
    if (options.closeStdout) child.stdout.destroy();
    else
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
      });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}
