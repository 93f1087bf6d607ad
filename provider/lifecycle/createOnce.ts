/**
 * No object is made twice. A create is never repeated blindly: after a failure that may have reached the API, what the
 * request may have made is looked for first. And an object that an interrupted run left under this resource's
 * auto-name is taken over instead of being made again.
 */
import type { PaperspaceClient } from "../api/client";
import { PaperspaceError, RequestTimeoutError, mayHaveActed } from "../api/errors";
import type { MachineEvent, MachineEventName } from "../api/types";

/** An object being made, and the event to wait for (none for an object made at once). */
export interface Started<T> {
  object: T;
  event?: MachineEvent;
}

/** How long after a create request timed out to look for what it made. */
const TIMED_OUT_GRACE_MS = 5_000;

/** Objects made this long before an attempt still count as its own: clocks differ. */
const CLOCK_SLACK_MS = 5 * 60_000;

/** How many create requests an operation makes at most, each after looking for what the last one made. */
const CREATE_ATTEMPTS = 3;
const CREATE_BACKOFF_MS = 1_000;

/** True for a creation time that may belong to an attempt started at `since` (and for an object without one). */
export function madeSince(dtCreated: string | null | undefined, since: number): boolean {
  return !dtCreated || Date.parse(dtCreated) >= since - CLOCK_SLACK_MS;
}

/**
 * Creates once. After a failure that may have reached the API (a dropped connection, a timeout, a 5xx) it waits a
 * moment, looks for what the request may have made (`find`, given when the attempts started) and takes that; only if
 * nothing is there does it try again, three requests at most. Without `find`, such a failure is final.
 */
export async function createOnce<T>(
  what: string,
  create: () => Promise<T>,
  find?: (since: number) => Promise<T[]>,
): Promise<T> {
  const since = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      if (!find || !mayHaveActed(error) || attempt === CREATE_ATTEMPTS) throw error;
      // A request that timed out may still be acted on a moment later: give it that moment before looking.
      const pause = error instanceof RequestTimeoutError ? TIMED_OUT_GRACE_MS : CREATE_BACKOFF_MS * attempt;
      await new Promise((resolve) => setTimeout(resolve, pause));
      const found = await find(since);
      const reason = (error as Error).message;
      if (found.length === 1) {
        console.log(`${what}: the create request failed (${reason}) but the API made it; using it`);
        return found[0];
      }
      if (found.length > 1) {
        throw new PaperspaceError(
          `${what}: the create request failed (${reason}) and ${found.length} objects now match it; ` +
            "delete the extra ones, or set `adoptId` to the one to keep, and run `pulumi up` again.",
        );
      }
    }
  }
}

/** The newest event of this name on the machine since `since`: the one a create found after a failure started. */
export async function recentEvent(
  api: PaperspaceClient,
  machineId: string,
  name: MachineEventName,
  since: number,
): Promise<MachineEvent | undefined> {
  for await (const event of api.machineEvents.list({ machineId, order: "desc", limit: 20 })) {
    if (!madeSince(event.dtCreated, since)) return undefined;
    if (event.name === name) return event;
  }
  return undefined;
}

/**
 * The one object an interrupted run of this resource left, if any. A run killed after the create request reached the
 * API, and before the engine recorded its answer (or the end of its event), leaves an object the stack does not know.
 * An auto-name is this resource's own (derived from project, stack, type and name), so an object listed under it is
 * taken as that object, with the newest event of its kind to wait for where it is made by one. Objects with a name
 * the program gave are never guessed at (the caller checks).
 */
export async function leftBehind<T extends { id: string; name: string }>(
  api: PaperspaceClient,
  candidates: AsyncIterable<T>,
  name: string,
  event?: { machineOf: (object: T) => string; name: MachineEventName },
): Promise<Started<T> | undefined> {
  const found: T[] = [];
  for await (const object of candidates) if (object.name === name) found.push(object);
  if (found.length === 0) return undefined;
  if (found.length > 1) {
    throw new PaperspaceError(
      `${found.length} objects named "${name}" exist (${found.map((o) => o.id).join(", ")}); ` +
        "delete the extra ones, or set adoptId to the one to keep.",
    );
  }
  console.log(`Found ${found[0].id}, left by an interrupted run of this resource; taking it over`);
  if (!event) return { object: found[0] };
  return { object: found[0], event: await recentEvent(api, event.machineOf(found[0]), event.name, 0) };
}
