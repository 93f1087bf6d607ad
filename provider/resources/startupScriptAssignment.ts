import { PaperspaceError } from "../api/errors";
import { id } from "../lifecycle/attributes";
import { declareObject } from "../lifecycle/declaration";
import { MINUTE } from "../lifecycle/timeouts";
import { pairOf } from "../lifecycle/pairs";

/**
 * A startup script assigned to a machine, read through the script's `assignedMachineIds`. Every change replaces it.
 * Assigning is idempotent, so adopting an assignment is making it; unassigning what is no longer assigned (or whose
 * script is gone) is done already.
 */
export const startupScriptAssignment = declareObject({
  type: "StartupScriptAssignment",
  noun: "startup script assignment",
  describe: (inputs) => `assignment of startup script ${inputs.startupScriptId} to machine ${inputs.machineId}`,
  doc:
    "Assigns a startup script to a machine. Its id is `<startupScriptId>/<machineId>` (the form `adoptId` takes).\n" +
    "Every change replaces it; deleting it unassigns the script (already unassigned counts as done).",
  example: {
    name: "bootstrap-on-trainer",
    args: { startupScriptId: { idOf: "StartupScript" }, machineId: { machine: "running" } },
  },
  timeouts: { create: 5 * MINUTE, update: 5 * MINUTE, delete: 5 * MINUTE },
  attributes: {
    startupScriptId: id({
      onChange: "replace",
      required: true,
      doc: "The startup script to assign. Changing it replaces the assignment.",
    }),
    machineId: id({
      onChange: "replace",
      required: true,
      doc: "The machine that runs it. Changing it replaces the assignment.",
    }),
  },
  wire: "StartupScript",
  copies: [],
  ...pairOf("startupScriptId", "machineId"),
  calls: {
    // Its objects live on the scripts: a script shows the machines it is assigned to.
    collection: "/startup-scripts",
    get: async (api, _id, { startupScriptId, machineId }) => {
      const script = await api.startupScripts.get(startupScriptId);
      return script.assignedMachineIds.includes(machineId) ? script : undefined;
    },
    create: {
      request: async (api, { startupScriptId, machineId }) => {
        const script = await api.startupScripts.assign(startupScriptId, { machineId });
        if (!script.assignedMachineIds.includes(machineId)) {
          throw new PaperspaceError(
            `Assigning startup script ${startupScriptId} to machine ${machineId} did not take.`,
          );
        }
        return script;
      },
      operation: "startupScripts-assign",
    },
    delete: {
      // Already unassigned counts as done (the client reads the refusal).
      request: (api, _id, { startupScriptId, machineId }) =>
        api.startupScripts.unassign(startupScriptId, { machineId }),
      // The unassign answers the script: without the machine, the assignment is gone.
      goneIn: (script, { machineId }) =>
        !(script as { assignedMachineIds: string[] }).assignedMachineIds.includes(machineId),
    },
  },
  steps: [],
});
