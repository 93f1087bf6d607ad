/** A machine's accessors: members of its team allowed to access it explicitly. They go with the machine. */
import type { Machine, UserProfile } from "../../contract/paperspace-api";
import type { Collection, Owned } from "../collection";
import { apiError } from "../errors";
import type { RequestContext } from "../handler";
import type { Kind, KindState } from "../kind";
import { findOr404, listPage } from "../kindHelpers";
import { userOfTeam } from "./teamMemberships";

/** An accessor is named by its machine and its user (`<machineId>/<userId>`): a user is one machine's accessor once. */
export type MachineAccessorRecord = Owned & { machineId: string; user: UserProfile };

export type State = KindState<{
  machineAccessors: Collection<MachineAccessorRecord>;
  machines: Collection<Machine & Owned>;
}>;

type Context = RequestContext<unknown, unknown, State>;

const accessorId = (machineId: string, userId: string) => `${machineId}/${userId}`;

export const viewAccessor = (record: MachineAccessorRecord) => ({ user: { ...record.user } });

const machineOf = ({ state, team, params }: Context) => findOr404(state.store.machines, team.id, params.id, "Machine");

/** The machine's accessor named in the path, or 404 for a user who is not one. */
function find(context: Context): MachineAccessorRecord {
  const machine = machineOf(context);
  const { userId } = context.params;
  const record = context.state.store.machineAccessors.get(context.team.id, accessorId(machine.id, userId));
  if (!record) throw apiError.notFound(`Accessor ${userId} of machine ${machine.id}`);
  return record;
}

export const machineAccessors = {
  collection: "machineAccessors",
  view: viewAccessor,
  /** The control view also says whose machine. */
  controlView: (record: MachineAccessorRecord) => ({ machineId: record.machineId, ...viewAccessor(record) }),
  routes: {
    "machines-listAccessors": (context) => {
      const machine = machineOf(context);
      const keep = (record: MachineAccessorRecord) => record.machineId === machine.id;
      const byUser = { id: (record: MachineAccessorRecord) => record.user.id };
      return listPage(context, context.state.store.machineAccessors, keep, viewAccessor, byUser);
    },

    /** A member of the machine's team; adding one already there answers it again, and changes nothing. */
    "machines-addAccessor": (context) => {
      const { state, team, body } = context;
      const machine = machineOf(context);
      const user = userOfTeam(team, body.userId);
      if (!user) throw apiError.badRequest(`userId: ${body.userId} is not a member of the team`, "userId");
      const id = accessorId(machine.id, user.id);
      const already = state.store.machineAccessors.get(team.id, id);
      if (already) return viewAccessor(already);
      return viewAccessor(state.store.machineAccessors.put({ id, teamId: team.id, machineId: machine.id, user }));
    },

    "machines-getAccessor": (context) => viewAccessor(find(context)),

    "machines-removeAccessor": (context) => {
      const record = find(context);
      context.state.store.machineAccessors.delete(record.teamId, record.id);
      return viewAccessor(record);
    },
  },
} as const satisfies Kind<State>;
