/** The emulator's state, behind an interface so that another backend can be dropped in. */
import {
  type CustomTemplate,
  type Machine,
  type MachineEvent,
  type MachineEventName,
  type MachineState,
  type Snapshot,
  type StartupScript,
  machineStateValues,
} from "../contract/paperspace-api";

export type { MachineState };

export interface Team {
  id: string;
  name: string;
  apiKeys: string[];
}

/** Every stored object belongs to one team; a team never sees another team's objects. */
export interface Owned {
  id: string;
  teamId: string;
}

/** The machine states of the contract, in its order. */
export const MACHINE_STATES: readonly MachineState[] = machineStateValues;

/** The events the emulator runs (the contract names more). */
export type EmulatedEventName = Extract<
  MachineEventName,
  | "create"
  | "deactivate"
  | "restart"
  | "snapshot-create"
  | "snapshot-delete"
  | "snapshot-restore"
  | "start"
  | "stop"
  | "template-create"
  | "vm-upgrade"
>;

/** How an event ends: the state it settles in, and whether it first reads `error` with no message. */
export type EventOutcome = "done" | "error" | "cancelled" | "stuck" | "transient-error";

/**
 * What an event still has to do, kept as data (not timers) so that it survives a restart. It starts at `startAt`
 * and finishes at `finishAt` (epoch ms) or, when `finishAfterPolls` is set, at that many reads of the event.
 */
export interface EventPlan {
  startAt: number;
  finishAt: number;
  finishAfterPolls: number | null;
  outcome: EventOutcome;
  /** Reads of the event so far. */
  polls: number;
  /** For `transient-error`: whether the misleading `error` reading has been shown yet. */
  transientShown: boolean;
  /** The object the event concerns (template, snapshot), when not the machine alone. */
  subjectId: string | null;
  /** For a machine power event: the state the machine goes back to if the event fails. */
  machineStateBefore: MachineState | null;
  /** For a machine's create or resize: the state it is left in when the event is done. */
  machineStateAfter?: MachineState | null;
  /** For a resize: what the machine becomes when the event is done. */
  machineChanges?: Pick<MachineRecord, "machineType" | "storageTotal" | "cpus" | "ram" | "usageRate"> | null;
  /** For a machine's create: take a snapshot of it when the event is done. */
  initialSnapshot?: boolean;
  /** Ended, though it reads with no end time (a failure under the `ambiguous-errors` quirk). */
  settled?: boolean;
  /** When a read (of the event, or of a list that held it) first showed it ended: how late a client saw it. */
  endSeenAt?: number;
}

/** The emulator also keeps which template a machine was made from (the API's object does not say). */
export type MachineRecord = Machine & Owned & { templateId?: string | null };
/** The stored script keeps its body, which the API never returns. */
export type StartupScriptRecord = StartupScript & Owned & { script: string };
export type CustomTemplateRecord = CustomTemplate & Owned;
/** The emulator also keeps when a snapshot was made, to order lists by (the API's object has no date). */
export type SnapshotRecord = Snapshot & Owned & { dtCreated: string };
export type MachineEventRecord = Omit<MachineEvent, "name"> & { name: EmulatedEventName } & Owned & { plan: EventPlan };

/** One kind of object, scoped by team. */
export interface Collection<T extends Owned> {
  get(teamId: string, id: string): T | undefined;
  list(teamId: string): T[];
  /** Inserts or replaces. */
  put(record: T): T;
  delete(teamId: string, id: string): T | undefined;
}

export interface Collections {
  machines: Collection<MachineRecord>;
  startupScripts: Collection<StartupScriptRecord>;
  customTemplates: Collection<CustomTemplateRecord>;
  snapshots: Collection<SnapshotRecord>;
  machineEvents: Collection<MachineEventRecord>;
}

export type CollectionName = keyof Collections;

export const COLLECTION_NAMES: CollectionName[] = [
  "machines",
  "startupScripts",
  "customTemplates",
  "snapshots",
  "machineEvents",
];

export interface EmulatorStore extends Collections {
  teams(): Team[];
  teamForKey(apiKey: string): Team | undefined;
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
    private readonly name: CollectionName,
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

/** The default store: everything in memory, gone when the process ends. */
export class MemoryStore implements EmulatorStore {
  protected readonly teamList: Team[] = [];
  private readonly notify = (change: Change) => this.changed(change);
  readonly machines = new MemoryCollection<MachineRecord>("machines", this.notify);
  readonly startupScripts = new MemoryCollection<StartupScriptRecord>("startupScripts", this.notify);
  readonly customTemplates = new MemoryCollection<CustomTemplateRecord>("customTemplates", this.notify);
  readonly snapshots = new MemoryCollection<SnapshotRecord>("snapshots", this.notify);
  readonly machineEvents = new MemoryCollection<MachineEventRecord>("machineEvents", this.notify);
  meta: Record<string, unknown> = {};
  restored = false;

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
    for (const name of COLLECTION_NAMES) this[name].clear();
    this.changed({ op: "clear" });
  }

  close(): void {}

  /** Called after every change; a store that persists writes it down before the change is acknowledged. */
  protected changed(_change: Change): void {}

  /** Applies a change read back from storage. */
  protected apply(change: Change): void {
    switch (change.op) {
      case "put":
        (this[change.collection] as MemoryCollection<Owned>).put(change.record);
        break;
      case "delete":
        this[change.collection].delete(change.teamId, change.id);
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
