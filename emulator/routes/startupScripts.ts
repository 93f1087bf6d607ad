import { apiError } from "../errors";
import type { Handlers, RequestContext } from "../handler";
import { type ListQuery, paginate } from "../pagination";
import type { StartupScript, StartupScriptRecord } from "../store";

export const NAME_MAX_LENGTH = 128;
/** The legacy API's limit, kept by the emulator. */
export const SCRIPT_MAX_BYTES = 16 * 1024;

interface CreateBody {
  name: string;
  script: string;
  isRunOnce?: boolean;
}

interface UpdateBody {
  name?: string;
  script?: string;
  isRunOnce?: boolean;
  isEnabled?: boolean;
}

function validateName(name: string | undefined): void {
  if (name === undefined) return;
  const length = [...name].length;
  if (length < 1 || length > NAME_MAX_LENGTH) {
    throw apiError.badRequest(`name must be between 1 and ${NAME_MAX_LENGTH} characters`, "name");
  }
}

function validateScript(script: string | undefined): void {
  if (script === undefined) return;
  if (Buffer.byteLength(script, "utf8") > SCRIPT_MAX_BYTES) {
    throw apiError.payloadTooLarge(`script must be at most ${SCRIPT_MAX_BYTES} bytes`, "script");
  }
}

function find({ state, team, params }: RequestContext): StartupScriptRecord {
  const record = state.store.startupScripts.get(team.id, params.id);
  if (!record) throw apiError.notFound(`Startup script ${params.id}`);
  return record;
}

/** What the API answers: the object without its body and owner. */
export function view(record: StartupScriptRecord): StartupScript {
  const { script: _script, teamId: _teamId, ...visible } = record;
  return { ...visible, assignedMachineIds: [...visible.assignedMachineIds] };
}

export const startupScriptHandlers: Handlers = {
  "startupScripts-list": ({ state, team, query }: RequestContext<unknown, ListQuery & { name?: string }>) => {
    const items = state.store.startupScripts
      .list(team.id)
      .filter((script) => query.name === undefined || script.name === query.name);
    const page = paginate(items, query, { dtCreated: (s) => s.dtCreated, name: (s) => s.name }, "dtCreated");
    return { ...page, items: page.items.map(view) };
  },

  "startupScripts-create": ({ state, team, body }: RequestContext<CreateBody>) => {
    validateName(body.name);
    validateScript(body.script);
    const record = state.store.startupScripts.put({
      id: state.ids.startupScript(),
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

  "startupScripts-get": (context) => view(find(context)),

  "startupScripts-update": (context: RequestContext<UpdateBody>) => {
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
    context.state.store.startupScripts.delete(record.teamId, record.id);
    return { ...view(record), dtDeleted: context.state.now() };
  },

  "startupScripts-assign": (context: RequestContext<{ machineId: string }>) => {
    const record = find(context);
    const { machineId } = context.body;
    if (!context.state.store.machines.get(context.team.id, machineId)) throw apiError.notFound(`Machine ${machineId}`);
    if (record.assignedMachineIds.includes(machineId)) return view(record);
    return view(
      context.state.store.startupScripts.put({
        ...record,
        assignedMachineIds: [...record.assignedMachineIds, machineId],
      }),
    );
  },

  "startupScripts-unassign": (context: RequestContext<{ machineId: string }>) => {
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
};
