import type { FinishReason } from "../domain/provider.js";
import type { ResultsStore, StoreTransaction } from "./results-store.js";

/** A stored model response, reusable for an identical request (same model, prompt and decoding). */
export interface CachedResponse {
  key: string;
  modelSpec: string;
  text: string;
  promptTokens: number;
  completionTokens: number;
  finishReason: FinishReason;
}

export async function lookupResponses(
  store: ResultsStore,
  keys: readonly string[],
): Promise<Map<string, CachedResponse>> {
  const found = new Map<string, CachedResponse>();
  if (keys.length === 0) return found;
  const rows = await store.query(
    "SELECT * FROM response_cache WHERE cache_key IN (SELECT unnest($1::VARCHAR[]))",
    [keys],
  );
  for (const row of rows) {
    const key = String(row.cache_key);
    found.set(key, {
      key,
      modelSpec: String(row.model_spec),
      text: String(row.text),
      promptTokens: Number(row.prompt_tokens),
      completionTokens: Number(row.completion_tokens),
      finishReason: String(row.finish_reason) as FinishReason,
    });
  }
  return found;
}

export async function insertResponses(
  tx: StoreTransaction,
  responses: readonly CachedResponse[],
): Promise<void> {
  for (let start = 0; start < responses.length; start += 64) {
    const chunk = responses.slice(start, start + 64);
    const tuples = chunk.map((_, row) => {
      const params = Array.from({ length: 6 }, (_, i) => `$${row * 6 + i + 1}`);
      return `(${params.join(", ")}, current_timestamp)`;
    });
    await tx.execute(
      `INSERT INTO response_cache VALUES ${tuples.join(", ")} ON CONFLICT DO NOTHING`,
      chunk.flatMap((r) => [r.key, r.modelSpec, r.text, r.promptTokens, r.completionTokens, r.finishReason]),
    );
  }
}
