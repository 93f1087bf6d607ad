import type { PaperspaceClient } from "../../provider/api/client";
import { EventFailedError, OperationTimeoutError } from "../../provider/api/errors";
import type { MachineEvent } from "../../provider/api/types";
import { type Effect, waitForEvent } from "../../provider/api/waiter";
import { machineEvent } from "../support/events";

const event = (fields: Partial<MachineEvent>) => machineEvent(fields);
const finished = "2026-01-01T00:01:00.000Z";

/** A client whose event reads the given states in turn (the last one repeats), noting when it was asked. */
function readings(...states: Partial<MachineEvent>[]) {
  const askedAt: number[] = [];
  const client = {
    machineEvents: {
      get: async () => {
        askedAt.push(Date.now());
        return event(states[Math.min(askedAt.length - 1, states.length - 1)]);
      },
    },
  } as unknown as PaperspaceClient;
  return { client, askedAt };
}

describe("waitForEvent", () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse("2026-01-01T00:00:00.000Z") }));
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  async function run<T>(promise: Promise<T>, ms = 10 * 60_000): Promise<T> {
    const settled = promise.then(
      (value) => ({ value }),
      (error) => ({ error }),
    );
    await jest.advanceTimersByTimeAsync(ms);
    const outcome = (await settled) as { value?: T; error?: unknown };
    if ("error" in outcome) throw outcome.error;
    return outcome.value as T;
  }

  test("polls until done, starting fast and backing off", async () => {
    const { client, askedAt } = readings(
      { state: "in progress" },
      { state: "in progress" },
      { state: "in progress" },
      { state: "in progress" },
      { state: "done", dtFinished: finished },
    );
    const start = Date.now();
    const done = await run(waitForEvent(client, event({}), { deadline: start + 60_000, what: "t", log: () => {} }));
    expect(done.state).toBe("done");
    const gaps = askedAt.map((at, i) => at - (i === 0 ? start : askedAt[i - 1]));
    expect(gaps).toHaveLength(5);
    expect(gaps[0]).toBeGreaterThanOrEqual(225);
    expect(gaps[0]).toBeLessThanOrEqual(275);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThan(gaps[i - 1] * 1.1);
  });

  test.each([
    ["no jitter", 0.5],
    ["the shortest jitter", 0],
    ["the longest jitter", 0.999],
  ])("a 3 s event is seen done in at most 6 polls and under 4.5 s, with %s", async (_case, random) => {
    jest.spyOn(Math, "random").mockReturnValue(random);
    const askedAt: number[] = [];
    const start = Date.now();
    const client = {
      machineEvents: {
        get: async () => {
          askedAt.push(Date.now());
          return Date.now() - start >= 3000
            ? event({ state: "done", dtFinished: finished })
            : event({ state: "in progress" });
        },
      },
    } as unknown as PaperspaceClient;
    await run(waitForEvent(client, event({}), { deadline: start + 60_000, what: "t", log: () => {} }));
    expect(askedAt.length).toBeLessThanOrEqual(6);
    expect(askedAt[askedAt.length - 1] - start).toBeLessThan(4500);
  });

  test.each([
    ["error", "disk full"],
    ["cancelled", null],
  ] as const)(
    "an event that ends in %s is an EventFailedError with its id, name and message",
    async (state, message) => {
      const { client } = readings({ state: "in progress" }, { state, error: message, dtFinished: finished });
      const failed = run(
        waitForEvent(client, event({}), { deadline: Date.now() + 60_000, what: 'template "golden"', log: () => {} }),
      );
      await expect(failed).rejects.toBeInstanceOf(EventFailedError);
      await expect(failed).rejects.toMatchObject({
        eventId: "ev1",
        eventName: "template-create",
        message: `template "golden" failed: machine event ev1 (template-create) ended in ${state}: ${message ?? "no message"}`,
      });
    },
  );

  test("the transient `error` with no message and no end time is waited out", async () => {
    const { client } = readings({ state: "error", error: null }, { state: "done", dtFinished: finished });
    const done = await run(
      waitForEvent(client, event({}), { deadline: Date.now() + 60_000, what: "t", log: () => {} }),
    );
    expect(done.state).toBe("done");
  });

  describe("an `error` with no message is settled by the event's object, and the decision is logged", () => {
    const ambiguous = (dtFinished: string | null) => ({ state: "error" as const, error: null, dtFinished });
    async function settle(readingsOf: Partial<MachineEvent>[], looks: Effect[] | undefined) {
      const { client, askedAt } = readings(...readingsOf);
      const lines: string[] = [];
      let looked = 0;
      const look = looks && (async () => looks[Math.min(looked++, looks.length - 1)]);
      const waiting = waitForEvent(client, event({}), {
        deadline: Date.now() + 60_000,
        what: 'template "golden"',
        log: (line) => lines.push(line),
        look,
      });
      const outcome = await run(waiting).then(
        (done) => ({ done: done.state }),
        (error: Error) => ({ failed: error.constructor.name }),
      );
      return { outcome, lines, polls: askedAt.length, looked };
    }

    test.each([
      ["with an end time, the object made: done", [ambiguous(finished)], ["made"], { done: "done" }],
      [
        "with an end time, the object not made: failed",
        [ambiguous(finished)],
        ["pending"],
        { failed: "EventFailedError" },
      ],
      ["with an end time, the object gone: failed", [ambiguous(finished)], ["missing"], { failed: "EventFailedError" }],
      ["with no end time, the object made: done", [ambiguous(null)], ["made"], { done: "done" }],
      ["with no end time, the object gone: failed", [ambiguous(null)], ["missing"], { failed: "EventFailedError" }],
      [
        "with no end time, then done (the transient reading): done",
        [ambiguous(null), { state: "done", dtFinished: finished }],
        ["pending"],
        { done: "done" },
      ],
      [
        "with no end time three times in a row, the object not made: failed",
        [ambiguous(null)],
        ["pending"],
        { failed: "EventFailedError" },
      ],
    ] as const)("%s", async (_case, readingsOf, looks, expected) => {
      const { outcome, lines } = await settle([...readingsOf], [...looks]);
      expect(outcome).toEqual(expected);
      if ("done" in expected && readingsOf.length === 1) {
        expect(lines).toEqual([
          expect.stringMatching(/read error with no message.*its object shows it done, so it is taken as done/),
        ]);
      }
      if ("failed" in expected) expect(lines).toEqual([expect.stringContaining("so it is taken as failed")]);
    });

    test("with nothing to look at, an end time means done, and no end time is waited out", async () => {
      expect((await settle([ambiguous(finished)], undefined)).outcome).toEqual({ done: "done" });
      const waitedOut = await settle([ambiguous(null), { state: "done", dtFinished: finished }], undefined);
      expect(waitedOut.outcome).toEqual({ done: "done" });
    });

    test("the object is not looked at for a reading with a message, which fails at once", async () => {
      const { outcome, looked } = await settle(
        [{ state: "error", error: "disk full", dtFinished: finished }],
        ["made"],
      );
      expect(outcome).toEqual({ failed: "EventFailedError" });
      expect(looked).toBe(0);
    });
  });

  test("past the deadline it stops with a timeout that says what it waited for and what to do", async () => {
    const { client } = readings({ state: "in progress" });
    const waiting = run(
      waitForEvent(client, event({}), { deadline: Date.now() + 90_000, what: 'template "golden"', log: () => {} }),
    );
    await expect(waiting).rejects.toBeInstanceOf(OperationTimeoutError);
    await expect(waiting).rejects.toThrow(
      /Timed out after 1m30s waiting for template "golden" \(machine event ev1 is in progress\).*raise the resource's `timeouts`/,
    );
  });

  test("says what it waits for once a wait passes 5 s, then every 15 s", async () => {
    const { client } = readings({ state: "in progress" }, { state: "in progress" });
    const lines: { at: number; line: string }[] = [];
    const start = Date.now();
    const slow = {
      machineEvents: {
        get: async () =>
          Date.now() - start >= 40_000
            ? event({ state: "done", dtFinished: finished })
            : (await client.machineEvents.get("ev1"), event({ state: "in progress" })),
      },
    } as unknown as PaperspaceClient;
    await run(
      waitForEvent(slow, event({}), {
        deadline: start + 600_000,
        what: 'template "golden" from machine ps1',
        log: (line) => lines.push({ at: Date.now() - start, line }),
      }),
    );
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines[0].at).toBeGreaterThanOrEqual(5_000);
    expect(lines[0].at).toBeLessThan(15_000);
    expect(lines[0].line).toMatch(
      /^Waiting for template "golden" from machine ps1: machine event ev1 \(template-create\) is in progress after \d+s$/,
    );
    expect(lines[1].at - lines[0].at).toBeGreaterThanOrEqual(15_000);
  });
});
