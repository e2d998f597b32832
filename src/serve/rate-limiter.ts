export interface RateLimit {
  requestsPerMinute: number;
  /** Requests a client may send at once after being idle; defaults to requestsPerMinute. */
  burst?: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Past this many clients, buckets that have refilled completely are dropped: they hold nothing to remember. */
const MAX_TRACKED_CLIENTS = 10_000;

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * A token bucket per client (API key label, or client address without keys): it refills at
 * requestsPerMinute / 60 per second up to `burst`, and each request takes one token.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly perMs: number;

  constructor(
    limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = limit.burst ?? limit.requestsPerMinute;
    this.perMs = limit.requestsPerMinute / 60_000;
  }

  /** Clients with a bucket in memory. */
  get trackedClients(): number {
    return this.buckets.size;
  }

  take(client: string): RateDecision {
    const now = this.now();
    if (this.buckets.size >= MAX_TRACKED_CLIENTS) this.forgetRefilled(now);
    const bucket = this.buckets.get(client) ?? { tokens: this.capacity, updatedMs: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedMs) * this.perMs);
    bucket.updatedMs = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)),
    };
  }

  private forgetRefilled(now: number): void {
    for (const [client, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedMs) * this.perMs >= this.capacity) this.buckets.delete(client);
    }
  }
}
