/** Each 429 sets the pace of request starts to this share of the rate the API had just been accepting. */
const PACE_CUT = 0.8;
/** Then the pace grows by this many requests per second, each second, probing for the API's rate. */
const PACE_INCREASE_PER_SECOND = 1;
/** The accepted rate is measured over the last second, when no hold was in it. */
const WINDOW_MS = 1_000;

/** What a throttle knows, as plain JSON (so that processes can keep one in a file): see Throttle. */
export interface ThrottleState {
  resumeAt: number;
  /** When the recent accepted answers came, for the rate the API allows. */
  accepted: number[];
  /** The pace (requests per second) set by the last 429, and when it starts to grow. null: not paced. */
  pace: number | null;
  paceSetAt: number;
  /** The earliest start of the next paced request. */
  nextStart: number;
  /** Counts the 429s: a place in the pace taken before one is void, since the hold moved everything. */
  holds: number;
  /** When the last 429 came (0: none). */
  lastLimitedAt: number;
}

/** One step of a wait: go now, or sleep; a request that took a place goes after the sleep unless a 429 came. */
export interface Step {
  sleepMs: number;
  placed: boolean;
  holds: number;
}

/**
 * What is known of the rate limit of one API and key, shared by every request to them.
 *
 * A 429 holds every request until the time the API gave (`Retry-After`, else a backoff), instead of each one finding
 * the limit on its own. After the hold, requests do not all go at once, which would only meet the limit again: they
 * start one after another at a pace of 80% of the rate the API had been accepting, which then grows by one request
 * per second each second until the next 429. A big stack so runs at about the rate the API allows, with few 429s.
 * Before the first 429 that follows accepted requests, nothing is paced.
 */
export class Throttle {
  readonly state: ThrottleState;

  constructor(state?: ThrottleState) {
    this.state = state ?? {
      resumeAt: 0,
      accepted: [],
      pace: null,
      paceSetAt: 0,
      nextStart: 0,
      holds: 0,
      lastLimitedAt: 0,
    };
  }

  /** An answer other than 429 came. */
  acceptedAt(time: number): void {
    this.state.accepted.push(time);
    this.forgetBefore(time - WINDOW_MS);
  }

  /** A 429 came: hold everything until `resumeAt`, then pace. */
  limitedAt(time: number, resumeAt: number): void {
    const s = this.state;
    // During a hold, a 429 answers a request sent before it, and says nothing new of the rate.
    if (time >= s.resumeAt) {
      this.forgetBefore(time - WINDOW_MS);
      const measurable = s.accepted.length > 0 && s.resumeAt <= time - WINDOW_MS;
      const acceptedRate = measurable ? (s.accepted.length * 1000) / WINDOW_MS : Infinity;
      const rate = Math.min(this.paceAt(time), acceptedRate);
      if (rate < Infinity) {
        s.pace = PACE_CUT * rate;
        s.paceSetAt = resumeAt;
      }
    }
    s.resumeAt = Math.max(s.resumeAt, resumeAt);
    s.nextStart = s.resumeAt;
    s.holds++;
    s.lastLimitedAt = Math.max(s.lastLimitedAt, time);
  }

  /** Resolves when a request may start: after any hold, and at its place in the pace. */
  async wait(): Promise<void> {
    for (;;) {
      const step = this.step(Date.now());
      if (step.sleepMs <= 0) return;
      await sleep(step.sleepMs);
      if (step.placed && this.state.holds === step.holds) return;
    }
  }

  /** Where a request that wants to start at `now` stands: during a hold it sleeps; when paced it takes a place. */
  step(now: number): Step {
    const s = this.state;
    if (now < s.resumeAt) return { sleepMs: s.resumeAt - now, placed: false, holds: s.holds };
    const pace = this.paceAt(now);
    if (pace === Infinity) return { sleepMs: 0, placed: false, holds: s.holds };
    const start = Math.max(now, s.nextStart);
    s.nextStart = start + 1000 / pace;
    return { sleepMs: start - now, placed: true, holds: s.holds };
  }

  /** Requests per second that may start at `time`. */
  paceAt(time: number): number {
    const { pace, paceSetAt } = this.state;
    if (pace === null) return Infinity;
    return pace + (PACE_INCREASE_PER_SECOND * Math.max(0, time - paceSetAt)) / 1000;
  }

  private forgetBefore(time: number): void {
    const kept = this.state.accepted.findIndex((at) => at >= time);
    this.state.accepted = kept < 0 ? [] : this.state.accepted.slice(kept);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
