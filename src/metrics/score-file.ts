import { once } from "node:events";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, open, rename, rm, stat, truncate } from "node:fs/promises";
import path from "node:path";
import type { MetricScores } from "../domain/metric.js";
import { type NumberedLine, PairInputError, type PairRow, parsePairRow, readLines } from "./pairs-jsonl.js";
import type { BatchScorer } from "./scorers.js";

export interface ScoreFileOptions {
  input: string;
  output: string;
  scorers: readonly BatchScorer[];
  /** Pairs per batch handed to the scorers. Default 64. */
  batchSize?: number;
  /** Batches being scored at once; bounds memory. Default 4. */
  maxInFlight?: number;
  /** Continue from the rows already in `<output>.partial` (left by an interrupted or failed run) instead of anew. */
  resume?: boolean;
  onProgress?: (progress: ScoreProgress) => void;
}

export interface ScoreProgress {
  /** Rows in the output so far, resumed ones included. */
  pairs: number;
  bytesRead: number;
  totalBytes: number;
}

/** Where rows are written until the output is complete; kept when a run stops early, so it can resume. */
export function partialPathFor(output: string): string {
  return `${output}.partial`;
}

/**
 * Streams a pairs JSONL file through the scorers into a scores JSONL file: each output line is the input row with
 * the score keys added, in input order. Memory stays bounded by `batchSize * maxInFlight` rows. Rows go to
 * `<output>.partial`, renamed to the output once complete; a run that fails or is interrupted leaves the partial
 * file, and `resume` continues after its last complete row (checking that its ids match the input's).
 * Invalid lines throw PairInputError naming the line.
 */
export async function scoreJsonlFile(options: ScoreFileOptions): Promise<{ pairs: number; resumed: number }> {
  const batchSize = options.batchSize ?? 64;
  const maxInFlight = options.maxInFlight ?? 4;
  const totalBytes = (await stat(options.input)).size;
  await mkdir(path.dirname(options.output), { recursive: true });
  const partial = partialPathFor(options.output);
  const resuming = options.resume === true && existsSync(partial);
  if (resuming) await truncateAfterLastNewline(partial);
  const previous = resuming ? readLines(partial) : undefined;
  const keys = options.scorers.flatMap((scorer) => scorer.keys);
  const out = createWriteStream(partial, { encoding: "utf8", flags: resuming ? "a" : "w" });
  let writeError: Error | undefined;
  out.on("error", (error) => {
    writeError = error;
  });
  const outClosed = new Promise((resolve) => out.on("close", resolve));
  const queue: Array<Promise<string>> = [];
  let pairs = 0;
  let resumed = 0;
  let bytesRead = 0;

  const writeHead = async () => {
    const text = await (queue.shift() as Promise<string>);
    if (writeError !== undefined) throw writeError;
    if (!out.write(text)) await once(out, "drain");
    options.onProgress?.({ pairs, bytesRead, totalBytes });
  };

  try {
    let batch: PairRow[] = [];
    const submit = async () => {
      const rows = batch;
      batch = [];
      const pending = scoreRows(rows, options.scorers);
      // A rejection is observed when this batch reaches the head of the queue.
      pending.catch(() => {});
      queue.push(pending);
      while (queue.length >= maxInFlight) await writeHead();
    };
    let previousDone = previous === undefined;
    for await (const line of readLines(options.input)) {
      bytesRead = line.bytesRead;
      if (line.text.trim() === "") continue;
      const row = parsePairRow(line.text, options.input, line.number);
      pairs++;
      if (!previousDone) {
        const earlier = await (previous as AsyncGenerator<NumberedLine>).next();
        if (earlier.done !== true) {
          checkSameRow(earlier.value, partial, row, options.input, line.number, keys);
          resumed++;
          continue;
        }
        previousDone = true;
      }
      batch.push(row);
      if (batch.length >= batchSize) await submit();
    }
    if (!previousDone && (await (previous as AsyncGenerator<NumberedLine>).next()).done !== true) {
      throw new PairInputError(
        `${partial} has more rows than ${options.input}: it belongs to other input; delete it or run without --resume`,
      );
    }
    if (batch.length > 0) await submit();
    while (queue.length > 0) await writeHead();
    out.end();
    await outClosed;
    if (writeError !== undefined) throw writeError;
    await rename(partial, options.output);
  } catch (error) {
    await Promise.allSettled(queue);
    out.end();
    await outClosed;
    // Nothing to resume from: leave no empty file behind.
    if ((await stat(partial).catch(() => undefined))?.size === 0) await rm(partial, { force: true });
    throw error;
  } finally {
    await previous?.return(undefined);
  }
  return { pairs, resumed };
}

/** A resumed row must be the same input row, scored with the same score keys. */
function checkSameRow(
  earlier: NumberedLine,
  partial: string,
  row: PairRow,
  input: string,
  line: number,
  keys: readonly string[],
): void {
  let scored: Record<string, unknown> = {};
  try {
    scored = JSON.parse(earlier.text) as Record<string, unknown>;
  } catch {}
  const where = `${partial}:${earlier.number}`;
  const advice = "delete it or run without --resume";
  if (scored.id !== row.id) {
    throw new PairInputError(
      `${where}: id ${JSON.stringify(scored.id)} does not match ${input}:${line} (id ${JSON.stringify(row.id)}); ` +
        `the partial output belongs to other input: ${advice}`,
    );
  }
  const missing = keys.filter((key) => !(key in scored));
  if (missing.length > 0) {
    throw new PairInputError(
      `${where}: lacks ${missing.join(", ")}; it was scored with other metrics: ${advice}`,
    );
  }
}

/** Drops an incomplete last line (the run stopped while writing it). */
async function truncateAfterLastNewline(file: string): Promise<void> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const chunk = new Uint8Array(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) {
        end = start + newline + 1;
        break;
      }
      end = start;
    }
    if (end < size) await truncate(file, end);
  } finally {
    await handle.close();
  }
}

async function scoreRows(rows: readonly PairRow[], scorers: readonly BatchScorer[]): Promise<string> {
  // Only what scoring needs crosses to worker threads, not the rows' other fields.
  const pairs = rows.map((row) => ({ candidate: row.candidate, references: row.references }));
  const results: MetricScores[][] = await Promise.all(scorers.map((scorer) => scorer.score(pairs)));
  let text = "";
  rows.forEach((row, index) => {
    const scored: Record<string, unknown> = { ...row };
    for (const perScorer of results) Object.assign(scored, perScorer[index]);
    text += `${JSON.stringify(scored)}\n`;
  });
  return text;
}
