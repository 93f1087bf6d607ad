import { createHash } from "node:crypto";
import type { PaperspaceClient } from "../api/client";
import { NotFoundError, PaperspaceError, RequestTimeoutError, mayHaveActed } from "../api/errors";
import type { MachineEvent } from "../api/types";
import { providerContext } from "../context";

/**
 * A client built at call time from the configured credentials (nothing is captured into state), serving one
 * operation: it starts no retry after the operation's deadline.
 */
export function client(deadline?: number): PaperspaceClient {
  return providerContext.client(deadline);
}

/**
 * Inputs that only change how the provider works (`timeouts`, and per resource e.g. `powerOffMachine`): a change is
 * stored by an update that makes no request.
 */
export function settingsChanged<T extends object>(olds: T, news: T, keys: readonly (keyof T)[] = []): boolean {
  return (["timeouts", ...keys] as (keyof T)[]).some(
    (key) => JSON.stringify(olds[key] ?? null) !== JSON.stringify(news[key] ?? null),
  );
}

/**
 * What an update that makes no request stores: the new inputs, and the outputs the API gave before. An input the new
 * inputs no longer have (a dropped `timeouts`) is not kept from the old state, or every later diff would show it.
 */
export function storedWithoutRequest<T extends object>(olds: T, news: T, inputKeys: readonly string[]): T {
  const computed = Object.fromEntries(Object.entries(olds).filter(([key]) => !inputKeys.includes(key)));
  return plain({ ...computed, ...news, __provider: undefined }) as T;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** `outs` and `inputs` go through protobuf Struct, which rejects `undefined`: drop those keys. */
export function plain<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Thrown when an object was created but a follow-up step failed: the engine records the resource as
 * partially created (so it is neither leaked nor created twice) and the next `up` finishes the job.
 */
export class PartialCreateError extends Error {
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    cause: Error,
  ) {
    super(`${cause.message} (the object ${id} was created; the next \`pulumi up\` completes it)`);
    this.name = "PartialCreateError";
  }
  get reasons(): string[] {
    return [this.message];
  }
}

/** The API's answer, or `undefined` where it says 404. */
export async function unlessNotFound<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** How long after a create request timed out to look for what it made. */
const TIMED_OUT_GRACE_MS = 5_000;

/** Objects made this long before an attempt still count as its own: clocks differ. */
const CLOCK_SLACK_MS = 5 * 60_000;

/** True for a creation time that may belong to an attempt started at `since`. */
export function madeSince(dtCreated: string | null | undefined, since: number): boolean {
  return !dtCreated || Date.parse(dtCreated) >= since - CLOCK_SLACK_MS;
}

/** How many create requests an operation makes at most, each after looking for what the last one made. */
const CREATE_ATTEMPTS = 3;
const CREATE_BACKOFF_MS = 1_000;

/**
 * Creates an object once. A create is never repeated blindly: after a failure that may have reached the API (a
 * dropped connection, a timeout, a 5xx), it waits a moment, looks for what the request may have made and takes that;
 * only if nothing is there does it try again (at most three requests in all).
 */
export async function createOnce<T>(
  what: string,
  create: () => Promise<T>,
  find: (since: number) => Promise<T[]>,
): Promise<T> {
  const since = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      if (!mayHaveActed(error) || attempt === CREATE_ATTEMPTS) throw error;
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

/** The newest event of this name on the machine since `since`, for a create found after an ambiguous failure. */
export async function recentEvent(
  api: PaperspaceClient,
  machineId: string,
  name: MachineEvent["name"],
  since: number,
): Promise<MachineEvent | undefined> {
  for await (const event of api.machineEvents.list({ machineId, order: "desc", limit: 20 })) {
    if (!madeSince(event.dtCreated, since)) return undefined;
    if (event.name === name) return event;
  }
  return undefined;
}
