import type { Snapshot as ApiSnapshot } from "../api/types";
import { type CommonInputs, type ObjectDeclaration, id, name } from "./declaration";
import { MINUTE } from "./timeouts";

export interface SnapshotInputs extends CommonInputs {
  machineId: string;
  name: string;
  autoName?: string;
}

export interface SnapshotOutputs extends SnapshotInputs {
  /** True for Paperspace's scheduled snapshots; false for the ones made here. */
  isAutoSnapshot: boolean;
}

/**
 * A snapshot of a machine's disk, which may be running. Made by a `snapshot-create` event and deleted by a
 * `snapshot-delete` one. A new machine makes a new snapshot; a new name is a rename. It goes away with its machine.
 */
export const snapshot: ObjectDeclaration<SnapshotInputs, SnapshotOutputs, ApiSnapshot> = {
  type: "Snapshot",
  noun: "snapshot",
  describe: (inputs) => `snapshot "${inputs.name}" of machine ${inputs.machineId}`,
  inputs: {
    machineId: id("replace", { parent: "machine" }),
    name: name(),
  },
  outputs: {
    isAutoSnapshot: (snapshot) => snapshot.isAutoSnapshot,
  },
  observe: (snapshot) => ({ machineId: snapshot.machineId, name: snapshot.name }),
  timeouts: { create: 30 * MINUTE, update: 5 * MINUTE, delete: 15 * MINUTE },
  adoption: {},
  events: { on: (inputs) => inputs.machineId, create: "snapshot-create", delete: "snapshot-delete" },
  api: (client) => ({
    get: (snapshotId) => client.snapshots.get(snapshotId),
    create: ({ machineId, name }) => client.snapshots.create({ machineId, name }),
    update: (snapshotId, { name }) => client.snapshots.update(snapshotId, { name }),
    delete: (snapshotId) => client.snapshots.delete(snapshotId),
    // Snapshots carry no creation time: what a create made is told by its event.
    list: ({ machineId }) => client.snapshots.list({ machineId }),
  }),
};
