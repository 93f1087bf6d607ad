/**
 * Private networks, derived from the team: each team has one, and each region a public network that a machine made
 * without a `networkId` joins. Nothing stored, so they survive a restart as they were.
 */
import type { PrivateNetwork } from "../../contract/paperspace-api";
import { REGIONS } from "../catalog";
import type { Team } from "../collection";
import { apiError } from "../errors";
import type { Kind, KindState } from "../kind";
import { derivedId, repeatsItems } from "../kindHelpers";
import { paginate } from "../pagination";

/** The network a machine joins when its create names none: its region's public network, which is not private. */
export function publicNetworkId(teamId: string, region: string): string {
  return derivedId("pn", teamId, `public/${region}`);
}

/** Each team has one private network, in `ny2`, as a team that set one up in the console would. */
function privateNetworksOf(team: Team): PrivateNetwork[] {
  return [
    {
      id: derivedId("pn", team.id, "private/ny2"),
      name: `${team.name}-private`,
      network: "10.64.0.0",
      netmask: "255.255.255.0",
      region: "ny2",
      dtCreated: "2024-02-01T00:00:00.000Z",
      dtDeleted: null,
    },
  ];
}

/** Whether a machine in this region may name this network: one of the team's private networks there, or its public one. */
export function networkAllowed(team: Team, region: string, networkId: string): boolean {
  return (
    networkId === publicNetworkId(team.id, region) ||
    privateNetworksOf(team).some((network) => network.id === networkId && network.region === region)
  );
}

export const privateNetworks = {
  routes: {
    "privateNetworks-list": (context) => {
      const { team, query } = context;
      const items = privateNetworksOf(team).filter(
        (n) =>
          (query.name === undefined || n.name === query.name) &&
          (query.region === undefined || n.region === query.region),
      );
      return paginate(
        items,
        query,
        { dtCreated: (n) => n.dtCreated, name: (n) => n.name },
        "dtCreated",
        repeatsItems(context),
      );
    },

    /** `null` for a network that is not private (a region's public network), as the real API answers. */
    "privateNetworks-get": ({ team, params }) => {
      const network = privateNetworksOf(team).find((n) => n.id === params.id);
      if (network) return network;
      if (Object.keys(REGIONS).some((region) => publicNetworkId(team.id, region) === params.id)) return null;
      throw apiError.notFound(`Private network ${params.id}`);
    },
  },
} as const satisfies Kind<KindState<object>>;
