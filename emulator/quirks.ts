/**
 * How the real API behaves on a bad day, each as a behaviour of its own, off by default (emulator/README.md gives
 * the evidence for each). A run turns them on one by one or all at once; the provider must survive every one.
 */
import type { Owned } from "./collection";

export const QUIRK_NAMES = ["duplicate-pages", "delete-lag", "ambiguous-errors", "bodyless-patch-refused"] as const;

export type QuirkName = (typeof QUIRK_NAMES)[number];

/** How long a deleted object still answers when `delete-lag` is on, unless told otherwise. */
export const DEFAULT_DELETE_LAG_MS = 3_000;

/**
 * How a kind's deleted object lingers under `delete-lag`: with `dtDeleted` set (where the contract's type has one), or
 * as it was (a snapshot has none).
 */
export type Lingering = "sets dtDeleted" | "as it was";

/**
 * Objects deleted a moment ago that still answer reads, until their time is up; only the collections whose kind says
 * how they linger. Kept apart from the store, so that nothing but a `GET` or a list ever sees them.
 */
export class DeleteLag {
  private readonly entries = new Map<string, { collection: string; record: Owned; until: number }>();

  constructor(
    private readonly clock: () => number,
    /** How each lingering collection lingers, by its name. */
    private readonly lingering: Readonly<Record<string, Lingering>>,
  ) {}

  keep(collection: string, record: Owned, lagMs: number): void {
    const how = this.lingering[collection];
    if (!how) return;
    const at = new Date(this.clock()).toISOString();
    const deleted = how === "sets dtDeleted" ? { ...record, dtDeleted: at } : record;
    this.entries.set(`${collection}/${record.id}`, { collection, record: deleted, until: this.clock() + lagMs });
  }

  get<T extends Owned>(collection: string, teamId: string, id: string): T | undefined {
    this.expire();
    const entry = this.entries.get(`${collection}/${id}`);
    return entry && entry.record.teamId === teamId ? (entry.record as T) : undefined;
  }

  list<T extends Owned>(collection: string, teamId: string): T[] {
    this.expire();
    return [...this.entries.values()]
      .filter((entry) => entry.collection === collection && entry.record.teamId === teamId)
      .map((entry) => entry.record as T);
  }

  clear(): void {
    this.entries.clear();
  }

  private expire(): void {
    const now = this.clock();
    for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
  }
}
