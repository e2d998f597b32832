import type { Prediction } from "../domain/prediction.js";
import { insertPredictions } from "../store/predictions.js";
import { type CachedResponse, insertResponses } from "../store/response-cache.js";
import type { ResultsStore } from "../store/results-store.js";

export interface WriterOptions {
  /** Predictions per transaction. */
  batchSize: number;
  /** A partly filled batch is written after this long, so a kill loses little work. */
  maxDelayMs: number;
}

/**
 * Buffers predictions (with their cache entries) and writes each batch in one transaction: after a crash the store
 * holds whole batches only, and the unwritten items are simply generated again on resume.
 */
export class PredictionWriter {
  private predictions: Prediction[] = [];
  private responses: CachedResponse[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<void> = Promise.resolve();
  private failure: unknown;
  written = 0;

  constructor(
    private readonly store: ResultsStore,
    private readonly options: WriterOptions,
  ) {}

  add(prediction: Prediction, response?: CachedResponse): void {
    if (this.failure) throw this.failure;
    this.predictions.push(prediction);
    if (response) this.responses.push(response);
    if (this.predictions.length >= this.options.batchSize) {
      void this.flush();
    } else if (!this.timer) {
      // unref: a pending timer must not keep a failed process alive.
      this.timer = setTimeout(() => void this.flush(), this.options.maxDelayMs).unref();
    }
  }

  /** Writes whatever is buffered; resolves once everything added so far is committed. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const predictions = this.predictions;
    const responses = this.responses;
    this.predictions = [];
    this.responses = [];
    if (predictions.length > 0) {
      this.pending = this.pending.then(() =>
        this.store
          .transaction(async (tx) => {
            await insertPredictions(tx, predictions);
            await insertResponses(tx, responses);
          })
          .then(
            () => {
              this.written += predictions.length;
            },
            (error: unknown) => {
              this.failure = error;
            },
          ),
      );
    }
    return this.pending.then(() => {
      if (this.failure) throw this.failure;
    });
  }
}
