import type {
  EmulatedEventName,
  EmulatorStore,
  EventOutcome,
  EventPlan,
  MachineEventRecord,
  MachineState,
  Owned,
} from "./store";

/** How long an event runs: milliseconds, or a number of reads of the event (`GET /machine-events/{id}`). */
export type Duration = number | { polls: number };

export type EventDurations = Record<EmulatedEventName, Duration>;

/** Event timing profiles: `fast` for tests and demos, `realistic` close to what the real API takes. */
export const PROFILES: Record<"fast" | "realistic", EventDurations> = {
  fast: {
    create: 50,
    deactivate: 50,
    "vm-upgrade": 50,
    "template-create": 50,
    "snapshot-create": 50,
    "snapshot-delete": 50,
    "snapshot-restore": 50,
    start: 50,
    stop: 50,
    restart: 50,
  },
  realistic: {
    create: 120_000,
    deactivate: 20_000,
    "vm-upgrade": 60_000,
    "template-create": 45_000,
    "snapshot-create": 20_000,
    "snapshot-delete": 5_000,
    "snapshot-restore": 30_000,
    start: 25_000,
    stop: 15_000,
    restart: 35_000,
  },
};

export type ProfileName = keyof typeof PROFILES;

/** What an event's effect may do besides changing the store: tell that it deleted an object the API showed. */
type Deleted = (collection: "machines" | "snapshots", record: Owned | undefined) => void;

/** What an event does to the world when it ends, by its name. */
interface Effect {
  onDone?(store: EmulatorStore, event: MachineEventRecord, now: string, deleted: Deleted): void;
  onFailed?(store: EmulatorStore, event: MachineEventRecord, now: string): void;
}

function setMachineState(store: EmulatorStore, event: MachineEventRecord, state: MachineState | null, now: string) {
  const machine = event.machineId ? store.machines.get(event.teamId, event.machineId) : undefined;
  if (machine && state) store.machines.put({ ...machine, state, dtModified: now });
}

/** Removes the object a failed create made: it never was, so it does not linger. */
function removeFailed(collection: "customTemplates" | "snapshots") {
  return (store: EmulatorStore, event: MachineEventRecord) => {
    if (event.plan.subjectId) store[collection].delete(event.teamId, event.plan.subjectId);
  };
}

/** Deletes a machine with its snapshots, and unassigns the scripts assigned to it; its events stay as history. */
export function removeMachine(store: EmulatorStore, teamId: string, machineId: string) {
  const machine = store.machines.delete(teamId, machineId);
  if (!machine) return undefined;
  for (const snapshot of store.snapshots.list(teamId)) {
    if (snapshot.machineId === machineId) store.snapshots.delete(teamId, snapshot.id);
  }
  for (const script of store.startupScripts.list(teamId)) {
    if (script.assignedMachineIds.includes(machineId)) {
      const assignedMachineIds = script.assignedMachineIds.filter((id) => id !== machineId);
      store.startupScripts.put({ ...script, assignedMachineIds });
    }
  }
  return machine;
}

/** A new machine is ready (or off when not started on create), with its initial snapshot when one was asked for. */
function machineMade(store: EmulatorStore, event: MachineEventRecord, now: string) {
  setMachineState(store, event, event.plan.machineStateAfter ?? "ready", now);
  const machine = event.machineId ? store.machines.get(event.teamId, event.machineId) : undefined;
  if (machine && event.plan.initialSnapshot && event.plan.subjectId) {
    store.snapshots.put({
      id: event.plan.subjectId,
      teamId: event.teamId,
      name: `${machine.name} (initial)`,
      machineId: machine.id,
      isAutoSnapshot: false,
      dtCreated: now,
    });
  }
}

/** A resize applies its changes when done, and leaves the machine off. */
function machineResized(store: EmulatorStore, event: MachineEventRecord, now: string) {
  const machine = event.machineId ? store.machines.get(event.teamId, event.machineId) : undefined;
  if (!machine) return;
  const state = event.plan.machineStateAfter ?? "off";
  store.machines.put({ ...machine, ...event.plan.machineChanges, state, dtModified: now });
}

const EFFECTS: Record<EmulatedEventName, Effect> = {
  // A machine whose create fails is not left behind.
  create: {
    onDone: machineMade,
    onFailed: (store, event) => void (event.machineId && removeMachine(store, event.teamId, event.machineId)),
  },
  deactivate: {
    onDone: (store, event, _now, deleted) =>
      event.machineId && deleted("machines", removeMachine(store, event.teamId, event.machineId)),
  },
  "vm-upgrade": {
    onDone: machineResized,
    onFailed: (store, event, now) => setMachineState(store, event, event.plan.machineStateBefore, now),
  },
  // A failed create leaves nothing behind.
  "template-create": { onFailed: removeFailed("customTemplates") },
  "snapshot-create": { onFailed: removeFailed("snapshots") },
  "snapshot-delete": {
    onDone: (store, event, _now, deleted) =>
      event.plan.subjectId && deleted("snapshots", store.snapshots.delete(event.teamId, event.plan.subjectId)),
  },
  "snapshot-restore": {},
  start: {
    onDone: (store, event, now) => setMachineState(store, event, "ready", now),
    onFailed: (store, event, now) => setMachineState(store, event, event.plan.machineStateBefore, now),
  },
  stop: {
    onDone: (store, event, now) => setMachineState(store, event, "off", now),
    onFailed: (store, event, now) => setMachineState(store, event, event.plan.machineStateBefore, now),
  },
  restart: {
    onDone: (store, event, now) => setMachineState(store, event, "ready", now),
    onFailed: (store, event, now) => setMachineState(store, event, event.plan.machineStateBefore, now),
  },
};

const TERMINAL = new Set(["done", "error", "cancelled"]);

export function isSettled(event: MachineEventRecord): boolean {
  return TERMINAL.has(event.state) && (event.dtFinished !== null || event.plan.settled === true);
}

/** What the engine asks of the emulator around it. */
export interface EventHooks {
  /** An event deleted an object the API showed (a deletion that may linger under `delete-lag`). */
  deleted: Deleted;
  /** Whether ended events read as `error` with no message, as under the `ambiguous-errors` quirk. */
  ambiguousErrors(): boolean;
}

/**
 * Machine events as a state engine: `new` → `in progress` → `done` (or `error` / `cancelled`), with each event's
 * effect applied at the transition. Nothing runs on timers: the engine advances whenever the emulator answers a
 * request, from the plan stored with each event, so events survive a restart and are reproducible. Only the events
 * still running are looked at: an account's history does not slow every request down.
 */
export class EventEngine {
  /** The events not yet settled, as `[teamId, id]` by key. */
  private readonly running = new Map<string, [string, string]>();

  constructor(
    private readonly store: EmulatorStore,
    private readonly clock: () => number,
    private readonly hooks: EventHooks,
  ) {
    this.rescan();
  }

  /** Finds the running events again, from the store (after a restore or a reset). */
  rescan(): void {
    this.running.clear();
    for (const team of this.store.teams()) {
      for (const event of this.store.machineEvents.list(team.id)) if (!isSettled(event)) this.track(event);
    }
  }

  /** A new event, to move from now on. */
  track(event: MachineEventRecord): void {
    this.running.set(`${event.teamId}/${event.id}`, [event.teamId, event.id]);
  }

  /** Moves every time-driven event that is due. */
  advance(): void {
    const now = this.clock();
    for (const event of this.stillRunning()) this.step(event, now);
  }

  /** Events a `stuck` fault held finish as planned from now on: the platform has recovered. */
  releaseStuck(): void {
    for (const event of this.stillRunning()) {
      if (event.plan.outcome === "stuck") {
        this.store.machineEvents.put({ ...event, plan: { ...event.plan, outcome: "done" } });
      }
    }
    this.advance();
  }

  /** A read of one event: counts as a poll, then moves it if due. Returns the event as it now reads. */
  observe(event: MachineEventRecord): MachineEventRecord {
    const polled = this.store.machineEvents.put({ ...event, plan: { ...event.plan, polls: event.plan.polls + 1 } });
    const current = isSettled(polled) ? polled : this.step(polled, this.clock());
    if (current.plan.outcome === "transient-error" && current.state === "error" && !current.plan.transientShown) {
      // The misleading reading has now been seen once; the next read moves on to `done`.
      this.store.machineEvents.put({ ...current, plan: { ...current.plan, transientShown: true } });
    } else if (current.plan.endSeenAt === undefined && isSettled(current)) {
      this.store.machineEvents.put({ ...current, plan: { ...current.plan, endSeenAt: this.clock() } });
    }
    return current;
  }

  /** The running events as they are now; the ones that have settled (or gone with a reset) are let go. */
  private stillRunning(): MachineEventRecord[] {
    const events: MachineEventRecord[] = [];
    for (const [key, [teamId, id]] of this.running) {
      const event = this.store.machineEvents.get(teamId, id);
      if (event && !isSettled(event)) events.push(event);
      else this.running.delete(key);
    }
    return events;
  }

  private step(event: MachineEventRecord, now: number): MachineEventRecord {
    const { plan } = event;
    const iso = new Date(now).toISOString();
    let next = event;
    if (next.state === "new" && (plan.finishAfterPolls !== null ? plan.polls >= 1 : now >= plan.startAt)) {
      next = { ...next, state: "in progress", dtStarted: iso };
    }
    const due = plan.finishAfterPolls !== null ? plan.polls >= plan.finishAfterPolls : now >= plan.finishAt;
    if (due && plan.outcome !== "stuck") {
      if (next.dtStarted === null) next = { ...next, dtStarted: iso };
      next = this.finish(next, iso);
    }
    return next === event ? event : this.store.machineEvents.put(next);
  }

  private finish(event: MachineEventRecord, now: string): MachineEventRecord {
    const { outcome, transientShown } = event.plan;
    if (outcome === "transient-error" && !transientShown) {
      // The real API's quirk: `error` with no message and no end time, before it settles as `done`.
      return event.state === "error" ? event : { ...event, state: "error", error: null };
    }
    const effect = EFFECTS[event.name];
    const ambiguous = this.hooks.ambiguousErrors();
    if (outcome === "done" || outcome === "transient-error") {
      effect.onDone?.(this.store, event, now, this.hooks.deleted);
      // Under `ambiguous-errors`, a success reads as an error with no message but an end time.
      return ambiguous
        ? { ...event, state: "error", error: null, dtFinished: now }
        : { ...event, state: "done", error: null, dtFinished: now };
    }
    effect.onFailed?.(this.store, event, now);
    // ... and a failure as an error with no message and no end time, for good.
    if (ambiguous && outcome === "error") {
      return { ...event, state: "error", error: null, plan: { ...event.plan, settled: true } };
    }
    const message = outcome === "cancelled" ? "The operation was cancelled" : `The ${event.name} operation failed`;
    return { ...event, state: outcome === "cancelled" ? "cancelled" : "error", error: message, dtFinished: now };
  }
}

/** What an event's plan may carry besides its timing. */
export type PlanExtras = Partial<
  Pick<EventPlan, "machineStateBefore" | "machineStateAfter" | "machineChanges" | "initialSnapshot">
> & { subjectId?: string };

/** The plan of a new event, from its duration and the outcome a fault asked for. */
export function planEvent(duration: Duration, now: number, outcome: EventOutcome, extra: PlanExtras): EventPlan {
  const polls = typeof duration === "number" ? null : Math.max(1, duration.polls);
  const ms = typeof duration === "number" ? Math.max(0, duration) : 0;
  return {
    startAt: now + Math.round(ms / 10),
    finishAt: now + ms,
    finishAfterPolls: polls,
    outcome,
    polls: 0,
    transientShown: false,
    subjectId: extra.subjectId ?? null,
    machineStateBefore: extra.machineStateBefore ?? null,
    machineStateAfter: extra.machineStateAfter ?? null,
    machineChanges: extra.machineChanges ?? null,
    initialSnapshot: extra.initialSnapshot ?? false,
  };
}
