/** Each 429 sets the pace of request starts to this share of the rate the API had just been accepting. */
const PACE_CUT = 0.8;
/** Then the pace grows by this many requests per second, each second, probing for the API's rate. */
const PACE_INCREASE_PER_SECOND = 1;
/** The accepted rate is measured over the last second, when no hold was in it. */
const WINDOW_MS = 1_000;

/**
 * What the process knows of the rate limit of one API and key, shared by every request to them.
 *
 * A 429 holds every request until the time the API gave (`Retry-After`, else a backoff), instead of each one finding
 * the limit on its own. After the hold, requests do not all go at once, which would only meet the limit again: they
 * start one after another at a pace of 80% of the rate the API had been accepting, which then grows by one request
 * per second each second until the next 429. A big stack so runs at about the rate the API allows, with few 429s.
 * Before the first 429 that follows accepted requests, nothing is paced.
 */
export class Throttle {
  private resumeAt = 0;
  /** When the recent accepted answers came, for the rate the API allows. */
  private accepted: number[] = [];
  /** The pace (requests per second) set by the last 429, and when it starts to grow. Infinity: not paced. */
  private pace = Infinity;
  private paceSetAt = 0;
  /** The earliest start of the next paced request. */
  private nextStart = 0;
  /** Counts the 429s: a place in the pace taken before one is void, since the hold moved everything. */
  private holds = 0;

  /** An answer other than 429 came. */
  acceptedAt(time: number): void {
    this.accepted.push(time);
    this.forgetBefore(time - WINDOW_MS);
  }

  /** A 429 came: hold everything until `resumeAt`, then pace. */
  limitedAt(time: number, resumeAt: number): void {
    // During a hold, a 429 answers a request sent before it, and says nothing new of the rate.
    if (time >= this.resumeAt) {
      this.forgetBefore(time - WINDOW_MS);
      const measurable = this.accepted.length > 0 && this.resumeAt <= time - WINDOW_MS;
      const acceptedRate = measurable ? (this.accepted.length * 1000) / WINDOW_MS : Infinity;
      const rate = Math.min(this.paceAt(time), acceptedRate);
      if (rate < Infinity) {
        this.pace = PACE_CUT * rate;
        this.paceSetAt = resumeAt;
      }
    }
    this.resumeAt = Math.max(this.resumeAt, resumeAt);
    this.nextStart = this.resumeAt;
    this.holds++;
  }

  /** Resolves when a request may start: after any hold, and at its place in the pace. */
  async wait(): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (now < this.resumeAt) {
        await sleep(this.resumeAt - now);
        continue;
      }
      const pace = this.paceAt(now);
      if (pace === Infinity) return;
      const start = Math.max(now, this.nextStart);
      this.nextStart = start + 1000 / pace;
      if (start <= now) return;
      const holds = this.holds;
      await sleep(start - now);
      // After a 429 that came meanwhile, this request waits for the hold and takes a new place.
      if (this.holds === holds) return;
    }
  }

  /** Requests per second that may start at `time`. */
  paceAt(time: number): number {
    return this.pace + (PACE_INCREASE_PER_SECOND * Math.max(0, time - this.paceSetAt)) / 1000;
  }

  private forgetBefore(time: number): void {
    const kept = this.accepted.findIndex((at) => at >= time);
    this.accepted = kept < 0 ? [] : this.accepted.slice(kept);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
