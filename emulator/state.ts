import type { Owned, Team } from "./collection";
import {
  type Duration,
  type Effect,
  EventEngine,
  type EventOutcome,
  type MachineEventRecord,
  type PlanExtras,
  planEvent,
} from "./events";
import { Faults } from "./faults";
import { type IdName, IdGenerator } from "./ids";
import type { Kind } from "./kind";
import { KINDS } from "./kinds";
import { type SeedMachine, addMachine } from "./kinds/machines";
import { type Position, comparePositions } from "./pagination";
import { type EmulatedEventName, type EventDurations, PROFILES, type ProfileName } from "./profiles";
import { DEFAULT_DELETE_LAG_MS, DeleteLag, type Lingering, type QuirkName } from "./quirks";
import { type RateLimitConfig, RateLimiter } from "./rateLimit";
import { type CollectionName, type EmulatorStore, MemoryStore } from "./store";
import { DEFAULT_WIRE_FORM, type WireForm } from "./wire";

/** The kinds, as code that acts on this state sees them (the compiler checks that it has what each kind uses). */
const kinds: readonly Kind<EmulatorState>[] = KINDS;

/** How each lingering collection lingers under `delete-lag`, from its kind. */
const LINGERING: Record<string, Lingering> = Object.fromEntries(
  kinds.flatMap((kind) =>
    kind.collection && kind.quirks?.deleteLag ? [[kind.collection, kind.quirks.deleteLag]] : [],
  ),
);

/** Which of the generator's methods draws a collection's ids (none for a kind whose objects are named otherwise). */
const ID_NAMES = Object.fromEntries(
  kinds.flatMap((kind) => (kind.collection && kind.ids ? [[kind.collection, kind.ids.name]] : [])),
) as Partial<Record<CollectionName, IdName>>;

/** Each kind's events' effects, bound to the state they act on. */
function eventEffects(state: EmulatorState): Record<string, Effect> {
  const effects: Record<string, Effect> = {};
  for (const kind of kinds) {
    for (const [name, spec] of Object.entries(kind.events ?? {})) {
      effects[name] = {
        onDone: (event, now) => spec.onDone?.(state, event, now),
        onFailed: (event, now) => spec.onFailed?.(state, event, now),
      };
    }
  }
  return effects;
}

/** The key the emulator accepts when none is given; for local use only. */
export const DEFAULT_API_KEY = "paperspace-emulator-key";

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
  /** How answers carry a machine's sizes and regions: as the live API does (the default), or as the contract types them. */
  wireForm?: WireForm;
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
  wireForm: WireForm;
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
    this.lingering = new DeleteLag(this.clock, LINGERING);
    this.wireForm = options.wireForm ?? DEFAULT_WIRE_FORM;
    this.quirks = new Set(options.quirks ?? []);
    this.events = new EventEngine(this.store, this.clock, {
      effects: eventEffects(this),
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

  /**
   * Back to the seeded state: the teams, their keys, what each kind starts a team with (its private network) and their
   * machines; a fresh id sequence, no faults, an empty log.
   */
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
      for (const kind of kinds) kind.seedTeam?.(this, team);
      for (const machine of seed.machines ?? []) addMachine(this, team.id, machine);
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
  deleted(collection: CollectionName, record: Owned | undefined): void {
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
    const id = this.newId("machineEvents");
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

  /** Draws an id for an object of this collection, and records the generator's position with the next write. */
  newId(collection: CollectionName): string {
    const idName = ID_NAMES[collection];
    if (!idName) throw new Error(`the kind of ${collection} gives no ids: its objects are named otherwise`);
    const id = this.ids[idName]();
    this.remember();
    return id;
  }

  /** A number in [0, 1) from the ids' sequence, whose position is recorded with the next write as for an id. */
  random(): number {
    const drawn = this.ids.draw();
    this.remember();
    return drawn;
  }
}
