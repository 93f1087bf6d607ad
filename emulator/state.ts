import {
  type Duration,
  type EventDurations,
  EventEngine,
  PROFILES,
  type PlanExtras,
  type ProfileName,
  planEvent,
  removeMachine,
} from "./events";
import { GIB, MACHINE_TYPES } from "./catalog";
import { publicNetworkId } from "./routes/account";
import { Faults } from "./faults";
import { IdGenerator } from "./ids";
import { DEFAULT_DELETE_LAG_MS, DeleteLag, type LingeringCollection, type QuirkName } from "./quirks";
import { type Position, comparePositions } from "./pagination";
import { type RateLimitConfig, RateLimiter } from "./rateLimit";
import {
  type EmulatorStore,
  type EventOutcome,
  type EmulatedEventName,
  type MachineEventRecord,
  type MachineRecord,
  type MachineState,
  MemoryStore,
  type Owned,
  type Team,
} from "./store";

/** The key the emulator accepts when none is given; for local use only. */
export const DEFAULT_API_KEY = "paperspace-emulator-key";

export interface SeedMachine {
  name: string;
  state?: MachineState;
}

/** A machine to add: a seeded one's name and state, or everything a create request said. */
export type MachineSpec = SeedMachine &
  Partial<
    Pick<
      MachineRecord,
      | "machineType"
      | "region"
      | "os"
      | "agentType"
      | "networkId"
      | "publicIpType"
      | "autoShutdownEnabled"
      | "autoShutdownForce"
      | "autoShutdownTimeout"
      | "autoSnapshotEnabled"
      | "autoSnapshotFrequency"
      | "autoSnapshotSaveCount"
      | "restorePointEnabled"
      | "restorePointFrequency"
      | "templateId"
    >
  > & { diskSizeGb?: number };

export interface SeedTeam {
  name: string;
  apiKeys: string[];
  machines?: SeedMachine[];
}

export const DEFAULT_MACHINES: SeedMachine[] = [
  { name: "training-box", state: "ready" },
  { name: "golden-image", state: "off" },
];

export interface SeedOptions {
  /** Keys of the default team. */
  apiKeys?: string[];
  /** Machines of the default team. */
  machines?: SeedMachine[];
  /** More teams beside the default one; each sees only its own objects. */
  teams?: SeedTeam[];
  /** Seeds the id generator; the same seed and requests give the same ids. */
  seed?: number;
  /** Event timing: `fast` (the default) or `realistic`. */
  profile?: ProfileName;
  /** Per-event durations over the profile's. */
  eventDurations?: Partial<EventDurations>;
  /** A per-key token bucket; off when absent. */
  rateLimit?: RateLimitConfig;
  /** The real API's rough edges to act out (none by default). */
  quirks?: QuirkName[];
  /** How long a deleted object still answers under `delete-lag`. */
  deleteLagMs?: number;
  store?: EmulatorStore;
  /** The time source (epoch ms); tests may drive it. */
  clock?: () => number;
}

export interface LoggedRequest {
  seq: number;
  method: string;
  /** Relative to the API base URL, without the query string. */
  path: string;
  query: string;
  status: number;
  /** When the answer went out (epoch ms, the emulator's clock), for timelines such as when a poll saw an event done. */
  at: number;
  durationMs: number;
  /** The fault injected into this request, if any (e.g. `status:503`, `drop:after`). */
  fault?: string;
}

/** Everything the emulator knows: the store, ids, clock, event engine, faults, rate limit and the request log. */
export class EmulatorState {
  readonly store: EmulatorStore;
  readonly seed: number;
  readonly clock: () => number;
  readonly events: EventEngine;
  readonly faults = new Faults();
  ids: IdGenerator;
  eventDurations: EventDurations;
  rateLimiter: RateLimiter | undefined;
  quirks: ReadonlySet<QuirkName>;
  deleteLagMs: number;
  /** Deleted objects that still answer reads while `delete-lag` is on. */
  readonly lingering: DeleteLag;
  readonly requests: LoggedRequest[] = [];
  private nextSeq = 1;
  private lastCreated = 0;
  /** Each team's events in creation order, all of them (by team id) and by machine (`team/machine`). */
  private readonly eventOrder = new Map<string, Position[]>();

  constructor(private readonly options: SeedOptions = {}) {
    this.store = options.store ?? new MemoryStore();
    this.seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    this.clock = options.clock ?? Date.now;
    this.lingering = new DeleteLag(this.clock);
    this.quirks = new Set(options.quirks ?? []);
    this.events = new EventEngine(this.store, this.clock, {
      deleted: (collection, record) => this.deleted(collection, record),
      ambiguousErrors: () => this.quirks.has("ambiguous-errors"),
    });
    this.deleteLagMs = options.deleteLagMs ?? DEFAULT_DELETE_LAG_MS;
    this.eventDurations = { ...PROFILES[options.profile ?? "fast"], ...options.eventDurations };
    this.rateLimiter = options.rateLimit ? new RateLimiter(options.rateLimit, this.clock) : undefined;
    if (this.store.restored && typeof this.store.meta.ids === "number") {
      this.ids = new IdGenerator(this.store.meta.ids);
    } else {
      this.ids = new IdGenerator(this.seed);
      this.reset();
    }
    this.indexEvents();
  }

  /** Back to the seeded state: the teams, their keys and machines, a fresh id sequence, no faults, an empty log. */
  reset(): void {
    this.store.clear();
    this.ids = new IdGenerator(this.seed);
    this.faults.clear();
    this.lingering.clear();
    this.events.rescan();
    this.eventOrder.clear();
    this.requests.length = 0;
    this.nextSeq = 1;
    const defaultTeam: SeedTeam = {
      name: "default",
      apiKeys: this.options.apiKeys ?? [DEFAULT_API_KEY],
      machines: this.options.machines ?? DEFAULT_MACHINES,
    };
    for (const seed of [defaultTeam, ...(this.options.teams ?? [])]) {
      const team: Team = { id: this.ids.team(), name: seed.name, apiKeys: [...seed.apiKeys] };
      this.store.addTeam(team);
      for (const machine of seed.machines ?? []) this.addMachine(team.id, machine);
    }
  }

  /** The stored data that must follow every id drawn, so that a restarted emulator does not repeat ids. */
  private remember(): void {
    this.store.meta = { ...this.store.meta, ids: this.ids.state };
  }

  /** The time for a new object: strictly increasing, so that lists ordered by creation keep creation order. */
  now(): string {
    this.lastCreated = Math.max(this.clock(), this.lastCreated + 1);
    return new Date(this.lastCreated).toISOString();
  }

  log(entry: Omit<LoggedRequest, "seq" | "at">): void {
    this.requests.push({ seq: this.nextSeq++, at: this.clock(), ...entry });
  }

  setRateLimit(config: RateLimitConfig | null): void {
    this.rateLimiter = config ? new RateLimiter(config, this.clock) : undefined;
  }

  /** An object the API deleted: under `delete-lag` it still answers reads for a while. */
  deleted(collection: LingeringCollection, record: Owned | undefined): void {
    if (record && this.quirks.has("delete-lag")) this.lingering.keep(collection, record, this.deleteLagMs);
  }

  /** Starts an asynchronous operation's event. */
  startEvent(
    teamId: string,
    name: EmulatedEventName,
    machineId: string,
    outcome: EventOutcome,
    extra: PlanExtras = {},
  ): MachineEventRecord {
    const duration: Duration = this.eventDurations[name];
    const id = this.ids.event();
    this.remember();
    const event = this.store.machineEvents.put({
      id,
      teamId,
      name,
      state: "new",
      error: null,
      machineId,
      dtCreated: this.now(),
      dtStarted: null,
      dtFinished: null,
      plan: planEvent(duration, this.clock(), outcome, extra),
    });
    this.events.track(event);
    this.indexEvent(event);
    return event;
  }

  /** A team's events (or one machine's) in creation order, for lists to page through without a scan. */
  eventPositions(teamId: string, machineId?: string): readonly Position[] {
    return this.eventOrder.get(machineId === undefined ? teamId : `${teamId}/${machineId}`) ?? [];
  }

  private indexEvent(event: MachineEventRecord): void {
    const at: Position = [event.dtCreated, event.id];
    for (const key of [event.teamId, ...(event.machineId ? [`${event.teamId}/${event.machineId}`] : [])]) {
      let positions = this.eventOrder.get(key);
      if (!positions) this.eventOrder.set(key, (positions = []));
      // Events come in creation order; a restored store's clock may lag, so each goes where it sorts.
      let index = positions.length;
      while (index > 0 && comparePositions(positions[index - 1], at) > 0) index--;
      positions.splice(index, 0, at);
    }
  }

  /** The index of the events already stored (a restored store's). */
  private indexEvents(): void {
    this.eventOrder.clear();
    for (const team of this.store.teams())
      for (const event of this.store.machineEvents.list(team.id)) this.indexEvent(event);
  }

  /** Draws an id and records the generator's position with the next write. */
  newId(kind: "startupScript" | "customTemplate" | "snapshot"): string {
    const id = this.ids[kind]();
    this.remember();
    return id;
  }

  /**
   * A new machine: a seeded one (an A4000 in ny2 with a 50 GB Ubuntu disk, unless told otherwise), or one a create
   * request asked for, with its settings.
   */
  addMachine(teamId: string, spec: MachineSpec): MachineRecord {
    const now = this.now();
    const id = this.ids.machine();
    this.remember();
    const machineType = spec.machineType ?? "A4000";
    const { cpus, ramGb, gpu, usageRate } = MACHINE_TYPES[machineType] ?? MACHINE_TYPES.A4000;
    const publicIpType = spec.publicIpType ?? "dynamic";
    const address = `${parseInt(id.slice(-4), 36) % 250}.${parseInt(id.slice(-2), 36) % 250}`;
    return this.store.machines.put({
      id,
      teamId,
      name: spec.name,
      state: spec.state ?? "off",
      agentType: spec.agentType ?? "LinuxHeadless",
      accelerators: gpu ? [{ name: gpu.name, memory: gpu.memoryGb * GIB, count: 1 }] : null,
      autoShutdownEnabled: spec.autoShutdownEnabled ?? false,
      autoShutdownForce: spec.autoShutdownForce ?? null,
      autoShutdownTimeout: spec.autoShutdownTimeout ?? null,
      autoSnapshotEnabled: spec.autoSnapshotEnabled ?? false,
      autoSnapshotFrequency: spec.autoSnapshotFrequency ?? null,
      autoSnapshotSaveCount: spec.autoSnapshotSaveCount ?? null,
      cpus,
      dtCreated: now,
      dtDeleted: null,
      dtModified: now,
      machineType,
      networkId: spec.networkId ?? publicNetworkId(teamId, spec.region ?? "ny2"),
      os: spec.os ?? "Ubuntu 22.04",
      privateIp: `10.0.${address}`,
      publicIp: publicIpType === "none" ? null : `184.105.${address}`,
      publicIpType,
      ram: ramGb * GIB,
      region: spec.region ?? "ny2",
      reservation: null,
      restorePointEnabled: spec.restorePointEnabled ?? false,
      restorePointFrequency: spec.restorePointFrequency ?? null,
      restorePointSnapshotId: null,
      storageRate: 0.29,
      storageTotal: (spec.diskSizeGb ?? 50) * GIB,
      storageUsed: 12 * GIB,
      updatesPending: false,
      usageRate,
      templateId: spec.templateId ?? null,
    });
  }

  /** The control API's delete, as if made in the console: the machine goes at once, as a finished `deactivate` takes it. */
  deleteMachine(teamId: string, machineId: string): MachineRecord | undefined {
    const machine = removeMachine(this.store, teamId, machineId);
    this.deleted("machines", machine);
    return machine;
  }
}
