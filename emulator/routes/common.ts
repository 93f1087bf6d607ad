import { LIMITS } from "../../contract/paperspace-api";
import { apiError } from "../errors";
import type { RequestContext } from "../handler";
import { type ListQuery, paginate } from "../pagination";
import type { LingeringCollection } from "../quirks";
import type { Collection, Collections, MachineRecord, Owned } from "../store";

/** Names are 1..128 characters. */
export function validateName(name: string | undefined, field = "name"): void {
  if (name === undefined) return;
  const length = [...name].length;
  if (length < 1 || length > LIMITS.nameMaxLength) {
    throw apiError.badRequest(`${field} must be between 1 and ${LIMITS.nameMaxLength} characters`, field);
  }
}

/** The team's object with this id, or 404 (also for another team's id). */
export function findOr404<T extends Owned>(collection: Collection<T>, teamId: string, id: string, what: string): T {
  const record = collection.get(teamId, id);
  if (!record) throw apiError.notFound(`${what} ${id}`);
  return record;
}

type RecordOf<C extends LingeringCollection> = Collections[C] extends Collection<infer T> ? T : never;

const collectionOf = <C extends LingeringCollection>(context: Pick<RequestContext, "state">, collection: C) =>
  context.state.store[collection] as unknown as Collection<RecordOf<C>>;

/** The team's object with this id, for a read: one deleted a moment ago still answers while it lingers. */
export function readOr404<C extends LingeringCollection>(
  context: RequestContext,
  collection: C,
  id: string,
  what: string,
): RecordOf<C> {
  const lingering = context.state.lingering.get<RecordOf<C>>(collection, context.team.id, id);
  const found = collectionOf(context, collection).get(context.team.id, id) ?? lingering;
  if (!found) throw apiError.notFound(`${what} ${id}`);
  return found;
}

/** The orders every list of the team's objects takes: by creation (the default) or by name. */
const BY_CREATION_OR_NAME = {
  dtCreated: (record: { dtCreated: string }) => record.dtCreated,
  name: (record: { name: string }) => record.name,
};

/**
 * One page of the team's objects that `keep` keeps, as the API shows them: with the ones deleted a moment ago that
 * still linger (`delete-lag`), and repeating the item before the page under `duplicate-pages`.
 */
export function listPage<T extends Owned & { dtCreated: string; name: string }>(
  context: RequestContext<unknown, ListQuery>,
  collection: LingeringCollection,
  keep: (record: T) => boolean,
  view: (record: T) => unknown,
  sortKeys: Record<string, (record: T) => string | number> = BY_CREATION_OR_NAME,
) {
  const { state, team, query } = context;
  const stored = collectionOf(context, collection).list(team.id) as unknown as T[];
  const records = [...stored, ...state.lingering.list<T>(collection, team.id)];
  const page = paginate(records.filter(keep), query, sortKeys, "dtCreated", repeatsItems(context));
  return { ...page, items: page.items.map(view) };
}

/** Whether list pages repeat the item before them (the `duplicate-pages` quirk). */
export function repeatsItems(context: Pick<RequestContext, "state">): boolean {
  return context.state.quirks.has("duplicate-pages");
}

export function machineOr404(context: RequestContext, machineId: string): MachineRecord {
  return findOr404(context.state.store.machines, context.team.id, machineId, "Machine");
}

/** An object as the API shows it: without the owner, nor anything else the emulator keeps for itself. */
export function visible<T extends Owned, K extends keyof T = never>(record: T, ...hidden: K[]): Omit<T, "teamId" | K> {
  const copy = { ...record } as Record<string, unknown>;
  delete copy.teamId;
  for (const key of hidden) delete copy[key as string];
  return copy as Omit<T, "teamId" | K>;
}
