/**
 * Public IPs: claimed in a region, assigned to one of the team's machines there (which then shows the IP as its
 * address), moved, taken off, released. An IP has no id but its address, which the store keeps as its id.
 */
import type { Machine, PublicIp } from "../../contract/paperspace-api";
import type { Collection, Owned } from "../collection";
import { apiError } from "../errors";
import type { RequestContext } from "../handler";
import type { Kind, KindState } from "../kind";
import { findOr404, inRegion, listPage, regionOr400, visible } from "../kindHelpers";

/** A machine's own address, which it gets back when a static IP leaves it. */
type MachineAddress = Pick<Machine, "publicIp" | "publicIpType">;

/** The emulator also keeps what the assigned machine had before the IP, to give it back. */
export type PublicIpRecord = PublicIp & Owned & { addressBefore?: MachineAddress };

export type State = KindState<{ publicIps: Collection<PublicIpRecord>; machines: Collection<Machine & Owned> }>;

export const viewIp = (record: PublicIpRecord) => visible(record, "id", "addressBefore");

/** The IP as assigned to no machine. */
function unassigned({ assignedMachineId: _machine, addressBefore: _before, ...ip }: PublicIpRecord): PublicIpRecord {
  return ip;
}

/** An address `184.105.<a>.<b>` drawn from the seeded sequence, that none of the team's IPs or machines has. */
function freeAddress(state: State, teamId: string): string {
  const taken = new Set([
    ...state.store.publicIps.list(teamId).map((ip) => ip.ip),
    ...state.store.machines.list(teamId).map((machine) => machine.publicIp),
  ]);
  for (;;) {
    const address = `184.105.${Math.floor(state.random() * 256)}.${1 + Math.floor(state.random() * 254)}`;
    if (!taken.has(address)) return address;
  }
}

/** Takes the IP off its machine, if it is on one, and gives the machine back the address it had before. */
function takeOff(state: State, ip: PublicIpRecord): PublicIpRecord {
  const machine = ip.assignedMachineId ? state.store.machines.get(ip.teamId, ip.assignedMachineId) : undefined;
  if (machine && ip.addressBefore) {
    state.store.machines.put({ ...machine, ...ip.addressBefore, dtModified: state.now() });
  }
  return state.store.publicIps.put(unassigned(ip));
}

/**
 * Takes a machine's IP off it without giving the machine its address back, for a machine that goes or takes another
 * kind of address: the IP stays claimed. Answers whether the machine had one.
 */
export function detachIp(publicIps: Collection<PublicIpRecord>, teamId: string, machineId: string): boolean {
  const held = publicIps.list(teamId).find((ip) => ip.assignedMachineId === machineId);
  if (held) publicIps.put(unassigned(held));
  return held !== undefined;
}

const find = ({ state, team, params }: RequestContext<unknown, unknown, State>) =>
  findOr404(state.store.publicIps, team.id, params.ip, "Public IP");

export const publicIps = {
  collection: "publicIps",
  view: viewIp,
  controlView: viewIp,
  quirks: { deleteLag: "as it was" },
  routes: {
    "publicIps-list": (context) => {
      const keep = (ip: PublicIpRecord) => inRegion(ip.region, context.query.region);
      return listPage(context, context.state.store.publicIps, keep, viewIp, { dtCreated: (ip) => ip.dtCreated });
    },

    /** At once, with no event: assigned to no machine. */
    "publicIps-claim": ({ state, team, body }) => {
      const region = regionOr400(body.region);
      const ip = freeAddress(state, team.id);
      return viewIp(state.store.publicIps.put({ id: ip, teamId: team.id, ip, region, dtCreated: state.now() }));
    },

    /**
     * Assigns the IP to a machine of the team in its region, which shows it as its `static` address; a machine has
     * one IP at most, so one it had is taken off it (and the machine it leaves gets its own address back). A
     * `machineId` of null takes the IP off its machine.
     */
    "publicIps-assign": (context) => {
      const { state, team, body } = context;
      const ip = find(context);
      if (body.machineId === null) return viewIp(takeOff(state, ip));
      const machine = state.store.machines.get(team.id, body.machineId);
      if (!machine) throw apiError.badRequest(`machineId: no machine ${body.machineId}`, "machineId");
      if (machine.region !== ip.region) {
        throw apiError.badRequest(
          `machineId: machine ${machine.id} is in ${machine.region}, the IP ${ip.ip} in ${ip.region}`,
          "machineId",
        );
      }
      if (ip.assignedMachineId === machine.id) return viewIp(ip);
      const held = state.store.publicIps.list(team.id).find((other) => other.assignedMachineId === machine.id);
      const addressBefore = held?.addressBefore ?? { publicIp: machine.publicIp, publicIpType: machine.publicIpType };
      if (held) state.store.publicIps.put(unassigned(held));
      const free = takeOff(state, ip);
      state.store.machines.put({ ...machine, publicIp: ip.ip, publicIpType: "static", dtModified: state.now() });
      return viewIp(state.store.publicIps.put({ ...free, assignedMachineId: machine.id, addressBefore }));
    },

    /** Releasing an IP still assigned is allowed: its machine gets its own address back first. */
    "publicIps-release": (context) => {
      const { state, team } = context;
      const ip = takeOff(state, find(context));
      state.deleted("publicIps", state.store.publicIps.delete(team.id, ip.id));
      return { ip: ip.ip };
    },
  },
} as const satisfies Kind<State>;
