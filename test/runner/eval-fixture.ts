import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ResultsStore } from "../../src/store/results-store.js";
import { sharedFixture } from "../fixtures.js";

/** A small, real evaluation: the tiny random GGUF over two fixture tasks, two styles, three instances each. */
export function smallEvalArgs(store: string, extra: string[] = []): string[] {
  return [
    "eval",
    "--model",
    `llama-cpp:${sharedFixture("models", "llama-2-tiny-random.gguf")}`,
    "--data",
    sharedFixture("sni"),
    "--tasks",
    "task020_mctaco_span_based_question,task033_winogrande_answer_generation",
    "--instances-per-task",
    "3",
    "--styles",
    "0-def,2-nodef",
    "--max-new-tokens",
    "4",
    "--threads",
    "1",
    "--store",
    store,
    ...extra,
  ];
}

/** Work items of {@link smallEvalArgs}: 2 tasks × 3 instances × 2 styles. */
export const SMALL_EVAL_ITEMS = 12;

export async function temporaryStoreFile(name = "results.duckdb"): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), "slm-eval-")), name);
}

export interface StoredCandidate {
  runId: string;
  task: string;
  instanceIndex: number;
  candidate: string;
}

/** Every stored prediction's key and candidate, in key order. */
export async function storedCandidates(file: string): Promise<StoredCandidate[]> {
  const store = await ResultsStore.open(file, { mustExist: true });
  try {
    const rows = await store.query(
      "SELECT run_id, task, instance_index, candidate FROM predictions ORDER BY run_id, task, instance_index",
    );
    return rows.map((row) => ({
      runId: String(row.run_id),
      task: String(row.task),
      instanceIndex: Number(row.instance_index),
      candidate: String(row.candidate),
    }));
  } finally {
    store.close();
  }
}
