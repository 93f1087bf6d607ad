/**
 * What custom templates and snapshots share: both are made from a machine (`machineId`, which replaces), carry a
 * `name` (which updates in place), and are made by an asynchronous operation whose event must be waited for.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { PaperspaceClient } from "../api/client";
import { EventFailedError, OperationTimeoutError, PaperspaceError } from "../api/errors";
import type { AsyncResult } from "../api/types";
import { waitForEvent } from "../api/waiter";
import type { DynamicInputs } from "../resources/dynamic";
import {
  COMMON_KEYS,
  type CheckFailure,
  checkId,
  checkNameOrAutoName,
  checkTimeouts,
  isUnknown,
  unknownProperties,
} from "./check";
import {
  PartialCreateError,
  plain,
  recentEvent,
  settingsChanged,
  storedWithoutRequest,
  unlessNotFound,
} from "./common";

export interface FromMachineInputs extends DynamicInputs {
  machineId: string;
  name: string;
  autoName?: string;
}

const INPUT_KEYS = ["machineId", "name", "autoName", ...COMMON_KEYS];

/** `own` names the resource's further inputs, checked by the caller into `ownFailures`. */
export async function check<T extends FromMachineInputs>(
  news: Partial<T>,
  own: { keys: string[]; failures: CheckFailure[] } = { keys: [], failures: [] },
): Promise<pulumi.dynamic.CheckResult<T>> {
  const failures: CheckFailure[] = [
    ...unknownProperties(news, [...INPUT_KEYS, ...own.keys]),
    ...own.failures,
    ...checkId(news.machineId, "machineId"),
    ...checkNameOrAutoName(news),
    ...checkId(news.adoptId, "adoptId", { required: false }),
    ...checkTimeouts(news.timeouts),
  ];
  if (failures.length > 0) return { failures };
  return { inputs: plain({ ...news, name: news.name ?? news.autoName }) as T };
}

/** A new machine makes a new object (replace); a new name, or new `settings` such as timeouts, update in place. */
export function diff<T extends FromMachineInputs>(
  olds: T,
  news: T,
  settings: (keyof T)[] = [],
): pulumi.dynamic.DiffResult {
  const replaces = isUnknown(news.machineId) || news.machineId !== olds.machineId ? ["machineId"] : [];
  const updates = isUnknown(news.name) || news.name !== olds.name || settingsChanged(olds, news, settings);
  return { changes: replaces.length > 0 || updates, replaces, deleteBeforeReplace: false };
}

/**
 * What an earlier run of this resource left behind. A run killed between the create request and the end of its
 * event leaves an object the stack does not know; the next run must take it over, not make a second one. An
 * auto-name is this resource's own (derived from project, stack, type and name), so an object with the auto-name,
 * of the same machine, is taken as that object, with the newest event of its kind on the machine to wait for.
 * Objects with a name the program gave are never guessed at.
 */
export async function leftBehind<T extends { id: string; name: string }>(
  api: PaperspaceClient,
  inputs: FromMachineInputs,
  candidates: AsyncIterable<T>,
  eventName: "template-create" | "snapshot-create",
): Promise<Started<T> | undefined> {
  if (!inputs.autoName || inputs.name !== inputs.autoName) return undefined;
  const found: T[] = [];
  for await (const object of candidates) if (object.name === inputs.name) found.push(object);
  if (found.length === 0) return undefined;
  if (found.length > 1) {
    throw new PaperspaceError(
      `${found.length} objects named "${inputs.name}" exist on machine ${inputs.machineId} ` +
        `(${found.map((o) => o.id).join(", ")}); delete the extra ones, or set adoptId to the one to keep.`,
    );
  }
  const event = await recentEvent(api, inputs.machineId, eventName, 0);
  console.log(`Found ${found[0].id}, left by an interrupted run of this resource; taking it over`);
  return { data: found[0], event };
}

/** An object being made, and the event to wait for (none known for one an interrupted run left). */
export interface Started<T> {
  data: T;
  event: AsyncResult<T>["event"] | undefined;
}

/** The calls that reach one kind of object, for what is shared here. */
export interface ObjectApi<T> {
  get(id: string): Promise<T>;
  delete(id: string): Promise<unknown>;
}

/**
 * Waits for the event of an object being made. If the event fails, the API is meant to remove the half-made object;
 * this makes sure, so that nothing is left that would be billed, then reports the failure. If the wait times out,
 * the object still exists: it is recorded in the stack (`record` gives its properties), so that it is not orphaned.
 */
export async function waitMade<T extends { id: string }>(
  api: PaperspaceClient,
  objects: ObjectApi<T>,
  started: Started<T>,
  options: { deadline: number; what: string; record: (object: T) => Record<string, unknown> },
): Promise<void> {
  if (!started.event) return;
  try {
    await waitForEvent(api, started.event, options);
  } catch (error) {
    if (error instanceof EventFailedError && (await unlessNotFound(objects.get(started.data.id)))) {
      await unlessNotFound(objects.delete(started.data.id));
    }
    if (error instanceof OperationTimeoutError) {
      throw new PartialCreateError(started.data.id, options.record(started.data), error);
    }
    throw error;
  }
}

/**
 * Takes over an existing object: it must exist and be of the declared machine; the declared name is then applied.
 */
export async function adopt<T extends { name: string }>(
  kind: string,
  inputs: FromMachineInputs,
  objects: ObjectApi<T> & { rename(id: string, name: string): Promise<T> },
  machineOf: (object: T) => string,
): Promise<T> {
  const id = inputs.adoptId as string;
  const found = await unlessNotFound(objects.get(id));
  if (!found) throw new PaperspaceError(`adoptId: no ${kind} ${id} in the team of this API key.`);
  const machineId = machineOf(found);
  if (machineId !== inputs.machineId) {
    throw new PaperspaceError(
      `adoptId: ${kind} ${id} belongs to machine ${machineId}, but machineId is ${inputs.machineId}. ` +
        `Set machineId to ${machineId} to adopt it.`,
    );
  }
  return found.name === inputs.name ? found : objects.rename(id, inputs.name);
}

/** A rename is a PUT; an update that only changes timeouts (or `settings`) stores them without a request. */
export async function update<I extends FromMachineInputs, O extends I, T>(
  olds: O,
  news: I,
  rename: (name: string) => Promise<T>,
  outputs: (inputs: I, object: T) => O,
  settings: string[] = [],
): Promise<pulumi.dynamic.UpdateResult<O>> {
  if (news.name === olds.name) return { outs: storedWithoutRequest(olds, news as O, [...INPUT_KEYS, ...settings]) };
  return { outs: outputs(news, await rename(news.name)) };
}
