/** What the store is made of: teams, and one collection of objects per kind, each object owned by one team. */

export interface Team {
  id: string;
  name: string;
  apiKeys: string[];
}

/** The store's teams and their keys. */
export interface Teams {
  teams(): Team[];
  teamForKey(apiKey: string): Team | undefined;
}

/** Every stored object belongs to one team; a team never sees another team's objects. */
export interface Owned {
  id: string;
  teamId: string;
}

/** One kind of object, scoped by team. */
export interface Collection<T extends Owned> {
  /** Its name in the store (`store.<name>`). */
  readonly name: string;
  get(teamId: string, id: string): T | undefined;
  list(teamId: string): T[];
  /** Inserts or replaces. */
  put(record: T): T;
  delete(teamId: string, id: string): T | undefined;
}
