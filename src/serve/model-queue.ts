/** The model's queue is full: the client should retry after a while (503 with Retry-After). */
export class QueueFullError extends Error {
  override readonly name = "QueueFullError";
}

/**
 * Admission control for one model: at most `concurrency` requests run, at most `maxQueue` wait (FIFO);
 * anything beyond that is refused at once rather than piling up memory and latency.
 */
export class ModelQueue {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly maxQueue: number,
  ) {}

  /** Requests waiting for a slot. */
  get depth(): number {
    return this.waiting.length;
  }

  get running(): number {
    return this.active;
  }

  /** Runs `work` when a slot is free. Throws QueueFullError when the queue is full, the signal's reason when aborted. */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.active < this.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueue) {
      return Promise.reject(new QueueFullError(`queue full (${this.maxQueue} waiting)`));
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason);
      };
      // The releasing request hands its slot over: `active` stays the same.
      const grant = (): void => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
