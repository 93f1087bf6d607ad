/** The account a key opens: its team, whose ids are drawn here, and the team's owner as the user. Nothing stored. */
import type { AuthSession } from "../../contract/paperspace-api";
import type { Team } from "../collection";
import type { Kind } from "../kind";
import { namespaceOf } from "../kindHelpers";
import { ownerOf } from "./teamMemberships";

/** The session a key opens: its team, and the team's owner as the user. */
function session(team: Team): AuthSession {
  const namespace = namespaceOf(team);
  const { id, email, firstName, lastName } = ownerOf(team);
  return {
    team: { id: team.id, namespace, isPrivate: false, maxMachines: 50, analyticsId: 1 },
    user: {
      id,
      email,
      firstName,
      lastName,
      dtCreated: "2024-01-01T00:00:00.000Z",
      teamMemberships: [{ isAdmin: true, isOwner: true, team: { id: team.id, name: team.name, namespace } }],
    },
  };
}

export const account = {
  ids: { name: "team", prefix: "te", length: 8 },
  routes: {
    "auth-session": ({ team }) => session(team),
  },
} as const satisfies Kind<unknown>;
