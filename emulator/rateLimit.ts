export interface RateLimitConfig {
  requestsPerSecond: number;
  burst: number;
}

/** A token bucket per API key: `burst` requests at once, refilled at `requestsPerSecond`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly config: RateLimitConfig,
    private readonly clock: () => number,
  ) {}

  /** Takes a token for this key: 0 when the request may go, else the seconds to wait (for `Retry-After`). */
  take(key: string): number {
    const now = this.clock();
    const { requestsPerSecond, burst } = this.config;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * requestsPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / requestsPerSecond));
  }
}
