import { PaperspaceError, unlessNotFound } from "../api/errors";
import type { MachineEvent } from "../api/types";
import { waitForEvent } from "../api/waiter";
import { boolean, id, values } from "../lifecycle/attributes";
import { createOnce, recentEvent } from "../lifecycle/createOnce";
import { type Operation, declareAction } from "../lifecycle/declaration";
import { withMachineOff } from "../lifecycle/power";
import { MINUTE } from "../lifecycle/timeouts";

/** What a restore did: the machine it restored, and its finished event. */
interface Restored {
  machineId: string;
  event: MachineEvent;
}

interface Declared {
  snapshotId: string;
  createSnapshotBeforeRestore: boolean;
  powerOffMachine: boolean;
}

/** The event a restore waits for. */
const RESTORE_EVENT = "snapshot-restore";

/**
 * Restores a snapshot onto its machine, which must be off: on create, and again whenever `triggers` change (like a
 * deployment trigger). Another snapshot replaces it (a restore of that one). A restore is a past action: nothing is
 * read back, and deleting the resource does nothing to the machine.
 */
export const snapshotRestore = declareAction({
  type: "SnapshotRestore",
  noun: "snapshot restore",
  describe: (inputs) => `restore of snapshot ${inputs.snapshotId}`,
  doc:
    "Restores a snapshot onto its machine when created, and again whenever `triggers` change. Each restore waits for\n" +
    "Paperspace's `snapshot-restore` event. Deleting the resource does nothing to the machine.",
  // Of a snapshot of a machine that is off, so that the restore needs no power work.
  example: {
    name: "reset-trainer",
    args: { snapshotId: { idOf: "Snapshot", with: { machineId: { machine: "off" } } }, triggers: ["2026-w49"] },
  },
  timeouts: { create: 60 * MINUTE, update: 60 * MINUTE, delete: MINUTE },
  attributes: {
    snapshotId: id({
      onChange: "replace",
      required: true,
      doc: "The snapshot to restore; it is restored onto its own machine. Changing it replaces (restores that one).",
    }),
    createSnapshotBeforeRestore: boolean({
      onChange: "stored",
      default: false,
      doc: "Take a fresh snapshot of the machine before restoring. Defaults to `false`.",
    }),
    powerOffMachine: boolean({
      onChange: "stored",
      default: false,
      doc: "Stop a running machine for the restore and start it again afterwards. Without it, the machine must be off.",
    }),
    triggers: values({
      onChange: "update",
      doc: "Any values; whenever they change, the snapshot is restored again (like a deployment trigger).",
    }),
  },
  computed: {
    machineId: {
      type: { kind: "string" },
      doc: "The machine that was restored (the snapshot's).",
      of: (restored: Restored) => restored.machineId,
    },
    eventId: {
      type: { kind: "string" },
      doc: "The `snapshot-restore` machine event of the last restore.",
      of: (restored: Restored) => restored.event.id,
    },
    restoredAt: {
      type: { kind: "string" },
      doc: "When the last restore finished.",
      of: (restored: Restored) => restored.event.dtFinished ?? new Date().toISOString(),
    },
  },
  operation: "snapshots-restore",
  waitsFor: RESTORE_EVENT,
  // Paperspace restores only onto a machine that is off: the snapshot's, which `restore` passes as the id.
  needs: {
    machine: (_inputs, machineId) => machineId!,
    consent: (inputs) => inputs.powerOffMachine,
    what: (inputs) => `the restore of snapshot ${inputs.snapshotId}`,
    refusal: (inputs, machineId) => ({
      doing: `restore snapshot ${inputs.snapshotId} onto machine ${machineId}`,
      rule: "restores only onto",
      work: "restore",
    }),
  },
  idOf: (restored) => restored.event.id,
  perform: (operation) => restore(operation),
});

/** Restores the snapshot onto its machine and waits for the event. */
async function restore(operation: Operation<Declared>): Promise<Restored> {
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
        const event = await recentEvent(api, machineId, RESTORE_EVENT, since);
        return event ? [{ data: snapshot, event }] : [];
      },
    );
    return { machineId, event: await waitForEvent(api, started.event, { deadline: operation.deadline, what }) };
  };
  return withMachineOff(operation, snapshotRestore.needs, { id: machineId, changes: {} }, run);
}
