/**
 * The one schedule every wait of the package polls on: a machine event, a machine settling into a power state, a deleted
 * object going. The first pause is 0.25 s, each next one 1.4 times the last, up to 20 s, with ±10% jitter, so that many
 * waits started together do not read together. After a few readings each pause is a little over 40% of the time waited
 * so far (earlier it is more: the second is 140% of the first), so a wait sees its end soon after it comes: a 3 s event
 * is seen done in at most 6 readings and under 4.5 s.
 */
export const FIRST_POLL_MS = 250;
const BACKOFF = 1.4;
const MAX_POLL_MS = 20_000;

export interface Poll<T, R> {
  /** The reading to start from (the answer that started the wait); without it, the first reading is `read()`. */
  start?: { reading: T };
  read(): Promise<T>;
  /** What a reading ends the wait with, or `undefined` to read again. It may throw (an event that failed). */
  settle(reading: T): R | undefined | Promise<R | undefined>;
  /** When to give up (epoch ms). */
  deadline: number;
  /** The error at the deadline, from the last reading and the time waited. */
  timedOut(reading: T, waitedMs: number): Error;
  /** Each reading that does not end the wait, with the time waited so far: where progress is said. */
  pending?(reading: T, waitedMs: number): void;
  /**
   * The pause before the next reading, due at `dueAt` (`first`: the first pause). A shared poll may bring that reading
   * itself, sooner; `undefined` means read it. Without it, a sleep.
   */
  pause?(dueAt: number, first: boolean): Promise<T | undefined>;
}

/** Reads until a reading settles the wait, pausing on the schedule above, within the deadline. */
export async function poll<T, R>(wait: Poll<T, R>): Promise<R> {
  const since = Date.now();
  let reading = wait.start ? wait.start.reading : await wait.read();
  for (let delay = FIRST_POLL_MS; ; delay = Math.min(delay * BACKOFF, MAX_POLL_MS)) {
    const result = await wait.settle(reading);
    if (result !== undefined) return result;
    const now = Date.now();
    if (now >= wait.deadline) throw wait.timedOut(reading, now - since);
    wait.pending?.(reading, now - since);
    const dueAt = now + Math.max(0, Math.min(delay * (0.9 + Math.random() * 0.2), wait.deadline - now));
    const brought = wait.pause ? await wait.pause(dueAt, delay === FIRST_POLL_MS) : await sleepUntil(dueAt);
    reading = brought !== undefined ? brought : await wait.read();
  }
}

async function sleepUntil(at: number): Promise<undefined> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
  return undefined;
}
