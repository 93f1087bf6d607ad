import { type Found, type ListedPage, findInPages } from "./pages";
import type { MachineEvent } from "./types";

/** One reading of the team's events this often while several waits share it. */
export const TICK_MS = 1_000;
/**
 * Sooner, for a wait's first reading, which comes soon after its request (an event done at once is seen then, as when
 * polling alone); but no closer than this to the previous reading, however many waits start.
 */
export const FIRST_READING_MS = 250;
/** How long past its due time a wait waits for a list in flight before it reads its event itself. */
export const GRACE_MS = 2_000;

/** Where a page of events comes from: newest first, of one machine or of the whole team, after a cursor. */
export type ReadEventPage = (query: { machineId?: string; after?: string }) => Promise<ListedPage<MachineEvent>>;

interface Watch {
  event: MachineEvent;
  /** When the wait wants a reading even if its event has not ended (its own backoff). */
  dueAt: number;
  /** Whether it has had no reading yet. */
  first: boolean;
  resolve(reading: MachineEvent | undefined): void;
  grace: NodeJS.Timeout;
}

/**
 * One poll for every wait of the process on one API and key. A tick reads the newest events, newest first (of the one
 * machine when every wait is on it, else of the team, page after page while the pages may still hold a watched event
 * and each page spares more than one read), and hands each wait its event's reading: at once when the event has ended,
 * else when the wait's own backoff is due. A wait whose event the pages stopped short of, to save requests, gets
 * `undefined` at once and reads its event itself; one whose event was not on the pages at all (or whose list failed,
 * or is slow) gets `undefined` when due. A lone wait's ticks come when it is due, so it costs no more
 * requests than polling alone; while several share them, a tick comes every `TICK_MS`: each end seen within a tick
 * (and a wait's first reading at its own due time, though ticks come no closer than `FIRST_READING_MS`).
 */
export class EventPoller {
  private readonly watches = new Set<Watch>();
  private lastTick = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;

  constructor(
    private readonly readPage: ReadEventPage,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * The next reading of the event: when the poller sees it ended, or at `dueAt` (`undefined`: read it yourself); the
   * `first` reading of a wait comes by `dueAt` too, or `FIRST_READING_MS` after the previous reading.
   */
  next(event: MachineEvent, dueAt: number, { first = false } = {}): Promise<MachineEvent | undefined> {
    return new Promise((resolve) => {
      const watch: Watch = {
        event,
        dueAt,
        first,
        resolve,
        grace: setTimeout(() => this.settle(watch, undefined), Math.max(0, dueAt + GRACE_MS - this.clock())),
      };
      this.watches.add(watch);
      this.schedule();
    });
  }

  private settle(watch: Watch, reading: MachineEvent | undefined): void {
    if (!this.watches.delete(watch)) return;
    clearTimeout(watch.grace);
    watch.resolve(reading);
  }

  private schedule(): void {
    if (this.ticking || this.watches.size === 0) return;
    const watches = [...this.watches];
    const earliest = Math.min(...watches.map((watch) => watch.dueAt));
    const firstDue = Math.min(...watches.filter((watch) => watch.first).map((watch) => watch.dueAt));
    // Alone, a wait polls at its own backoff; shared, the list comes once a tick, to see each event end soon, and
    // sooner for the first reading of a wait.
    const at =
      watches.length > 1
        ? Math.min(this.lastTick + TICK_MS, Math.max(firstDue, this.lastTick + FIRST_READING_MS))
        : earliest;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), Math.max(0, at - this.clock()));
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.ticking = true;
    this.lastTick = this.clock();
    const { found, restCheaperAlone } = await this.read([...this.watches].map((watch) => watch.event));
    const now = this.clock();
    for (const watch of [...this.watches]) {
      const reading = found.get(watch.event.id);
      // Left unread to save requests, a wait reads its event itself at this tick: its end is seen as soon.
      if ((reading && hasEnded(reading)) || now >= watch.dueAt || (!reading && restCheaperAlone)) {
        this.settle(watch, reading);
      }
    }
    this.ticking = false;
    this.schedule();
  }

  /** The readings of the watched events: of the one machine when all are on it, back to the oldest of them. */
  private read(watched: MachineEvent[]): Promise<Found<MachineEvent>> {
    const machines = new Set(watched.map((event) => event.machineId));
    const [onlyMachine] = machines.size === 1 ? machines : [];
    const oldest = watched.map((event) => event.dtCreated).reduce((a, b) => (a < b ? a : b));
    return findInPages(
      new Set(watched.map((event) => event.id)),
      (after) => this.readPage({ machineId: onlyMachine ?? undefined, after }),
      // Newest first: past the oldest watched event, no later page holds one.
      (items) => items.length > 0 && items[items.length - 1].dtCreated >= oldest,
    );
  }
}

/**
 * Whether a reading is an end the wait must see now: done, or failed with a message or an end time. The transient
 * `error` (no message, no end time) is not: it is handed over only when the wait is due, as its own read would be.
 */
function hasEnded(reading: MachineEvent): boolean {
  if (reading.state === "done") return true;
  return (
    (reading.state === "error" || reading.state === "cancelled") &&
    (reading.dtFinished !== null || reading.error !== null)
  );
}
