import { createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { temporaryPathFor } from "./atomic-file.js";
import { forEachConcurrently } from "./concurrency.js";
import { parseSplitText, splitFileRelativePath } from "./split-file.js";

/** Raw files of the public SNI repository. */
export const DEFAULT_SNI_BASE_URL = "https://raw.githubusercontent.com/allenai/natural-instructions/master/";

export interface PullOptions {
  dest: string;
  baseUrl?: string;
  split?: string;
  splitSet?: string;
  /** Extra attempts after the first for a failed request (network error, 5xx, 429, truncated body). */
  retries?: number;
  /** First backoff delay; doubled after each failed attempt. */
  retryDelayMs?: number;
  /** Downloads in flight at once. */
  concurrency?: number;
  onProgress?: (event: PullProgress) => void;
}

export type PullProgress =
  | { kind: "list"; tasks: number; alreadyComplete: number }
  | {
      kind: "file";
      task: string;
      status: "downloaded" | "skipped" | "failed";
      bytes: number;
      done: number;
      total: number;
    }
  | { kind: "retry"; url: string; attempt: number; delayMs: number; reason: string };

export interface PullResult {
  tasks: number;
  downloaded: number;
  skipped: number;
  bytes: number;
  failed: Array<{ task: string; reason: string }>;
}

/** The work could not be done: unreachable host, or a file the server does not have. */
export class PullError extends Error {
  override readonly name = "PullError";
}

/**
 * Downloads a split list and only that split's task files into `dest`, in the repository's layout. Files are
 * written atomically (temporary file + rename), so a file present under its final name is complete and a re-run
 * skips it: that is how an interrupted pull resumes.
 */
export async function pullSplit(options: PullOptions): Promise<PullResult> {
  const baseUrl = withTrailingSlash(options.baseUrl ?? DEFAULT_SNI_BASE_URL);
  const splitSet = options.splitSet ?? "default";
  const split = options.split ?? "test";
  const request = retrying(options);
  const splitFile = path.join(options.dest, splitFileRelativePath(splitSet, split));
  const splitUrl = new URL(
    `splits/${encodeURIComponent(splitSet)}/${encodeURIComponent(split)}_tasks.txt`,
    baseUrl,
  );

  if (!(await isComplete(splitFile))) {
    await download(request, splitUrl, splitFile).catch((error: Error) => {
      throw new PullError(
        `cannot get the split list ${splitUrl}: ${error.message}${offlineHint(error, baseUrl)}`,
      );
    });
  }
  const tasks = parseSplitText(await readFile(splitFile, "utf8"), splitFile).map((entry) => entry.task);
  const targets = tasks.map((task) => ({ task, file: path.join(options.dest, "tasks", `${task}.json`) }));
  const complete = await Promise.all(targets.map((target) => isComplete(target.file)));
  options.onProgress?.({
    kind: "list",
    tasks: tasks.length,
    alreadyComplete: complete.filter(Boolean).length,
  });

  const result: PullResult = { tasks: tasks.length, downloaded: 0, skipped: 0, bytes: 0, failed: [] };
  let done = 0;
  let lastNetworkError: Error | undefined;
  await forEachConcurrently(targets, options.concurrency ?? 4, async ({ task, file }, index) => {
    let status: "downloaded" | "skipped" | "failed" = "skipped";
    let bytes = 0;
    if (complete[index]) result.skipped++;
    else {
      try {
        bytes = await download(request, new URL(`tasks/${encodeURIComponent(task)}.json`, baseUrl), file);
        result.downloaded++;
        result.bytes += bytes;
        status = "downloaded";
      } catch (error) {
        if (isNetworkError(error)) lastNetworkError = error as Error;
        result.failed.push({ task, reason: (error as Error).message });
        status = "failed";
      }
    }
    done++;
    options.onProgress?.({ kind: "file", task, status, bytes, done, total: tasks.length });
  });
  if (lastNetworkError !== undefined && result.downloaded === 0 && result.failed.length > 0) {
    throw new PullError(
      `no task file could be downloaded from ${baseUrl}: ${lastNetworkError.message}${offlineHint(lastNetworkError, baseUrl)}`,
    );
  }
  return result;
}

type Requester = (url: URL) => Promise<Response>;

/** GET with retries: network errors, 5xx and 429 are retried with exponential backoff; other statuses fail. */
function retrying(options: PullOptions): Requester {
  const retries = options.retries ?? 4;
  const firstDelay = options.retryDelayMs ?? 1000;
  return async (url) => {
    for (let attempt = 0; ; attempt++) {
      let reason: string;
      let failure: Error;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
        if (response.ok) return response;
        await response.body?.cancel();
        reason = `HTTP ${response.status} ${response.statusText}`.trim();
        failure = new Error(`${url}: ${reason}`);
        if (response.status !== 429 && response.status < 500) throw failure;
      } catch (error) {
        if (!isNetworkError(error)) throw error;
        failure = error as Error;
        reason = networkReason(error);
      }
      if (attempt >= retries) throw failure;
      const delayMs = firstDelay * 2 ** attempt;
      options.onProgress?.({ kind: "retry", url: url.toString(), attempt: attempt + 1, delayMs, reason });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  };
}

/** Streams a URL into `file` through a temporary sibling; a body shorter than Content-Length is retried. */
async function download(request: Requester, url: URL, file: string): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  for (let truncatedAttempts = 0; ; truncatedAttempts++) {
    const response = await request(url);
    const temporary = temporaryPathFor(file);
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      if (response.body === null) throw new Error(`${url}: empty response`);
      await pipeline(
        Readable.fromWeb(response.body as WebReadableStream),
        counter,
        createWriteStream(temporary),
      );
      const expected = Number(response.headers.get("content-length") ?? Number.NaN);
      if (!Number.isNaN(expected) && bytes !== expected) {
        throw Object.assign(new Error(`${url}: received ${bytes} of ${expected} bytes`), { truncated: true });
      }
      await rename(temporary, file);
      return bytes;
    } catch (error) {
      await rm(temporary, { force: true });
      const truncated = (error as { truncated?: boolean }).truncated === true || isNetworkError(error);
      if (!truncated || truncatedAttempts >= 2) throw error;
    }
  }
}

async function isComplete(file: string): Promise<boolean> {
  const stats = await stat(file).catch(() => undefined);
  return stats?.isFile() === true && stats.size > 0;
}

const NETWORK_CODES = new Set([
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNREFUSED",
  "ECONNRESET",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** undici reports network failures as `TypeError: fetch failed` with the system error as cause. */
function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "TimeoutError" || error.name === "AbortError") return true;
  const code =
    (error.cause as NodeJS.ErrnoException | undefined)?.code ?? (error as NodeJS.ErrnoException).code;
  return (
    (code !== undefined && NETWORK_CODES.has(code)) ||
    error.message === "fetch failed" ||
    error.message === "terminated"
  );
}

function networkReason(error: unknown): string {
  const cause = (error as Error).cause as NodeJS.ErrnoException | undefined;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function offlineHint(error: Error, baseUrl: string): string {
  if (!isNetworkError(error)) return "";
  return (
    ` (${networkReason(error)}). The host ${new URL(baseUrl).host} cannot be reached: are you offline? ` +
    "Check the connection or --base-url; re-running the same command resumes where it stopped."
  );
}

function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
