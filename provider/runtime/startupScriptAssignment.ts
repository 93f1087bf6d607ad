import { BadRequestError, PaperspaceError, unlessNotFound } from "../api/errors";
import type { StartupScript as ApiStartupScript } from "../api/types";
import { type CommonInputs, type ObjectDeclaration, id } from "./declaration";
import { MINUTE } from "./timeouts";
import { type CheckFailure, isUnknown, typeOf } from "./validators";

export interface StartupScriptAssignmentInputs extends CommonInputs {
  startupScriptId: string;
  machineId: string;
}

export type StartupScriptAssignmentOutputs = StartupScriptAssignmentInputs;

/** The assignment's id: both ids, so that one can be adopted by naming the pair. */
const assignmentId = (startupScriptId: string, machineId: string) => `${startupScriptId}/${machineId}`;

/**
 * A startup script assigned to a machine, read through the script's `assignedMachineIds`. Every change replaces it.
 * Assigning is idempotent, so adopting an assignment is making it; unassigning what is no longer assigned (or whose
 * script is gone) is done already.
 */
export const startupScriptAssignment: ObjectDeclaration<
  StartupScriptAssignmentInputs,
  StartupScriptAssignmentOutputs,
  ApiStartupScript
> = {
  type: "StartupScriptAssignment",
  noun: "startup script assignment",
  describe: (inputs) => `assignment of startup script ${inputs.startupScriptId} to machine ${inputs.machineId}`,
  inputs: {
    startupScriptId: id("replace"),
    machineId: id("replace"),
  },
  outputs: {},
  timeouts: { create: 5 * MINUTE, update: 5 * MINUTE, delete: 5 * MINUTE },
  adoption: { check: checkPair, byCreating: true },
  idOf: (_script, inputs) => assignmentId(inputs.startupScriptId, inputs.machineId),
  fromId: (id) => {
    const [startupScriptId, machineId] = id.split("/");
    return { startupScriptId, machineId };
  },
  // The unassign answers the script: without the machine, the assignment is gone.
  goneIn: (script, { machineId }) => !(script as ApiStartupScript).assignedMachineIds.includes(machineId),
  api: (client) => ({
    get: async (_id, { startupScriptId, machineId }) => {
      const script = await client.startupScripts.get(startupScriptId);
      return script.assignedMachineIds.includes(machineId) ? script : undefined;
    },
    create: async ({ startupScriptId, machineId }) => {
      const script = await client.startupScripts.assign(startupScriptId, { machineId });
      if (!script.assignedMachineIds.includes(machineId)) {
        throw new PaperspaceError(`Assigning startup script ${startupScriptId} to machine ${machineId} did not take.`);
      }
      return script;
    },
    delete: async (_id, { startupScriptId, machineId }) => {
      try {
        return await client.startupScripts.unassign(startupScriptId, { machineId });
      } catch (error) {
        if (!(error instanceof BadRequestError)) throw error;
        const script = await unlessNotFound(client.startupScripts.get(startupScriptId));
        if (script?.assignedMachineIds.includes(machineId)) throw error;
        return undefined;
      }
    },
  }),
};

/** `adoptId` names the pair the resource declares. */
function checkPair({ adoptId, startupScriptId, machineId }: Record<string, unknown>): CheckFailure[] {
  if (adoptId === undefined || isUnknown(adoptId)) return [];
  if (typeof adoptId !== "string") {
    return [{ property: "adoptId", reason: `must be "<startupScriptId>/<machineId>", got ${typeOf(adoptId)}` }];
  }
  const known = (value: unknown): value is string => typeof value === "string" && !isUnknown(value);
  if (!known(startupScriptId) || !known(machineId)) return [];
  const pair = assignmentId(startupScriptId, machineId);
  return adoptId === pair
    ? []
    : [{ property: "adoptId", reason: `must be "<startupScriptId>/<machineId>", here "${pair}"` }];
}
