import { id } from "../lifecycle/attributes";
import { declareObject } from "../lifecycle/declaration";
import { MINUTE } from "../lifecycle/timeouts";
import { pairOf } from "../lifecycle/pairs";

/**
 * A member of the team allowed to access a machine. Adding one twice changes nothing, so adopting an access is making
 * it; removing one already removed (or whose machine is gone) is done already.
 */
export const machineAccess = declareObject({
  type: "MachineAccess",
  noun: "machine access",
  describe: (inputs) => `access of user ${inputs.userId} to machine ${inputs.machineId}`,
  doc:
    "Lets a member of the team access a machine (`getTeamUsers` lists them). Its id is `<machineId>/<userId>` (the form\n" +
    "`adoptId` and `pulumi import` take). Every change replaces it; deleting it takes the access away.",
  example: { name: "ada-on-head-node", args: { machineId: { machine: "running" }, userId: { teamMember: true } } },
  timeouts: { create: 5 * MINUTE, update: 5 * MINUTE, delete: 5 * MINUTE },
  attributes: {
    machineId: id({ onChange: "replace", required: true, doc: "The machine. Changing it replaces the access." }),
    userId: id({
      onChange: "replace",
      required: true,
      doc: "The team member's user id. Changing it replaces the access.",
    }),
  },
  wire: "MachineAccessor",
  copies: ["user"],
  ...pairOf("machineId", "userId"),
  calls: {
    get: (api, _id, { machineId, userId }) => api.machineAccessors.get(machineId, userId),
    create: {
      request: (api, { machineId, userId }) => api.machineAccessors.add(machineId, { userId }),
      operation: "machines-addAccessor",
    },
    // A 404 (not an accessor, or no machine) is done already.
    delete: { request: (api, _id, { machineId, userId }) => api.machineAccessors.remove(machineId, userId) },
  },
  steps: [],
});
