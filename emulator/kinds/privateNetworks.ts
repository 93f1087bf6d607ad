/**
 * Private networks: each team starts with one, and makes, renames and deletes more. Each region also has a public
 * network, derived from the team and never stored, that a machine made without a `networkId` joins.
 */
import type { Machine, PrivateNetwork, SharedDrive } from "../../contract/paperspace-api";
import { REGIONS } from "../catalog";
import type { Collection, Owned, Team } from "../collection";
import { apiError } from "../errors";
import type { RequestContext } from "../handler";
import type { Kind, KindState } from "../kind";
import {
  BY_CREATION_OR_NAME,
  derivedId,
  findOr404,
  inRegion,
  listPage,
  readOr404,
  regionOr400,
  validateName,
  visible,
} from "../kindHelpers";

export type PrivateNetworkRecord = PrivateNetwork & Owned;

/** Networks are made in a region; what is on one (machines, shared drives) keeps it from being deleted. */
export type State = KindState<{
  privateNetworks: Collection<PrivateNetworkRecord>;
  machines: Collection<Machine & Owned>;
  sharedDrives: Collection<SharedDrive & Owned>;
}>;

/** The network a machine joins when its create names none: its region's public network, which is not private. */
export function publicNetworkId(teamId: string, region: string): string {
  return derivedId("pn", teamId, `public/${region}`);
}

/** Each team starts with one private network, in `ny2`, as a team that set one up in the console would. */
function seededNetwork(team: Team): PrivateNetworkRecord {
  return {
    id: derivedId("pn", team.id, "private/ny2"),
    teamId: team.id,
    name: `${team.name}-private`,
    network: "10.64.0.0",
    netmask: "255.255.255.0",
    region: "ny2",
    dtCreated: "2024-02-01T00:00:00.000Z",
    dtDeleted: null,
  };
}

/** Whether a machine in this region may name this network: one of the team's private networks there, or its public one. */
export function networkAllowed(
  networks: Collection<PrivateNetworkRecord>,
  teamId: string,
  region: string,
  networkId: string,
): boolean {
  return networkId === publicNetworkId(teamId, region) || networks.get(teamId, networkId)?.region === region;
}

/** The prefix of a new network: the lowest `10.64.<k>.0` that none of the team's networks has. */
function freePrefix(networks: Collection<PrivateNetworkRecord>, teamId: string): string {
  const taken = new Set(networks.list(teamId).map((network) => network.network));
  for (let k = 0; k < 256; k++) if (!taken.has(`10.64.${k}.0`)) return `10.64.${k}.0`;
  throw apiError.badRequest("The team has a network on every prefix from 10.64.0.0 to 10.64.255.0; delete one first");
}

export const viewNetwork = (network: PrivateNetworkRecord) => visible(network);

const find = ({ state, team, params }: RequestContext<unknown, unknown, State>) =>
  findOr404(state.store.privateNetworks, team.id, params.id, "Private network");

export const privateNetworks = {
  collection: "privateNetworks",
  ids: { name: "privateNetwork", prefix: "pn", length: 8, alphabet: "0123456789abcdef" },
  view: viewNetwork,
  controlView: viewNetwork,
  seedTeam: (state, team) => void state.store.privateNetworks.put(seededNetwork(team)),
  quirks: { deleteLag: "sets dtDeleted" },
  routes: {
    "privateNetworks-list": (context) => {
      const { query } = context;
      const keep = (network: PrivateNetworkRecord) =>
        (query.name === undefined || network.name === query.name) && inRegion(network.region, query.region);
      return listPage(context, context.state.store.privateNetworks, keep, viewNetwork, BY_CREATION_OR_NAME);
    },

    /**
     * At once, with no event. With `migrateMachines`, the team's machines on the region's public network move onto
     * the new one (those of other regions are on their own region's public network, so they stay).
     */
    "privateNetworks-create": ({ state, team, body }) => {
      validateName(body.name);
      const region = regionOr400(body.region);
      const network = state.store.privateNetworks.put({
        id: state.newId("privateNetworks"),
        teamId: team.id,
        name: body.name,
        network: freePrefix(state.store.privateNetworks, team.id),
        netmask: "255.255.255.0",
        region,
        dtCreated: state.now(),
        dtDeleted: null,
      });
      if (body.migrateMachines) {
        const publicNetwork = publicNetworkId(team.id, region);
        for (const machine of state.store.machines.list(team.id)) {
          if (machine.networkId !== publicNetwork) continue;
          state.store.machines.put({ ...machine, networkId: network.id, dtModified: state.now() });
        }
      }
      return viewNetwork(network);
    },

    /** `null` for a network that is not private (a region's public network), as the real API answers. */
    "privateNetworks-get": (context) => {
      const { team, params } = context;
      if (Object.keys(REGIONS).some((region) => publicNetworkId(team.id, region) === params.id)) return null;
      return viewNetwork(readOr404(context, context.state.store.privateNetworks, params.id, "Private network"));
    },

    "privateNetworks-update": (context) => {
      const network = find(context);
      validateName(context.body.name);
      const name = context.body.name ?? network.name;
      return viewNetwork(context.state.store.privateNetworks.put({ ...network, name }));
    },

    /** Refused while machines or shared drives are on the network, naming them. */
    "privateNetworks-delete": (context) => {
      const { state, team } = context;
      const network = find(context);
      const on = (object: { networkId: string | null }) => object.networkId === network.id;
      const machines = state.store.machines.list(team.id).filter(on);
      const drives = state.store.sharedDrives.list(team.id).filter(on);
      const still = [
        ...(machines.length > 0 ? [`machines ${machines.map((machine) => machine.id).join(", ")}`] : []),
        ...(drives.length > 0 ? [`shared drives ${drives.map((drive) => drive.id).join(", ")}`] : []),
      ];
      if (still.length > 0) {
        throw apiError.badRequest(
          `Private network ${network.id} still has ${still.join(" and ")} on it; move or delete them first`,
        );
      }
      state.deleted("privateNetworks", state.store.privateNetworks.delete(team.id, network.id));
      return { id: network.id };
    },
  },
} as const satisfies Kind<State>;
