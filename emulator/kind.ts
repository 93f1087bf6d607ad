import type { FastifyInstance } from "fastify";
import type { MachineEventName } from "../contract/paperspace-api";
import type { Owned, Team, Teams } from "./collection";
import type { Duration, EventOutcome, MachineEventRecord, PlanExtras, ProfileName } from "./events";
import type { Handlers } from "./handler";
import type { DeleteLag, Lingering, QuirkName } from "./quirks";
import type { LiveForm } from "./wire";

/**
 * A kind of object the emulator serves, declared once, in a file of `kinds/` listed in `kinds/index.ts`. The store's
 * collections, the ids, the events' effects and timing, the delete lag, the live wire form, the server's handlers and
 * `/_emulator/state` are derived from that list. `State` is what the kind's code uses of the emulator's state.
 */
export type Kind<State> = KindBehaviour<State> & (StoredKind | DerivedKind);

/** A kind the store keeps, in a collection of its own. */
interface StoredKind {
  /** The collection's name: `store.<collection>`, and its key in `/_emulator/state` and in the state file. */
  readonly collection: string;
  /** Absent for a kind whose objects are named otherwise: a public IP by its address, an accessor by machine and user. */
  readonly ids?: IdShape;
  // Methods, not function properties: their parameters are compared both ways, so each kind's take its record type.
  /** An object as the API answers it; the record it takes is the collection's record type. */
  view(record: Owned): unknown;
  /** An object as `/_emulator/state` shows it. */
  controlView(record: Owned): unknown;
}

/** A kind the emulator derives (from the team, or from the catalogue): nothing stored. */
interface DerivedKind {
  readonly collection?: undefined;
  readonly ids?: IdShape;
  readonly view?: undefined;
  readonly controlView?: undefined;
}

/** Ids shaped like the real API's: `prefix` and `length` characters, drawn by `ids.<name>()` from one seeded sequence. */
interface IdShape {
  readonly name: string;
  readonly prefix: string;
  readonly length: number;
  /** The characters drawn (digits and lowercase letters unless told otherwise). */
  readonly alphabet?: string;
}

interface KindBehaviour<State> {
  /** What each team starts with, made when the emulator seeds its teams (at its first start, and at a reset). */
  readonly seedTeam?: (state: State, team: Team) => void;
  /** The events it owns, by name. */
  readonly events?: { readonly [Name in MachineEventName]?: EventSpec<State> };
  /** The quirks that apply to its objects. */
  readonly quirks?: {
    /** Under `delete-lag`: how its deleted objects linger (a kind that says nothing has none that do). */
    readonly deleteLag?: Lingering;
  };
  /** Its objects in the live wire form, beyond the region every kind's objects answer as a display name. */
  readonly liveForm?: LiveForm;
  /** Its operations of the contract, by operationId. */
  readonly routes?: Partial<Handlers<State>>;
  /** Its own routes of the control API, under `/_emulator`. */
  readonly controlRoutes?: (app: FastifyInstance, state: State) => void;
}

/** An event a kind owns: how long it takes in each timing profile, and what it does when it ends. */
export interface EventSpec<State> {
  readonly durations: Readonly<Record<ProfileName, Duration>>;
  readonly onDone?: (state: State, event: MachineEventRecord, now: string) => void;
  /** When it ends in an error or is cancelled. */
  readonly onFailed?: (state: State, event: MachineEventRecord, now: string) => void;
}

/**
 * What a kind's code uses of the emulator's state: the collections it names (its own, and those of other kinds it
 * reads or changes, by their names in the store) and the events it starts. The server checks that the state has them.
 * A kind exports its own as `State`, so that the declarations emitted for the registry name it rather than spell it
 * out (which would import `Collection` back from the package's index).
 */
export interface KindState<Collections extends object, EventName extends MachineEventName = never> {
  readonly store: Collections & Teams;
  readonly quirks: ReadonlySet<QuirkName>;
  /** Deleted objects that still answer reads while `delete-lag` is on. */
  readonly lingering: DeleteLag;
  /** The time for a new object: strictly increasing, so that lists ordered by creation keep creation order. */
  now(): string;
  /** Draws an id for an object of this collection. */
  newId(collection: keyof Collections & string): string;
  /** A number in [0, 1) from the seeded sequence the ids come from, so that what is drawn with it is reproducible. */
  random(): number;
  /** An object the API deleted: under `delete-lag` it still answers reads for a while. */
  deleted(collection: keyof Collections & string, record: Owned | undefined): void;
  /** Starts an asynchronous operation's event. */
  startEvent(
    teamId: string,
    name: EventName,
    machineId: string,
    outcome: EventOutcome,
    extra?: PlanExtras,
  ): MachineEventRecord;
}
