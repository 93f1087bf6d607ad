import type * as pulumi from "@pulumi/pulumi";
import type { PaperspaceClient } from "../api/client";
import type { AsyncResult, Snapshot as ApiSnapshot } from "../api/types";
import { waitForEvent } from "../api/waiter";
import type { SnapshotInputs, SnapshotOutputs } from "../resources/snapshot";
import { client, createOnce, plain, recentEvent, unlessNotFound } from "./common";
import * as fromMachine from "./fromMachine";
import { MINUTE, deadline } from "./timeouts";

export const TIMEOUTS = { create: 30 * MINUTE, update: 5 * MINUTE, delete: 15 * MINUTE };

export const check = (_olds: Partial<SnapshotInputs>, news: Partial<SnapshotInputs>) =>
  fromMachine.check<SnapshotInputs>(news);

export const diff = async (_id: string, olds: SnapshotOutputs, news: SnapshotInputs) => fromMachine.diff(olds, news);

const describe = (inputs: SnapshotInputs) => `snapshot "${inputs.name}" of machine ${inputs.machineId}`;

const snapshotsOf = (api: PaperspaceClient) => ({
  get: api.snapshots.get,
  delete: api.snapshots.delete,
  rename: (id: string, name: string) => api.snapshots.update(id, { name }),
});

export async function create(inputs: SnapshotInputs): Promise<pulumi.dynamic.CreateResult<SnapshotOutputs>> {
  const until = deadline(inputs.timeouts, "create", TIMEOUTS);
  const api = client(until);
  if (inputs.adoptId) {
    const adopted = await fromMachine.adopt("snapshot", inputs, snapshotsOf(api), (s) => s.machineId);
    return { id: adopted.id, outs: outputs(inputs, adopted) };
  }
  const candidates = api.snapshots.list({ machineId: inputs.machineId });
  const started =
    (await fromMachine.leftBehind(api, inputs, candidates, "snapshot-create")) ??
    (await createOnce(
      describe(inputs),
      () => api.snapshots.create({ machineId: inputs.machineId, name: inputs.name }),
      (since) => findMade(api, inputs, since),
    ));
  const record = (made: ApiSnapshot) => ({ ...outputs(inputs, made), __provider: inputs.__provider });
  await fromMachine.waitMade(api, snapshotsOf(api), started, { deadline: until, what: describe(inputs), record });
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
  const api = client(deadline(news.timeouts, "update", TIMEOUTS));
  return fromMachine.update(olds, news, (name) => snapshotsOf(api).rename(id, name), outputs);
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
