/**
 * Machine events: the record every asynchronous operation leaves, its plan, and the engine that moves it. What an
 * event does when it ends belongs to the kind that owns it (`kinds/`); the engine is handed those effects.
 */
import type { Machine, MachineEvent, MachineState } from "../contract/paperspace-api";
import type { Collection, Owned, Teams } from "./collection";

/** How long an event runs: milliseconds, or a number of reads of the event (`GET /machine-events/{id}`). */
export type Duration = number | { polls: number };

/** Event timing profiles: `fast` for tests and demos, `realistic` close to what the real API takes. */
export type ProfileName = "fast" | "realistic";

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
  machineChanges?: Pick<Machine, "machineType" | "storageTotal" | "cpus" | "ram" | "usageRate"> | null;
  /** For a machine's create: take a snapshot of it when the event is done. */
  initialSnapshot?: boolean;
  /** Ended, though it reads with no end time (a failure under the `ambiguous-errors` quirk). */
  settled?: boolean;
  /** When a read (of the event, or of a list that held it) first showed it ended: how late a client saw it. */
  endSeenAt?: number;
}

/** A stored event: the API's, with its team and its plan (which the API never shows). */
export type MachineEventRecord = MachineEvent & Owned & { plan: EventPlan };

/** What an event does to the world when it ends: its kind's effect, bound to the emulator's state. */
export interface Effect {
  onDone?(event: MachineEventRecord, now: string): void;
  onFailed?(event: MachineEventRecord, now: string): void;
}

/** What the engine reads and writes: the events, and the teams whose events it looks for. */
export type EventStore = { machineEvents: Collection<MachineEventRecord> } & Pick<Teams, "teams">;

const TERMINAL = new Set(["done", "error", "cancelled"]);

export function isSettled(event: MachineEventRecord): boolean {
  return TERMINAL.has(event.state) && (event.dtFinished !== null || event.plan.settled === true);
}

/** What the engine asks of the emulator around it. */
export interface EventHooks {
  /** Each event's effect, by the event's name. */
  effects: Readonly<Record<string, Effect>>;
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
    private readonly store: EventStore,
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
    const effect = this.hooks.effects[event.name];
    const ambiguous = this.hooks.ambiguousErrors();
    if (outcome === "done" || outcome === "transient-error") {
      effect.onDone?.(event, now);
      // Under `ambiguous-errors`, a success reads as an error with no message but an end time.
      return ambiguous
        ? { ...event, state: "error", error: null, dtFinished: now }
        : { ...event, state: "done", error: null, dtFinished: now };
    }
    effect.onFailed?.(event, now);
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
