/**
 * What the kinds' routes share: name and region checks, lookups that answer 404, list pages, objects as the API shows
 * them, and what is derived from a team.
 */
import { createHash } from "node:crypto";
import { LIMITS } from "../contract/paperspace-api";
import { REGIONS, regionCode } from "./catalog";
import type { Collection, Owned, Team } from "./collection";
import { apiError } from "./errors";
import { type ListQuery, type SortValue, paginate } from "./pagination";
import type { DeleteLag, QuirkName } from "./quirks";

/** What a lookup or a list needs of a request: its team, the objects that linger, and the quirks that are on. */
interface Reading<Query = unknown> {
  state: { readonly lingering: DeleteLag; readonly quirks: ReadonlySet<QuirkName> };
  team: Team;
  query: Query;
}

/** Names are 1..128 characters. */
export function validateName(name: string | undefined, field = "name"): void {
  if (name === undefined) return;
  const length = [...name].length;
  if (length < 1 || length > LIMITS.nameMaxLength) {
    throw apiError.badRequest(`${field} must be between 1 and ${LIMITS.nameMaxLength} characters`, field);
  }
}

/** A region given as its code or its display name, as its code; 400 naming the field for one that is neither. */
export function regionOr400(region: string, field = "region"): string {
  const asCode = regionCode(region);
  if (asCode) return asCode;
  const known = Object.entries(REGIONS).map(([code, display]) => `${code} (${display})`);
  throw apiError.badRequest(`${field} must be one of ${known.join(", ")}, got ${region}`, field);
}

/** Whether an object is in the region a list asks for (by code or display name); any region when it asks for none. */
export function inRegion(region: string, asked: string | undefined): boolean {
  return asked === undefined || region === (regionCode(asked) ?? asked);
}

/** The team's object with this id, or 404 (also for another team's id). */
export function findOr404<T extends Owned>(collection: Collection<T>, teamId: string, id: string, what: string): T {
  const record = collection.get(teamId, id);
  if (!record) throw apiError.notFound(`${what} ${id}`);
  return record;
}

/** The team's object with this id, for a read: one deleted a moment ago still answers while it lingers. */
export function readOr404<T extends Owned>(context: Reading, collection: Collection<T>, id: string, what: string): T {
  const lingering = context.state.lingering.get<T>(collection.name, context.team.id, id);
  const found = collection.get(context.team.id, id) ?? lingering;
  if (!found) throw apiError.notFound(`${what} ${id}`);
  return found;
}

/** The orders most lists of the team's objects take: by creation (the default) or by name. */
export const BY_CREATION_OR_NAME = {
  dtCreated: (record: { dtCreated: string }) => record.dtCreated,
  name: (record: { name: string }) => record.name,
};

/**
 * One page of the team's objects that `keep` keeps, as the API shows them: with the ones deleted a moment ago that
 * still linger (`delete-lag`), and repeating the item before the page under `duplicate-pages`. The first of
 * `sortKeys` is the order when the query names none.
 */
export function listPage<T extends Owned>(
  context: Reading<ListQuery>,
  collection: Collection<T>,
  keep: (record: T) => boolean,
  view: (record: T) => unknown,
  sortKeys: Record<string, (record: T) => SortValue>,
) {
  const { state, team, query } = context;
  const records = [...collection.list(team.id), ...state.lingering.list<T>(collection.name, team.id)];
  const page = paginate(records.filter(keep), query, sortKeys, Object.keys(sortKeys)[0], repeatsItems(context));
  return { ...page, items: page.items.map(view) };
}

/** Whether list pages repeat the item before them (the `duplicate-pages` quirk). */
export function repeatsItems(context: { state: { readonly quirks: ReadonlySet<QuirkName> } }): boolean {
  return context.state.quirks.has("duplicate-pages");
}

/** An object as the API shows it: without the owner, nor anything else the emulator keeps for itself. */
export function visible<T extends Owned, K extends keyof T = never>(record: T, ...hidden: K[]): Omit<T, "teamId" | K> {
  const copy = { ...record } as Record<string, unknown>;
  delete copy.teamId;
  for (const key of hidden) delete copy[key as string];
  return copy as Omit<T, "teamId" | K>;
}

/** The team's namespace, from its name: the session answers it, and users' emails are in it. */
export function namespaceOf(team: Team): string {
  return team.name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

/** An id derived from the team and a name, for objects that need no stored state and survive a restart as they were. */
export function derivedId(prefix: string, teamId: string, name: string): string {
  return prefix + createHash("sha256").update(`${teamId}/${name}`).digest("hex").slice(0, 8);
}
