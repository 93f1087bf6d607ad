import { createHash } from "node:crypto";
import type { AuthSession, PrivateNetwork } from "../../contract/paperspace-api";
import { REGIONS } from "../catalog";
import { apiError } from "../errors";
import type { Handlers } from "../handler";
import { paginate } from "../pagination";
import type { Team } from "../store";
import { repeatsItems } from "./common";

/** An id derived from the team and a name, so that networks need no stored state and survive a restart as they were. */
function derivedId(prefix: string, teamId: string, name: string): string {
  return prefix + createHash("sha256").update(`${teamId}/${name}`).digest("hex").slice(0, 8);
}

/** The network a machine joins when its create names none: its region's public network, which is not private. */
export function publicNetworkId(teamId: string, region: string): string {
  return derivedId("pn", teamId, `public/${region}`);
}

/** Each team has one private network, in `ny2`, as a team that set one up in the console would. */
export function privateNetworksOf(team: Team): PrivateNetwork[] {
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

function namespaceOf(team: Team): string {
  return team.name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

/** The session a key opens: its team, and the team's owner as the user (the emulator has no other users). */
function session(team: Team): AuthSession {
  const namespace = namespaceOf(team);
  return {
    team: { id: team.id, namespace, isPrivate: false, maxMachines: 50, analyticsId: 1 },
    user: {
      id: derivedId("u", team.id, "owner"),
      email: `owner@${namespace}.example.com`,
      firstName: null,
      lastName: null,
      dtCreated: "2024-01-01T00:00:00.000Z",
      teamMemberships: [{ isAdmin: true, isOwner: true, team: { id: team.id, name: team.name, namespace } }],
    },
  };
}

export const accountHandlers = {
  "auth-session": ({ team }) => session(team),

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
} satisfies Partial<Handlers>;
