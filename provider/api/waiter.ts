import type { PaperspaceClient } from "./client";
import { EventFailedError, OperationTimeoutError } from "./errors";
import type { MachineEvent } from "./types";

/**
 * Polling starts fast and backs off: 0.25 s, 0.35 s, 0.49 s, ... up to 20 s between polls (±10% jitter). Each wait is
 * at most 40% of the time waited so far, so an event is seen done soon after it is: a 3 s event in 5 or 6 polls and
 * under 4.5 s.
 */
const FIRST_POLL_MS = 250;
const BACKOFF = 1.4;
const MAX_POLL_MS = 20_000;
/** Say what is being waited for once a wait gets this long, then at this interval. */
const QUIET_MS = 5_000;
const REPORT_EVERY_MS = 15_000;

/**
 * What an event's object shows of its effect: `made` (done, as the event meant), `missing` (it will not be: a made
 * object that answers 404), or `pending` (not yet).
 */
export type Effect = "made" | "missing" | "pending";

export interface WaitOptions {
  /** Give up at this time (epoch ms): the resource's timeout for the operation. */
  deadline: number;
  /** What the event stands for, for messages: e.g. `template "golden" from machine ps123`. */
  what: string;
  /** Where progress goes; the Pulumi CLI shows a provider's console output. */
  log?: (line: string) => void;
  /** Looks at the event's object, to settle a reading of `error` with no message (see `waitForEvent`). */
  look?: () => Promise<Effect>;
}

/** An `error` with no message: the live API has been seen to end both successes and failures this way. */
function isAmbiguous(event: MachineEvent): boolean {
  return event.state === "error" && event.error === null;
}

/** How many ambiguous readings with no end time in a row, the object not made, make a failure (one is transient). */
const AMBIGUOUS_READINGS = 3;

/**
 * Polls a machine event until it is done. `error` with a message and `cancelled` become an `EventFailedError` carrying
 * the event's id, name and message. An `error` with no message is settled by the event's object, not by trusting
 * either reading: made is done; with an end time and the object not made (or missing) it failed; with no end time it
 * failed once the object is missing, or after three such readings in a row, and is waited out until then (it is also
 * the API's transient reading). Without an object to look at, an end time means done. Each decision is logged.
 */
export async function waitForEvent(
  client: PaperspaceClient,
  started: MachineEvent,
  { deadline, what, log = (line) => console.log(line), look }: WaitOptions,
): Promise<MachineEvent> {
  const since = Date.now();
  let event = started;
  let delay = FIRST_POLL_MS;
  let reported = since + QUIET_MS - REPORT_EVERY_MS;
  let ambiguousInARow = 0;
  for (;;) {
    if (event.state === "done") return event;
    if (isAmbiguous(event)) {
      const effect = look ? await look() : event.dtFinished !== null ? "made" : "pending";
      ambiguousInARow += 1;
      const ended = event.dtFinished !== null;
      const reading = `machine event ${event.id} (${event.name}) read error with no message${ended ? "" : " and no end time"}`;
      if (effect === "made") {
        log(`${what}: ${reading}; ${look ? "its object shows it done" : "it has an end time"}, so it is taken as done`);
        return { ...event, state: "done" };
      }
      if (ended || effect === "missing" || ambiguousInARow >= AMBIGUOUS_READINGS) {
        log(
          `${what}: ${reading}; ${effect === "missing" ? "its object is gone" : "its object does not show it done"}, so it is taken as failed`,
        );
        throw new EventFailedError(event.id, event.name, event.state, event.error, what);
      }
    } else {
      ambiguousInARow = 0;
      if (event.state === "error" || event.state === "cancelled")
        throw new EventFailedError(event.id, event.name, event.state, event.error, what);
    }
    const now = Date.now();
    if (now >= deadline) {
      throw new OperationTimeoutError(
        `Timed out after ${seconds(now - since)} waiting for ${what} (machine event ${event.id} is ${event.state}). ` +
          "Paperspace may still finish it: raise the resource's `timeouts`, then run `pulumi refresh` and `pulumi up`.",
      );
    }
    if (now - reported >= REPORT_EVERY_MS) {
      log(
        `Waiting for ${what}: machine event ${event.id} (${event.name}) is ${event.state} after ${seconds(now - since)}`,
      );
      reported = now;
    }
    const due = now + Math.max(0, Math.min(delay * (0.9 + Math.random() * 0.2), deadline - now));
    // The process's shared poll answers sooner when it sees the event end, and never later than this wait's backoff;
    // an event it did not see is read here.
    const seen = client.eventPoller
      ? await client.eventPoller.next(started, due, { first: delay === FIRST_POLL_MS })
      : await sleep(due - Date.now());
    delay = Math.min(delay * BACKOFF, MAX_POLL_MS);
    event = seen ?? (await client.machineEvents.get(started.id));
  }
}

function seconds(ms: number): string {
  return ms < 60_000 ? `${Math.round(ms / 1000)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
