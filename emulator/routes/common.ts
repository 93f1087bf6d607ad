import { LIMITS } from "../../contract/paperspace-api";
import { apiError } from "../errors";
import type { RequestContext } from "../handler";
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

const collectionOf = <C extends LingeringCollection>(context: RequestContext, collection: C) =>
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

/** The team's objects, for a list: with the ones deleted a moment ago that still linger. */
export function listed<C extends LingeringCollection>(context: RequestContext, collection: C): RecordOf<C>[] {
  const records = collectionOf(context, collection).list(context.team.id);
  return [...records, ...context.state.lingering.list<RecordOf<C>>(collection, context.team.id)];
}

/** Whether list pages repeat the item before them (the `duplicate-pages` quirk). */
export function repeatsItems(context: RequestContext): boolean {
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
