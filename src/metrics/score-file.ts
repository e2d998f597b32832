import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { temporaryPathFor } from "../data/atomic-file.js";
import type { MetricScores } from "../domain/metric.js";
import { type PairRow, parsePairRow, readLines } from "./pairs-jsonl.js";
import type { BatchScorer } from "./scorers.js";

export interface ScoreFileOptions {
  input: string;
  output: string;
  scorers: readonly BatchScorer[];
  /** Pairs per batch handed to the scorers. Default 64. */
  batchSize?: number;
  /** Batches being scored at once; bounds memory. Default 4. */
  maxInFlight?: number;
  onProgress?: (progress: ScoreProgress) => void;
}

export interface ScoreProgress {
  pairs: number;
  bytesRead: number;
  totalBytes: number;
}

/**
 * Streams a pairs JSONL file through the scorers into a scores JSONL file: each output line is the input row with
 * the score keys added, in input order. Memory stays bounded by `batchSize * maxInFlight` rows. The output appears
 * only when complete (temporary file + rename); on any error the temporary file is removed.
 * Invalid lines throw PairInputError naming the line.
 */
export async function scoreJsonlFile(options: ScoreFileOptions): Promise<{ pairs: number }> {
  const batchSize = options.batchSize ?? 64;
  const maxInFlight = options.maxInFlight ?? 4;
  const totalBytes = (await stat(options.input)).size;
  await mkdir(path.dirname(options.output), { recursive: true });
  const temporary = temporaryPathFor(options.output);
  const out = createWriteStream(temporary, { encoding: "utf8" });
  let writeError: Error | undefined;
  out.on("error", (error) => {
    writeError = error;
  });
  const outClosed = new Promise((resolve) => out.on("close", resolve));
  const queue: Array<Promise<string>> = [];
  let pairs = 0;
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
    for await (const line of readLines(options.input)) {
      bytesRead = line.bytesRead;
      if (line.text.trim() === "") continue;
      batch.push(parsePairRow(line.text, options.input, line.number));
      pairs++;
      if (batch.length >= batchSize) await submit();
    }
    if (batch.length > 0) await submit();
    while (queue.length > 0) await writeHead();
    out.end();
    await outClosed;
    if (writeError !== undefined) throw writeError;
    await rename(temporary, options.output);
  } catch (error) {
    await Promise.allSettled(queue);
    out.destroy();
    await outClosed;
    await rm(temporary, { force: true });
    throw error;
  }
  return { pairs };
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
