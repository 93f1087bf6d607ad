import type * as pulumi from "@pulumi/pulumi";
import type { PaperspaceClient } from "../api/client";
import { PaperspaceError } from "../api/errors";
import type { MachineEvent } from "../api/types";
import { waitForEvent } from "../api/waiter";
import type { SnapshotRestoreInputs, SnapshotRestoreOutputs } from "../resources/snapshotRestore";
import { type CheckFailure, checkBoolean, checkId, checkTimeouts, isUnknown, typeOf, unknownProperties } from "./check";
import {
  PartialCreateError,
  client,
  createOnce,
  plain,
  recentEvent,
  settingsChanged,
  storedWithoutRequest,
  unlessNotFound,
} from "./common";
import { RestartFailedError, whileOff } from "./power";
import { MINUTE, deadline } from "./timeouts";

export const TIMEOUTS = { create: 60 * MINUTE, update: 60 * MINUTE, delete: MINUTE };

const INPUT_KEYS = ["snapshotId", "createSnapshotBeforeRestore", "powerOffMachine", "triggers", "timeouts"];
const SETTINGS = ["createSnapshotBeforeRestore", "powerOffMachine"] as const;

export async function check(
  _olds: Partial<SnapshotRestoreInputs>,
  news: Partial<SnapshotRestoreInputs>,
): Promise<pulumi.dynamic.CheckResult<SnapshotRestoreInputs>> {
  const failures: CheckFailure[] = [
    ...unknownProperties(news, INPUT_KEYS),
    ...checkId(news.snapshotId, "snapshotId"),
    ...checkBoolean(news.createSnapshotBeforeRestore, "createSnapshotBeforeRestore"),
    ...checkBoolean(news.powerOffMachine, "powerOffMachine"),
    ...checkTimeouts(news.timeouts),
  ];
  if (news.triggers !== undefined && !isUnknown(news.triggers) && !Array.isArray(news.triggers)) {
    failures.push({ property: "triggers", reason: `must be an array of values, got ${typeOf(news.triggers)}` });
  }
  if (failures.length > 0) return { failures };
  return {
    inputs: plain({
      ...news,
      snapshotId: news.snapshotId as string,
      createSnapshotBeforeRestore: news.createSnapshotBeforeRestore ?? false,
      powerOffMachine: news.powerOffMachine ?? false,
    }),
  };
}

const triggered = (olds: SnapshotRestoreInputs, news: SnapshotRestoreInputs) =>
  isUnknown(news.triggers) || JSON.stringify(olds.triggers ?? null) !== JSON.stringify(news.triggers ?? null);

/** Another snapshot replaces (a restore of it); new triggers update (restore again); options are stored. */
export async function diff(
  _id: string,
  olds: SnapshotRestoreOutputs,
  news: SnapshotRestoreInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const replaces = isUnknown(news.snapshotId) || news.snapshotId !== olds.snapshotId ? ["snapshotId"] : [];
  const changes = replaces.length > 0 || triggered(olds, news) || settingsChanged(olds, news, [...SETTINGS]);
  return { changes, replaces, deleteBeforeReplace: false };
}

/** Restores the snapshot onto its machine and waits for the event; answers the machine and the finished event. */
async function restore(
  api: PaperspaceClient,
  inputs: SnapshotRestoreInputs,
  until: number,
): Promise<{ machineId: string; event: MachineEvent }> {
  const snapshot = await unlessNotFound(api.snapshots.get(inputs.snapshotId));
  if (!snapshot) throw new PaperspaceError(`snapshotId: no snapshot ${inputs.snapshotId} in the team of this API key.`);
  const { machineId } = snapshot;
  const what = `restore of snapshot ${snapshot.id} onto machine ${machineId}`;
  const run = async () => {
    // A restore that may have reached the API is looked for (its event) before it is asked for again.
    const started = await createOnce(
      what,
      () => api.snapshots.restore(snapshot.id, { createSnapshotBeforeRestore: inputs.createSnapshotBeforeRestore }),
      async (since) => {
        const event = await recentEvent(api, machineId, "snapshot-restore", since);
        return event ? [{ data: snapshot, event }] : [];
      },
    );
    return waitForEvent(api, started.event, { deadline: until, what });
  };
  if (inputs.powerOffMachine) {
    const restoring = `the restore of snapshot ${snapshot.id}`;
    return { machineId, event: await whileOff(api, machineId, { deadline: until, what: restoring }, run) };
  }
  const machine = await api.machines.get(machineId);
  if (machine.state !== "off") {
    throw new PaperspaceError(
      `Cannot restore snapshot ${snapshot.id} onto machine ${machineId}: the machine is ${machine.state}, ` +
        "and Paperspace restores only onto a machine that is off. " +
        "Set `powerOffMachine: true` to have it stopped and started again around the restore, or stop it yourself.",
    );
  }
  return { machineId, event: await run() };
}

function outputs(inputs: SnapshotRestoreInputs, machineId: string, event: MachineEvent): SnapshotRestoreOutputs {
  return plain({
    ...inputs,
    __provider: undefined,
    machineId,
    eventId: event.id,
    restoredAt: event.dtFinished ?? new Date().toISOString(),
  });
}

/**
 * Restores, and answers the resource's outputs. If the machine could not be started again, the restore did happen:
 * it is recorded (so that it is not repeated) and the operation fails, so that the stopped machine is seen.
 */
async function restoreRecorded(
  inputs: SnapshotRestoreInputs,
  until: number,
  id?: string,
): Promise<{ id: string; outs: SnapshotRestoreOutputs }> {
  try {
    const { machineId, event } = await restore(client(), inputs, until);
    return { id: id ?? event.id, outs: outputs(inputs, machineId, event) };
  } catch (error) {
    if (!(error instanceof RestartFailedError)) throw error;
    const event = error.result as MachineEvent;
    const outs = outputs(inputs, error.machineId, event);
    throw new PartialCreateError(id ?? event.id, { ...outs, __provider: inputs.__provider }, error);
  }
}

export async function create(
  inputs: SnapshotRestoreInputs,
): Promise<pulumi.dynamic.CreateResult<SnapshotRestoreOutputs>> {
  return restoreRecorded(inputs, deadline(inputs.timeouts, "create", TIMEOUTS));
}

/** Nothing to read back: a restore is a past action. Its record stays as it is. */
export async function read(
  id: string,
  props: SnapshotRestoreOutputs,
): Promise<pulumi.dynamic.ReadResult<SnapshotRestoreOutputs>> {
  return { id, props };
}

export async function update(
  id: string,
  olds: SnapshotRestoreOutputs,
  news: SnapshotRestoreInputs,
): Promise<pulumi.dynamic.UpdateResult<SnapshotRestoreOutputs>> {
  if (!triggered(olds, news)) return { outs: storedWithoutRequest(olds, news as SnapshotRestoreOutputs, INPUT_KEYS) };
  const { outs } = await restoreRecorded(news, deadline(news.timeouts, "update", TIMEOUTS), id);
  return { outs };
}

/** Deleting the record of a restore does nothing to the machine. */
export async function remove(): Promise<void> {}
