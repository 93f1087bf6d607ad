/**
 * How the real API behaves on a bad day, each as a behaviour of its own, off by default (emulator/README.md gives
 * the evidence for each). A run turns them on one by one or all at once; the provider must survive every one.
 */
import { REGIONS } from "./catalog";
import type { Owned } from "./store";

export const QUIRK_NAMES = [
  "duplicate-pages",
  "delete-lag",
  "string-numbers",
  "region-names",
  "ambiguous-errors",
  "bodyless-patch-refused",
] as const;

export type QuirkName = (typeof QUIRK_NAMES)[number];

/** How long a deleted object still answers when `delete-lag` is on, unless told otherwise. */
export const DEFAULT_DELETE_LAG_MS = 3_000;

/** The collections whose deleted objects linger under `delete-lag`. */
export type LingeringCollection = "machines" | "customTemplates" | "snapshots" | "startupScripts";

/** The kinds whose type has a `dtDeleted` (the contract's; a snapshot has none). */
const SAYS_DELETED: LingeringCollection[] = ["machines", "customTemplates", "startupScripts"];

/**
 * Objects deleted a moment ago that still answer reads: as they were, with `dtDeleted` set where their type has
 * one, until their time is up. Kept apart from the store, so that nothing but a `GET` or a list ever sees them.
 */
export class DeleteLag {
  private readonly entries = new Map<string, { collection: LingeringCollection; record: Owned; until: number }>();

  constructor(private readonly clock: () => number) {}

  keep(collection: LingeringCollection, record: Owned, lagMs: number): void {
    const at = new Date(this.clock()).toISOString();
    const deleted = SAYS_DELETED.includes(collection) ? { ...record, dtDeleted: at } : record;
    this.entries.set(`${collection}/${record.id}`, { collection, record: deleted, until: this.clock() + lagMs });
  }

  get<T extends Owned>(collection: LingeringCollection, teamId: string, id: string): T | undefined {
    this.expire();
    const entry = this.entries.get(`${collection}/${id}`);
    return entry && entry.record.teamId === teamId ? (entry.record as T) : undefined;
  }

  list<T extends Owned>(collection: LingeringCollection, teamId: string): T[] {
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

/** The machine fields the live API sends as strings, though the contract types them as numbers. */
const STRING_NUMBER_FIELDS = ["ram", "storageTotal", "storageUsed"];

/**
 * An answer as the wire carries it with `string-numbers` and `region-names` on: every object of the answer (pages,
 * `{ data, event }` and bare objects alike) with those fields rewritten.
 */
export function onTheWire(payload: unknown, quirks: ReadonlySet<QuirkName>): unknown {
  const numbersAsText = quirks.has("string-numbers");
  const regionNames = quirks.has("region-names");
  if (!numbersAsText && !regionNames) return payload;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!value || typeof value !== "object") return value;
    const object = Object.fromEntries(Object.entries(value).map(([key, field]) => [key, rewrite(field)]));
    if (numbersAsText && "machineType" in object) {
      for (const key of STRING_NUMBER_FIELDS) if (typeof object[key] === "number") object[key] = String(object[key]);
      if (Array.isArray(object.accelerators)) {
        object.accelerators = object.accelerators.map((gpu: Record<string, unknown>) => ({
          ...gpu,
          memory: String(gpu.memory),
        }));
      }
    }
    if (regionNames && typeof object.region === "string" && object.region in REGIONS) {
      object.region = REGIONS[object.region];
    }
    return object;
  };
  return rewrite(payload);
}
