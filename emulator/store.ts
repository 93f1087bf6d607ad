/**
 * The emulator's state, behind an interface so that another backend can be dropped in: the teams, and one collection
 * per kind of `kinds/index.ts` that the store keeps.
 */
import type { Collection, Owned, Team, Teams } from "./collection";
import type { Kind } from "./kind";
import { KINDS } from "./kinds";

type StoredKind = Extract<(typeof KINDS)[number], { collection: string }>;

/** The names of the store's collections: each stored kind's `collection`. */
export type CollectionName = StoredKind["collection"];

/** The record type of a collection: the one its kind's view takes. */
type RecordIn<Name extends CollectionName> =
  Extract<StoredKind, { collection: Name }> extends { view(record: infer R extends Owned): unknown } ? R : never;

/** The store's collections, one per stored kind: `store.machines`, `store.snapshots`, ... */
export type Collections = { readonly [Name in CollectionName]: Collection<RecordIn<Name>> };

const kinds: readonly Kind<never>[] = KINDS;

/** In the registry's order, which is also the order of `/_emulator/state` and of a compacted state file. */
export const COLLECTION_NAMES = kinds.flatMap((kind) => (kind.collection ? [kind.collection as CollectionName] : []));

export interface EmulatorStore extends Collections, Teams {
  addTeam(team: Team): void;
  /** Forgets everything, teams included. */
  clear(): void;
  /** Opaque data saved with every change (the id generator's position), handed back by a store that persists. */
  meta: Record<string, unknown>;
  /** True when the store held objects from an earlier run (so that the seed must not be applied again). */
  readonly restored: boolean;
  /** Releases what the store holds open. */
  close(): void;
}

/** One change to a store, as a store that persists writes it down. */
export type Change =
  | { op: "put"; collection: CollectionName; record: Owned }
  | { op: "delete"; collection: CollectionName; teamId: string; id: string }
  | { op: "team"; team: Team }
  | { op: "clear" };

export class MemoryCollection<T extends Owned> implements Collection<T> {
  private readonly byTeam = new Map<string, Map<string, T>>();

  constructor(
    readonly name: CollectionName,
    private readonly onChange: (change: Change) => void,
  ) {}

  get(teamId: string, id: string): T | undefined {
    return this.byTeam.get(teamId)?.get(id);
  }

  list(teamId: string): T[] {
    return [...(this.byTeam.get(teamId)?.values() ?? [])];
  }

  put(record: T): T {
    let team = this.byTeam.get(record.teamId);
    if (!team) this.byTeam.set(record.teamId, (team = new Map()));
    team.set(record.id, record);
    this.onChange({ op: "put", collection: this.name, record });
    return record;
  }

  delete(teamId: string, id: string): T | undefined {
    const record = this.get(teamId, id);
    if (record) {
      this.byTeam.get(teamId)?.delete(id);
      this.onChange({ op: "delete", collection: this.name, teamId, id });
    }
    return record;
  }

  all(): T[] {
    return [...this.byTeam.values()].flatMap((team) => [...team.values()]);
  }

  clear(): void {
    this.byTeam.clear();
  }
}

type MemoryCollections = { readonly [Name in CollectionName]: MemoryCollection<RecordIn<Name>> };

/** The in-memory store as written; `MemoryStore` below is this class typed with its collections. */
class InMemoryStore implements Teams {
  protected readonly teamList: Team[] = [];
  meta: Record<string, unknown> = {};
  restored = false;

  constructor() {
    const notify = (change: Change) => this.changed(change);
    for (const name of COLLECTION_NAMES) Object.assign(this, { [name]: new MemoryCollection(name, notify) });
  }

  teams(): Team[] {
    return [...this.teamList];
  }

  teamForKey(apiKey: string): Team | undefined {
    return this.teamList.find((team) => team.apiKeys.includes(apiKey));
  }

  addTeam(team: Team): void {
    this.teamList.push(team);
    this.changed({ op: "team", team });
  }

  clear(): void {
    this.teamList.length = 0;
    this.meta = {};
    for (const name of COLLECTION_NAMES) this.collection(name).clear();
    this.changed({ op: "clear" });
  }

  close(): void {}

  /** A collection by its name, with its records seen as owned objects only. */
  protected collection(name: CollectionName): MemoryCollection<Owned> {
    return (this as unknown as Record<CollectionName, MemoryCollection<Owned>>)[name];
  }

  /** Called after every change; a store that persists writes it down before the change is acknowledged. */
  protected changed(_change: Change): void {}

  /** Applies a change read back from storage. */
  protected apply(change: Change): void {
    switch (change.op) {
      case "put":
        this.collection(change.collection).put(change.record);
        break;
      case "delete":
        this.collection(change.collection).delete(change.teamId, change.id);
        break;
      case "team":
        this.addTeam(change.team);
        break;
      case "clear":
        this.clear();
        break;
    }
  }
}

/**
 * The default store: everything in memory, gone when the process ends. Its collections are properties
 * (`store.machines`, ...) that the constructor makes from the registry; a class cannot declare members from a mapped
 * type, so its type is given here.
 */
export const MemoryStore = InMemoryStore as new () => MemoryStore;
export type MemoryStore = InMemoryStore & MemoryCollections;
