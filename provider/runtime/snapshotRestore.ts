import { PaperspaceError, unlessNotFound } from "../api/errors";
import type { MachineEvent, Snapshot } from "../api/types";
import { waitForEvent } from "../api/waiter";
import { createOnce, recentEvent } from "./createOnce";
import { type ActionDeclaration, type CommonInputs, type Operation, boolean, id, values } from "./declaration";
import { withMachineOff } from "./power";
import { MINUTE } from "./timeouts";

export interface SnapshotRestoreInputs extends CommonInputs {
  snapshotId: string;
  createSnapshotBeforeRestore: boolean;
  powerOffMachine: boolean;
  triggers?: unknown[];
}

export interface SnapshotRestoreOutputs extends SnapshotRestoreInputs {
  /** The machine that was restored (the snapshot's). */
  machineId: string;
  /** The `snapshot-restore` machine event of the last restore. */
  eventId: string;
  /** When the last restore finished. */
  restoredAt: string;
}

/** What a restore did: the machine it restored, and its finished event. */
interface Restored {
  machineId: string;
  event: MachineEvent;
}

/**
 * Restores a snapshot onto its machine, which must be off: on create, and again whenever `triggers` change (like a
 * deployment trigger). Another snapshot replaces it (a restore of that one). A restore is a past action: nothing is
 * read back, and deleting the resource does nothing to the machine.
 */
export const snapshotRestore: ActionDeclaration<SnapshotRestoreInputs, SnapshotRestoreOutputs, Restored> = {
  type: "SnapshotRestore",
  noun: "snapshot restore",
  describe: (inputs) => `restore of snapshot ${inputs.snapshotId}`,
  inputs: {
    snapshotId: id("replace"),
    createSnapshotBeforeRestore: boolean("setting", false),
    powerOffMachine: boolean("setting", false),
    triggers: values("update"),
  },
  outputs: {
    machineId: (restored) => restored.machineId,
    eventId: (restored) => restored.event.id,
    restoredAt: (restored) => restored.event.dtFinished ?? new Date().toISOString(),
  },
  timeouts: { create: 60 * MINUTE, update: 60 * MINUTE, delete: MINUTE },
  idOf: (restored) => restored.event.id,
  perform: restore,
};

/** Restores the snapshot onto its machine and waits for the event. */
async function restore(operation: Operation<SnapshotRestoreInputs>): Promise<Restored> {
  const { api, inputs } = operation;
  const snapshot = await unlessNotFound(api.snapshots.get(inputs.snapshotId));
  if (!snapshot) throw new PaperspaceError(`snapshotId: no snapshot ${inputs.snapshotId} in the team of this API key.`);
  const { machineId } = snapshot;
  const what = `restore of snapshot ${snapshot.id} onto machine ${machineId}`;
  const run = async (): Promise<Restored> => {
    // A restore that may have reached the API is looked for (its event) before it is asked for again.
    const started = await createOnce(
      what,
      () => api.snapshots.restore(snapshot.id, { createSnapshotBeforeRestore: inputs.createSnapshotBeforeRestore }),
      async (since) => {
        const event = await recentEvent(api, machineId, "snapshot-restore", since);
        return event ? [{ data: snapshot as Snapshot, event }] : [];
      },
    );
    return { machineId, event: await waitForEvent(api, started.event, { deadline: operation.deadline, what }) };
  };
  return withMachineOff(
    operation,
    machineId,
    {
      consent: inputs.powerOffMachine,
      what: `the restore of snapshot ${snapshot.id}`,
      refusal: {
        doing: `restore snapshot ${snapshot.id} onto machine ${machineId}`,
        rule: "restores only onto",
        work: "restore",
      },
    },
    run,
  );
}
