import { LIMITS } from "../../contract/paperspace-api";
import { apiError } from "../errors";
import type { RequestContext } from "../handler";
import type { Collection, MachineRecord, Owned } from "../store";

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
