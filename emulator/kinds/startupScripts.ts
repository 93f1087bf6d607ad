/** Startup scripts: a body the API never answers with, assigned to machines and unassigned from them. */
import { LIMITS, type Machine, type StartupScript } from "../../contract/paperspace-api";
import type { Collection, Owned } from "../collection";
import { apiError } from "../errors";
import type { RequestContext } from "../handler";
import type { Kind, KindState } from "../kind";
import { BY_CREATION_OR_NAME, findOr404, listPage, readOr404, validateName, visible } from "../kindHelpers";

/** The stored script keeps its body, which the API never returns. */
export type StartupScriptRecord = StartupScript & Owned & { script: string };

export type State = KindState<{
  startupScripts: Collection<StartupScriptRecord>;
  machines: Collection<Machine & Owned>;
}>;

function validateScript(script: string | undefined): void {
  if (script === undefined) return;
  if (Buffer.byteLength(script, "utf8") > LIMITS.scriptMaxBytes) {
    throw apiError.payloadTooLarge(`script must be at most ${LIMITS.scriptMaxBytes} bytes`, "script");
  }
}

const find = ({ state, team, params }: RequestContext<unknown, unknown, State>) =>
  findOr404(state.store.startupScripts, team.id, params.id, "Startup script");

/** What the API answers: never the body. */
export const viewScript = (record: StartupScriptRecord) => ({
  ...visible(record, "script"),
  assignedMachineIds: [...record.assignedMachineIds],
});

export const startupScripts = {
  collection: "startupScripts",
  ids: { name: "startupScript", prefix: "sc", length: 10 },
  view: viewScript,
  /** The control API also shows the body. */
  controlView: (record: StartupScriptRecord) => ({ ...viewScript(record), script: record.script }),
  quirks: { deleteLag: "sets dtDeleted" },
  routes: {
    "startupScripts-list": (context) => {
      const { query } = context;
      const keep = (script: StartupScriptRecord) => query.name === undefined || script.name === query.name;
      return listPage(context, context.state.store.startupScripts, keep, viewScript, BY_CREATION_OR_NAME);
    },

    "startupScripts-create": ({ state, team, body }) => {
      validateName(body.name);
      validateScript(body.script);
      const record = state.store.startupScripts.put({
        id: state.newId("startupScripts"),
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
      return viewScript(record);
    },

    "startupScripts-get": (context) =>
      viewScript(readOr404(context, context.state.store.startupScripts, context.params.id, "Startup script")),

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
      return viewScript(updated);
    },

    "startupScripts-delete": (context) => {
      const record = find(context);
      context.state.deleted("startupScripts", context.state.store.startupScripts.delete(record.teamId, record.id));
      return { ...viewScript(record), dtDeleted: context.state.now() };
    },

    "startupScripts-assign": (context) => {
      const record = find(context);
      const { machineId } = context.body;
      findOr404(context.state.store.machines, context.team.id, machineId, "Machine");
      if (record.assignedMachineIds.includes(machineId)) return viewScript(record);
      return viewScript(
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
      return viewScript(
        context.state.store.startupScripts.put({
          ...record,
          assignedMachineIds: record.assignedMachineIds.filter((id) => id !== machineId),
        }),
      );
    },
  },
} as const satisfies Kind<State>;
