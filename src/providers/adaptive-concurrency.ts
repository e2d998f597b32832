/**
 * A concurrency limit that adapts to the server, AIMD-style (as TCP congestion control): an overload signal halves
 * the limit; every `limit` successes without overload raise it by one, back up to `max`. A cut counts once per
 * "generation": overload reported by a request that started before the last cut is not a new signal (those
 * requests were sent under the old limit), so one burst of 429s halves the limit once, not once per response.
 */
export class AdaptiveConcurrency {
  private current: number;
  private inFlight = 0;
  private successes = 0;
  private generation = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly max: number) {
    if (!(max >= 1)) throw new Error(`concurrency must be at least 1 (got ${max})`);
    this.current = max;
  }

  get limit(): number {
    return this.current;
  }

  get active(): number {
    return this.inFlight;
  }

  /** Waits for a permit; returns the generation to report back with `onOverload`. */
  async acquire(signal?: AbortSignal): Promise<number> {
    while (this.inFlight >= this.current) {
      signal?.throwIfAborted();
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal?.removeEventListener("abort", wake);
          resolve();
        };
        this.waiters.push(wake);
        signal?.addEventListener("abort", wake, { once: true });
      });
    }
    signal?.throwIfAborted();
    this.inFlight++;
    return this.generation;
  }

  release(): void {
    this.inFlight--;
    this.wakeAll();
  }

  onSuccess(): void {
    if (this.current >= this.max) return;
    this.successes++;
    if (this.successes >= this.current) {
      this.successes = 0;
      this.current++;
      this.wakeAll();
    }
  }

  /** `generation`: what `acquire` returned for the request that saw the overload. */
  onOverload(generation: number): void {
    if (generation !== this.generation) return;
    this.generation++;
    this.successes = 0;
    this.current = Math.max(1, Math.floor(this.current / 2));
  }

  private wakeAll(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
