import { EmulatorState } from "../../emulator/state";
import type { EventOutcome } from "../../emulator/events";
import type { EmulatedEventName } from "../../emulator/profiles";

/** An emulator state on a clock the test moves by hand. */
function world(durations: Partial<Record<EmulatedEventName, number | { polls: number }>> = {}) {
  let now = Date.parse("2026-01-01T00:00:00.000Z");
  const state = new EmulatorState({ seed: 1, clock: () => now, eventDurations: durations });
  const team = state.store.teams()[0];
  const [ready, off] = state.store.machines.list(team.id);
  return {
    state,
    team,
    ready,
    off,
    tick: (ms: number) => {
      now += ms;
      state.events.advance();
    },
    event: (id: string) => state.store.machineEvents.get(team.id, id)!,
  };
}

describe("machine events", () => {
  test("move new → in progress → done on time, applying the effect at done", () => {
    const w = world({ stop: 1000 });
    w.state.store.machines.put({ ...w.ready, state: "stopping" });
    const event = w.state.startEvent(w.team.id, "stop", w.ready.id, "done", { machineStateBefore: "ready" });
    expect(event).toMatchObject({ state: "new", dtStarted: null, dtFinished: null });
    w.tick(99);
    expect(w.event(event.id).state).toBe("new");
    w.tick(1);
    expect(w.event(event.id)).toMatchObject({ state: "in progress", dtStarted: "2026-01-01T00:00:00.100Z" });
    expect(w.state.store.machines.get(w.team.id, w.ready.id)?.state).toBe("stopping");
    w.tick(900);
    expect(w.event(event.id)).toMatchObject({ state: "done", error: null, dtFinished: "2026-01-01T00:00:01.000Z" });
    expect(w.state.store.machines.get(w.team.id, w.ready.id)?.state).toBe("off");
  });

  test("a zero duration is done at the first look", () => {
    const w = world({ start: 0 });
    const event = w.state.startEvent(w.team.id, "start", w.off.id, "done", { machineStateBefore: "off" });
    expect(w.state.events.observe(event).state).toBe("done");
  });

  test("a duration in polls finishes on that read of the event, whatever the time", () => {
    const w = world({ "snapshot-create": { polls: 3 } });
    const event = w.state.startEvent(w.team.id, "snapshot-create", w.ready.id, "done");
    w.tick(60_000);
    expect(w.event(event.id).state).toBe("new");
    expect(w.state.events.observe(w.event(event.id)).state).toBe("in progress");
    expect(w.state.events.observe(w.event(event.id)).state).toBe("in progress");
    expect(w.state.events.observe(w.event(event.id)).state).toBe("done");
  });

  test.each<[EventOutcome, string, string | null]>([
    ["error", "error", "The template-create operation failed"],
    ["cancelled", "cancelled", "The operation was cancelled"],
  ])("an event that ends in %s leaves no half-made template", (outcome, state, message) => {
    const w = world({ "template-create": 10 });
    w.state.store.customTemplates.put({
      id: "tx1",
      teamId: w.team.id,
      name: "t",
      agentType: "LinuxHeadless",
      availableMachineTypes: [],
      defaultSizeGb: 50,
      dtCreated: "2026-01-01T00:00:00.000Z",
      operatingSystemLabel: "Ubuntu 22.04",
      parentMachineId: w.off.id,
      region: "ny2",
    });
    const event = w.state.startEvent(w.team.id, "template-create", w.off.id, outcome, { subjectId: "tx1" });
    w.tick(10);
    expect(w.event(event.id)).toMatchObject({ state, error: message, dtFinished: expect.any(String) });
    expect(w.state.store.customTemplates.get(w.team.id, "tx1")).toBeUndefined();
  });

  test("a failed power event puts the machine back where it was", () => {
    const w = world({ stop: 10 });
    w.state.store.machines.put({ ...w.ready, state: "stopping" });
    w.state.startEvent(w.team.id, "stop", w.ready.id, "error", { machineStateBefore: "ready" });
    w.tick(10);
    expect(w.state.store.machines.get(w.team.id, w.ready.id)?.state).toBe("ready");
  });

  test("a transient error reads `error` with no message and no end, once, then `done`", () => {
    const w = world({ "snapshot-create": 10 });
    const event = w.state.startEvent(w.team.id, "snapshot-create", w.ready.id, "transient-error");
    w.tick(10);
    const first = w.state.events.observe(w.event(event.id));
    expect(first).toMatchObject({ state: "error", error: null, dtFinished: null });
    const second = w.state.events.observe(w.event(event.id));
    expect(second).toMatchObject({ state: "done", error: null, dtFinished: expect.any(String) });
  });

  test("a stuck event never finishes", () => {
    const w = world({ restart: 10 });
    const event = w.state.startEvent(w.team.id, "restart", w.ready.id, "stuck", { machineStateBefore: "ready" });
    w.tick(24 * 3600 * 1000);
    expect(w.state.events.observe(w.event(event.id))).toMatchObject({ state: "in progress", dtFinished: null });
  });

  test("snapshot-delete removes the snapshot only when done", () => {
    const w = world({ "snapshot-delete": 100 });
    w.state.store.snapshots.put({
      id: "s1",
      teamId: w.team.id,
      name: "s",
      machineId: w.ready.id,
      isAutoSnapshot: false,
      dtCreated: "2026-01-01T00:00:00.000Z",
    });
    w.state.startEvent(w.team.id, "snapshot-delete", w.ready.id, "done", { subjectId: "s1" });
    w.tick(50);
    expect(w.state.store.snapshots.get(w.team.id, "s1")).toBeDefined();
    w.tick(50);
    expect(w.state.store.snapshots.get(w.team.id, "s1")).toBeUndefined();
  });
});
