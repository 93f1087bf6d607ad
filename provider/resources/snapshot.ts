import { name, parentMachine } from "../lifecycle/attributes";
import { declareObject } from "../lifecycle/declaration";
import { MINUTE } from "../lifecycle/timeouts";

/**
 * A snapshot of a machine's disk, which may be running. Made by a `snapshot-create` event and deleted by a
 * `snapshot-delete` one. A new machine makes a new snapshot; a new name is a rename. It goes away with its machine.
 */
export const snapshot = declareObject({
  type: "Snapshot",
  noun: "snapshot",
  describe: (inputs) => `snapshot "${inputs.name}" of machine ${inputs.machineId}`,
  doc:
    "A snapshot of a machine's disk. Create and delete wait until Paperspace's events are done. `name` updates in\n" +
    "place; `machineId` replaces. A snapshot goes away with its machine, and `pulumi refresh` then drops it.",
  example: { name: "before-upgrade", args: { machineId: { machine: "running" } } },
  timeouts: { create: 30 * MINUTE, update: 5 * MINUTE, delete: 15 * MINUTE },
  attributes: {
    machineId: parentMachine({ doc: "The machine to snapshot; it may be running. Another makes a new snapshot." }),
    name: name(),
  },
  wire: "Snapshot",
  copies: ["isAutoSnapshot"],
  calls: {
    collection: "/snapshots",
    // Snapshots carry no creation time: what a create made is told by its event.
    listedBy: ({ machineId }) => ({ machineId }),
    create: {
      body: ({ machineId, name }) => ({ machineId, name }),
      waitsFor: { event: "snapshot-create", on: (inputs) => inputs.machineId },
    },
    delete: { waitsFor: "snapshot-delete" },
  },
  steps: [{ name: "rename", applies: ["name"] }],
});
