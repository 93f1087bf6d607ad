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

export interface WaitOptions {
  /** Give up at this time (epoch ms): the resource's timeout for the operation. */
  deadline: number;
  /** What the event stands for, for messages: e.g. `template "golden" from machine ps123`. */
  what: string;
  /** Where progress goes; the Pulumi CLI shows a provider's console output. */
  log?: (line: string) => void;
}

/** A terminal reading: `done`, `error` or `cancelled` with an end time or a message (not the transient `error`). */
export function isSettled(event: MachineEvent): boolean {
  if (event.state === "done") return true;
  if (event.state === "error" || event.state === "cancelled") return event.dtFinished !== null || event.error !== null;
  return false;
}

/**
 * Polls a machine event until it is done. `error` and `cancelled` become an `EventFailedError` carrying the event's
 * id, name and message; the transient `error` reading with no message and no end time is waited out.
 */
export async function waitForEvent(
  client: PaperspaceClient,
  started: MachineEvent,
  { deadline, what, log = (line) => console.log(line) }: WaitOptions,
): Promise<MachineEvent> {
  const since = Date.now();
  let event = started;
  let delay = FIRST_POLL_MS;
  let reported = since + QUIET_MS - REPORT_EVERY_MS;
  while (!isSettled(event)) {
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
    await sleep(Math.min(delay * (0.9 + Math.random() * 0.2), deadline - now));
    delay = Math.min(delay * BACKOFF, MAX_POLL_MS);
    event = await client.machineEvents.get(started.id);
  }
  if (event.state !== "done") throw new EventFailedError(event.id, event.name, event.state, event.error, what);
  return event;
}

function seconds(ms: number): string {
  return ms < 60_000 ? `${Math.round(ms / 1000)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
