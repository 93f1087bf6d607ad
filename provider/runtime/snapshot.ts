import type * as pulumi from "@pulumi/pulumi";
import type { PaperspaceClient } from "../api/client";
import { EventFailedError, PaperspaceError } from "../api/errors";
import type { AsyncResult, Snapshot as ApiSnapshot } from "../api/types";
import { waitForEvent } from "../api/waiter";
import type { SnapshotInputs, SnapshotOutputs } from "../resources/snapshot";
import {
  COMMON_KEYS,
  type CheckFailure,
  checkId,
  checkNameOrAutoName,
  checkTimeouts,
  isUnknown,
  unknownProperties,
} from "./check";
import { client, createOnce, plain, recentEvent, timeoutsChanged, unlessNotFound } from "./common";
import { MINUTE, deadline } from "./timeouts";

export const TIMEOUTS = { create: 30 * MINUTE, update: 5 * MINUTE, delete: 15 * MINUTE };

const INPUT_KEYS = ["machineId", "name", "autoName", ...COMMON_KEYS];

export async function check(
  _olds: Partial<SnapshotInputs>,
  news: Partial<SnapshotInputs>,
): Promise<pulumi.dynamic.CheckResult<SnapshotInputs>> {
  const failures: CheckFailure[] = [
    ...unknownProperties(news, INPUT_KEYS),
    ...checkId(news.machineId, "machineId"),
    ...checkNameOrAutoName(news),
    ...checkId(news.adoptId, "adoptId", { required: false }),
    ...checkTimeouts(news.timeouts),
  ];
  if (failures.length > 0) return { failures };
  return {
    inputs: plain({ ...news, machineId: news.machineId as string, name: news.name ?? (news.autoName as string) }),
  };
}

export async function diff(
  _id: string,
  olds: SnapshotOutputs,
  news: SnapshotInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const replaces = isUnknown(news.machineId) || news.machineId !== olds.machineId ? ["machineId"] : [];
  const updates = isUnknown(news.name) || news.name !== olds.name || timeoutsChanged(olds, news);
  return { changes: replaces.length > 0 || updates, replaces, deleteBeforeReplace: false };
}

const describe = (inputs: SnapshotInputs) => `snapshot "${inputs.name}" of machine ${inputs.machineId}`;

export async function create(inputs: SnapshotInputs): Promise<pulumi.dynamic.CreateResult<SnapshotOutputs>> {
  const until = deadline(inputs.timeouts, "create", TIMEOUTS);
  const api = client(until);
  if (inputs.adoptId) return adopt(api, inputs);
  const started = await createOnce(
    describe(inputs),
    () => api.snapshots.create({ machineId: inputs.machineId, name: inputs.name }),
    (since) => findMade(api, inputs, since),
  );
  try {
    await waitForEvent(api, started.event, { deadline: until, what: describe(inputs) });
  } catch (error) {
    if (error instanceof EventFailedError) {
      // The API removes a failed snapshot; make sure nothing is left behind.
      if (await unlessNotFound(api.snapshots.get(started.data.id)))
        await unlessNotFound(api.snapshots.delete(started.data.id));
    }
    throw error;
  }
  return { id: started.data.id, outs: outputs(inputs, started.data) };
}

/**
 * Snapshots this attempt may have made: its name, of its machine, with a snapshot-create event since it started
 * (snapshots carry no creation time of their own).
 */
async function findMade(
  api: PaperspaceClient,
  inputs: SnapshotInputs,
  since: number,
): Promise<AsyncResult<ApiSnapshot>[]> {
  const event = await recentEvent(api, inputs.machineId, "snapshot-create", since);
  if (!event) return [];
  const found: AsyncResult<ApiSnapshot>[] = [];
  for await (const snapshot of api.snapshots.list({ machineId: inputs.machineId })) {
    if (snapshot.name === inputs.name) found.push({ data: snapshot, event });
  }
  return found;
}

async function adopt(
  api: PaperspaceClient,
  inputs: SnapshotInputs,
): Promise<pulumi.dynamic.CreateResult<SnapshotOutputs>> {
  const id = inputs.adoptId as string;
  const snapshot = await unlessNotFound(api.snapshots.get(id));
  if (!snapshot) throw new PaperspaceError(`adoptId: no snapshot ${id} in the team of this API key.`);
  if (snapshot.machineId !== inputs.machineId) {
    throw new PaperspaceError(
      `adoptId: snapshot ${id} is of machine ${snapshot.machineId}, but machineId is ${inputs.machineId}. ` +
        `Set machineId to ${snapshot.machineId} to adopt it.`,
    );
  }
  const current = snapshot.name === inputs.name ? snapshot : await api.snapshots.update(id, { name: inputs.name });
  return { id, outs: outputs(inputs, current) };
}

export async function read(
  id: string,
  props: SnapshotOutputs,
): Promise<pulumi.dynamic.ReadResult<SnapshotOutputs | SnapshotInputs>> {
  const snapshot = await unlessNotFound(client().snapshots.get(id));
  if (!snapshot) return {};
  const inputs: SnapshotInputs = plain({
    machineId: snapshot.machineId,
    name: snapshot.name,
    autoName: props.autoName,
    adoptId: props.adoptId,
    timeouts: props.timeouts,
  });
  return { id, props: outputs(inputs, snapshot), inputs };
}

export async function update(
  id: string,
  olds: SnapshotOutputs,
  news: SnapshotInputs,
): Promise<pulumi.dynamic.UpdateResult<SnapshotOutputs>> {
  if (news.name === olds.name) return { outs: plain({ ...olds, ...news, __provider: undefined }) };
  const updated = await client(deadline(news.timeouts, "update", TIMEOUTS)).snapshots.update(id, { name: news.name });
  return { outs: outputs(news, updated) };
}

/** Waits until the snapshot is really gone. */
export async function remove(id: string, props: SnapshotOutputs): Promise<void> {
  const until = deadline(props.timeouts, "delete", TIMEOUTS);
  const api = client(until);
  const deleting = await unlessNotFound(api.snapshots.delete(id));
  if (deleting) await waitForEvent(api, deleting.event, { deadline: until, what: `deletion of snapshot ${id}` });
}

function outputs(inputs: SnapshotInputs, snapshot: ApiSnapshot): SnapshotOutputs {
  return plain({
    ...inputs,
    __provider: undefined,
    machineId: snapshot.machineId,
    name: snapshot.name,
    isAutoSnapshot: snapshot.isAutoSnapshot,
  });
}
