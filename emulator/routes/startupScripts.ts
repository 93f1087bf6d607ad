import { LIMITS } from "../../contract/paperspace-api";
import { apiError } from "../errors";
import type { Handlers, RequestContext } from "../handler";
import type { StartupScriptRecord } from "../store";
import { findOr404, listPage, machineOr404, readOr404, validateName, visible } from "./common";

function validateScript(script: string | undefined): void {
  if (script === undefined) return;
  if (Buffer.byteLength(script, "utf8") > LIMITS.scriptMaxBytes) {
    throw apiError.payloadTooLarge(`script must be at most ${LIMITS.scriptMaxBytes} bytes`, "script");
  }
}

const find = ({ state, team, params }: RequestContext) =>
  findOr404(state.store.startupScripts, team.id, params.id, "Startup script");

/** What the API answers: never the body. */
export const view = (record: StartupScriptRecord) => ({
  ...visible(record, "script"),
  assignedMachineIds: [...record.assignedMachineIds],
});

export const startupScriptHandlers = {
  "startupScripts-list": (context) => {
    const { query } = context;
    const keep = (script: StartupScriptRecord) => query.name === undefined || script.name === query.name;
    return listPage(context, "startupScripts", keep, view);
  },

  "startupScripts-create": ({ state, team, body }) => {
    validateName(body.name);
    validateScript(body.script);
    const record = state.store.startupScripts.put({
      id: state.newId("startupScript"),
      teamId: team.id,
      name: body.name,
      script: body.script,
      description: null,
      isEnabled: true,
      isRunOnce: body.isRunOnce ?? false,
      assignedMachineIds: [],
      dtCreated: state.now(),
      dtDeleted: null,
    });
    return view(record);
  },

  "startupScripts-get": (context) => view(readOr404(context, "startupScripts", context.params.id, "Startup script")),

  "startupScripts-update": (context) => {
    const record = find(context);
    const { body } = context;
    validateName(body.name);
    validateScript(body.script);
    const updated = context.state.store.startupScripts.put({
      ...record,
      name: body.name ?? record.name,
      script: body.script ?? record.script,
      isRunOnce: body.isRunOnce ?? record.isRunOnce,
      isEnabled: body.isEnabled ?? record.isEnabled,
    });
    return view(updated);
  },

  "startupScripts-delete": (context) => {
    const record = find(context);
    context.state.deleted("startupScripts", context.state.store.startupScripts.delete(record.teamId, record.id));
    return { ...view(record), dtDeleted: context.state.now() };
  },

  "startupScripts-assign": (context) => {
    const record = find(context);
    const { machineId } = context.body;
    machineOr404(context, machineId);
    if (record.assignedMachineIds.includes(machineId)) return view(record);
    return view(
      context.state.store.startupScripts.put({
        ...record,
        assignedMachineIds: [...record.assignedMachineIds, machineId],
      }),
    );
  },

  "startupScripts-unassign": (context) => {
    const record = find(context);
    const { machineId } = context.body;
    if (!record.assignedMachineIds.includes(machineId)) {
      throw apiError.badRequest(`Startup script ${record.id} is not assigned to machine ${machineId}`, "machineId");
    }
    return view(
      context.state.store.startupScripts.put({
        ...record,
        assignedMachineIds: record.assignedMachineIds.filter((id) => id !== machineId),
      }),
    );
  },
} satisfies Partial<Handlers>;
