/**
 * The team's users: its owner, who is the user of every session its keys open, and two members. Derived from the
 * team, nothing stored, so they are the same after a restart.
 */
import type { TeamMembership, UserProfile } from "../../contract/paperspace-api";
import type { Team } from "../collection";
import { apiError } from "../errors";
import type { Kind, KindState } from "../kind";
import { derivedId, namespaceOf, repeatsItems } from "../kindHelpers";
import { paginate } from "../pagination";

/** The members each team has besides its owner (a decision: the emulator has no way to invite anyone). */
const MEMBERS = [
  { name: "ada", firstName: "Ada", lastName: "Lovelace", dtConfirmed: "2024-03-01T00:00:00.000Z" },
  { name: "grace", firstName: "Grace", lastName: "Hopper", dtConfirmed: "2024-04-01T00:00:00.000Z" },
];

/** The team's users with their roles, the owner first. The emulator tracks no activity: `lastActive` is null. */
function membershipsOf(team: Team): TeamMembership[] {
  const namespace = namespaceOf(team);
  const user = (name: string, firstName: string | null, lastName: string | null) => ({
    id: derivedId("u", team.id, name),
    email: `${name}@${namespace}.example.com`,
    firstName,
    lastName,
    lastActive: null,
    publicProfileImageUrl: null,
  });
  return [
    { isAdmin: true, isOwner: true, dtConfirmed: "2024-01-01T00:00:00.000Z", user: user("owner", null, null) },
    ...MEMBERS.map(({ name, firstName, lastName, dtConfirmed }) => ({
      isAdmin: false,
      isOwner: false,
      dtConfirmed,
      user: user(name, firstName, lastName),
    })),
  ];
}

/** The team's owner, the user of its sessions. */
export function ownerOf(team: Team): UserProfile {
  return profile(membershipsOf(team)[0]);
}

/** A user of the team as other users see them; undefined for one who is not on the team. */
export function userOfTeam(team: Team, userId: string): UserProfile | undefined {
  const membership = membershipsOf(team).find((each) => each.user.id === userId);
  return membership && profile(membership);
}

function profile({ user }: TeamMembership): UserProfile {
  const { id, email, firstName, lastName, publicProfileImageUrl } = user;
  return { id, email, firstName, lastName, publicProfileImageUrl };
}

/** What each `role` of a list keeps: the owner is an admin too, as its session says; a member is neither. */
const ROLES = {
  owner: (membership: TeamMembership) => membership.isOwner,
  admin: (membership: TeamMembership) => membership.isAdmin,
  member: (membership: TeamMembership) => !membership.isAdmin && !membership.isOwner,
};

export const teamMemberships = {
  routes: {
    /** Only the key's own team: another team's id is 404, as a missing one is. */
    "teamMemberships-listByTeamId": (context) => {
      const { team, params, query } = context;
      if (params.teamId !== team.id) throw apiError.notFound(`Team ${params.teamId}`);
      const listed = membershipsOf(team)
        .filter((membership) => query.role === undefined || ROLES[query.role](membership))
        .map((membership) => ({ id: membership.user.id, membership }));
      const byConfirmation = { dtConfirmed: (entry: (typeof listed)[number]) => entry.membership.dtConfirmed ?? "" };
      const page = paginate(listed, query, byConfirmation, "dtConfirmed", repeatsItems(context));
      return { ...page, items: page.items.map((entry) => entry.membership) };
    },
  },
} as const satisfies Kind<KindState<object>>;
