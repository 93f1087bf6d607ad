import type { PaperspaceClient } from "./client";
import { EventFailedError, OperationTimeoutError } from "./errors";
import { poll } from "./poll";
import type { MachineEvent } from "./types";

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
  let reportedAt = QUIET_MS - REPORT_EVERY_MS;
  let ambiguousInARow = 0;
  const settle = async (event: MachineEvent): Promise<MachineEvent | undefined> => {
    if (event.state === "done") return event;
    if (!isAmbiguous(event)) {
      ambiguousInARow = 0;
      if (event.state === "error" || event.state === "cancelled")
        throw new EventFailedError(event.id, event.name, event.state, event.error, what);
      return undefined;
    }
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
    return undefined;
  };
  return poll({
    start: { reading: started },
    read: () => client.machineEvents.get(started.id),
    settle,
    deadline,
    timedOut: (event, waitedMs) =>
      new OperationTimeoutError(
        `Timed out after ${seconds(waitedMs)} waiting for ${what} (machine event ${event.id} is ${event.state}). ` +
          "Paperspace may still finish it: raise the resource's `timeouts`, then run `pulumi refresh` and `pulumi up`.",
      ),
    pending: (event, waitedMs) => {
      if (waitedMs - reportedAt < REPORT_EVERY_MS) return;
      log(
        `Waiting for ${what}: machine event ${event.id} (${event.name}) is ${event.state} after ${seconds(waitedMs)}`,
      );
      reportedAt = waitedMs;
    },
    // The process's shared poll answers sooner when it sees the event end, and never later than this wait's backoff;
    // an event it did not see is read here.
    pause: client.eventPoller && ((dueAt, first) => client.eventPoller!.next(started, dueAt, { first })),
  });
}

function seconds(ms: number): string {
  return ms < 60_000 ? `${Math.round(ms / 1000)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}
