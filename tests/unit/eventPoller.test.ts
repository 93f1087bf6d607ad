import { EventPoller, FIRST_READING_MS, GRACE_MS, TICK_MS } from "../../provider/api/eventPoller";
import type { ListedPage } from "../../provider/api/pages";
import type { MachineEvent } from "../../provider/api/types";
import { machineEvent } from "../support/events";

const event = (id: string, fields: Partial<MachineEvent> = {}) => machineEvent({ id, state: "in progress", ...fields });
const done = (id: string) => event(id, { state: "done", dtFinished: "2026-01-01T00:01:00.000Z" });

describe("EventPoller", () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  /** A poller whose list answers `page(at)` at each read (one page), noting when it read. */
  function poller(page: (at: number) => MachineEvent[] | Error) {
    const reads: number[] = [];
    const shared = new EventPoller(async () => {
      reads.push(Date.now());
      const answer = page(Date.now());
      if (answer instanceof Error) throw answer;
      return { items: answer };
    });
    return { shared, reads };
  }

  test("one wait: a list at each of its due times, no more often, and the reading it saw", async () => {
    const { shared, reads } = poller(() => [event("ev1")]);
    const first = shared.next(event("ev1"), 250);
    await jest.advanceTimersByTimeAsync(250);
    expect(await first).toMatchObject({ id: "ev1", state: "in progress" });
    const second = shared.next(event("ev1"), 600);
    await jest.advanceTimersByTimeAsync(350);
    expect(await second).toMatchObject({ id: "ev1" });
    expect(reads).toEqual([250, 600]);
  });

  test("many waits share one list a tick, each answered as soon as a tick sees its event end", async () => {
    const endsAt: Record<string, number> = { ev1: 1_500, ev2: 3_200, ev3: 6_000, ev4: 100_000 };
    const { shared, reads } = poller((at) =>
      Object.entries(endsAt).map(([id, end]) => (at >= end ? done(id) : event(id))),
    );
    const seenAt: Record<string, number> = {};
    const waits = Object.keys(endsAt).map((id) =>
      shared.next(event(id), 20_000).then((reading) => {
        seenAt[id] = Date.now();
        return reading;
      }),
    );
    await jest.advanceTimersByTimeAsync(20_000);
    const readings = (await Promise.all(waits)).map((reading) => reading?.state);
    expect(readings).toEqual(["done", "done", "done", "in progress"]);
    // Each seen done by the first tick after it ended, within a tick; the one still running at its due time.
    for (const id of ["ev1", "ev2", "ev3"]) expect(seenAt[id] - endsAt[id]).toBeLessThanOrEqual(TICK_MS);
    expect(seenAt.ev4).toBe(20_000);
    // One list a tick while several waits share it (up to 6 s), then the lone wait's own due time.
    for (let i = 1; i < reads.length; i++) expect(reads[i] - reads[i - 1]).toBeGreaterThanOrEqual(TICK_MS);
    expect(reads).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 20_000]);
  });

  test("an event not on the page, or a list that fails, leaves the wait to read it itself when due", async () => {
    let failing = false;
    const { shared } = poller(() => (failing ? new Error("503") : [event("other")]));
    const missing = shared.next(event("ev1"), 500);
    await jest.advanceTimersByTimeAsync(500);
    expect(await missing).toBeUndefined();
    failing = true;
    const failed = shared.next(event("ev1"), 1_000);
    await jest.advanceTimersByTimeAsync(500);
    expect(await failed).toBeUndefined();
  });

  test("the transient error (no message, no end time) is no end: it waits for the wait's due time", async () => {
    const { shared, reads } = poller(() => [event("ev1", { state: "error" }), event("ev2")]);
    let seen: MachineEvent | undefined;
    void shared.next(event("ev1"), 5_000).then((reading) => (seen = reading));
    void shared.next(event("ev2"), 1_000);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(seen).toBeUndefined();
    await jest.advanceTimersByTimeAsync(4_000);
    expect(seen).toMatchObject({ state: "error", error: null });
    expect(reads).toEqual([0, 1_000, 5_000]);
  });

  /** A poller over 300 events of the team, newest first, in pages of 120 (the cursor is the next item's position). */
  function pagedPoller() {
    const team = Array.from({ length: 300 }, (_, i) =>
      event(`ev${i}`, { dtCreated: new Date(1_000_000 - i * 1_000).toISOString() }),
    );
    const queries: { machineId?: string; after?: string }[] = [];
    const shared = new EventPoller(async (query) => {
      queries.push(query);
      const from = query.after === undefined ? 0 : Number(query.after);
      const items = team.slice(from, from + 120);
      return {
        items,
        next: from + 120 < team.length ? String(from + 120) : undefined,
      } satisfies ListedPage<MachineEvent>;
    });
    return { team, queries, shared };
  }

  test("many waits: pages are read newest first, of the one machine they are on, up to the oldest watched", async () => {
    const { team, queries, shared } = pagedPoller();
    const watched = [5, 130, 250, 251, 252].map((i) => shared.next(team[i], 10_000));
    await jest.advanceTimersByTimeAsync(1);
    expect(queries).toEqual([
      { machineId: "ps1", after: undefined },
      { machineId: "ps1", after: "120" },
      { machineId: "ps1", after: "240" },
    ]);
    queries.length = 0;
    // Waits on several machines read the team's pages.
    team[130] = { ...team[130], machineId: "ps2" };
    const another = shared.next(team[130], 10_000);
    await jest.advanceTimersByTimeAsync(TICK_MS);
    expect(queries.map((query) => query.machineId)).toEqual([undefined, undefined, undefined]);
    await jest.advanceTimersByTimeAsync(10_000);
    const readings = await Promise.all([...watched, another]);
    expect(readings.map((reading) => reading?.id)).toEqual(["ev5", "ev130", "ev250", "ev251", "ev252", "ev130"]);
  });

  test("a page is read only while it may spare more than one read: the one wait left unseen reads its own at once", async () => {
    const { team, queries, shared } = pagedPoller();
    let oldSettledAt: number | undefined;
    const recent = shared.next(team[5], 1_000);
    const old = shared.next(team[250], 1_000).then((reading) => {
      oldSettledAt = Date.now();
      return reading;
    });
    await jest.advanceTimersByTimeAsync(1_000);
    expect(queries).toHaveLength(2); // one page at each of the two ticks
    expect((await recent)?.id).toBe("ev5");
    expect(await old).toBeUndefined();
    // Not at its due time: the page it was spared is a read it makes now, so that its end is seen as soon.
    expect(oldSettledAt).toBe(0);
  });

  test("a list that hangs holds no wait past its due time and the grace: the wait reads its event itself", async () => {
    const shared = new EventPoller(() => new Promise<ListedPage<MachineEvent>>(() => undefined));
    let seen: string | undefined = "not yet";
    void shared.next(event("ev1"), 500).then((reading) => (seen = reading?.id));
    await jest.advanceTimersByTimeAsync(500 + GRACE_MS - 1);
    expect(seen).toBe("not yet");
    await jest.advanceTimersByTimeAsync(1);
    expect(seen).toBeUndefined();
  });

  test("a wait's first reading comes at its own due time, not the next tick; ticks no closer than FIRST_READING_MS", async () => {
    const { shared, reads } = poller(() => [event("ev1"), event("ev2"), done("ev3"), event("ev4")]);
    void shared.next(event("ev1"), 60_000);
    void shared.next(event("ev2"), 60_000);
    await jest.advanceTimersByTimeAsync(100);
    // Two waits start 100 ms and 150 ms later; their first readings are due 250 ms after.
    const third = shared.next(event("ev3"), 350, { first: true });
    await jest.advanceTimersByTimeAsync(50);
    const fourth = shared.next(event("ev4"), 400, { first: true });
    await jest.advanceTimersByTimeAsync(500);
    expect((await third)?.state).toBe("done");
    expect((await fourth)?.state).toBe("in progress");
    // The first at its due time; the second's due 50 ms later, it comes FIRST_READING_MS after; both before the tick.
    expect(reads).toEqual([0, 350, 350 + FIRST_READING_MS]);
    expect(reads[2]).toBeLessThan(TICK_MS);
  });
});
