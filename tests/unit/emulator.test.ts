import { loadOperations } from "../../emulator/contract";
import { EmulatorError } from "../../emulator/errors";
import { IdGenerator } from "../../emulator/ids";
import { DEFAULT_PAGE_SIZE, type Position, pageOfIndex, paginate } from "../../emulator/pagination";
import { EmulatorState } from "../../emulator/state";
import type { StartupScriptRecord } from "../../emulator/kinds/startupScripts";
import { MemoryStore } from "../../emulator/store";

describe("contract", () => {
  const operations = loadOperations();

  test("loads all 49 operations of contract/openapi.yaml with router paths", () => {
    expect(operations).toHaveLength(49);
    const assign = operations.find((op) => op.operationId === "startupScripts-assign");
    expect(assign).toMatchObject({ method: "POST", routePath: "/startup-scripts/:id/assign" });
    expect(assign?.schema.body).toMatchObject({ required: ["machineId"] });
  });

  test("inlines the shared parameters, such as the 1..120 page size", () => {
    const list = operations.find((op) => op.operationId === "startupScripts-list");
    expect(list?.schema.querystring).toMatchObject({
      properties: { limit: { type: "integer", minimum: 1, maximum: 120 }, orderBy: { enum: ["dtCreated", "name"] } },
    });
  });
});

describe("IdGenerator", () => {
  test("the same seed gives the same ids, shaped like the real ones", () => {
    const a = new IdGenerator(42);
    const b = new IdGenerator(42);
    const ids = [a.machine(), a.startupScript(), a.team()];
    expect([b.machine(), b.startupScript(), b.team()]).toEqual(ids);
    expect(ids[0]).toMatch(/^ps[0-9a-z]{10}$/);
    expect(ids[1]).toMatch(/^sc[0-9a-z]{10}$/);
    expect(new IdGenerator(43).machine()).not.toBe(ids[0]);
  });
});

describe("paginate", () => {
  const items = Array.from({ length: 45 }, (_, i) => ({ id: `id${String(i).padStart(2, "0")}`, rank: i % 7 }));
  const keys = { rank: (item: { rank: number }) => item.rank };

  function collect(query: { limit?: number; order?: "asc" | "desc" }): string[] {
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = paginate(items, { ...query, after }, keys, "rank");
      seen.push(...page.items.map((item) => item.id));
      expect(page.hasMore).toBe(page.nextPage !== undefined);
      after = page.nextPage;
    } while (after);
    return seen;
  }

  test("walks every item exactly once, in order, ties broken by id", () => {
    const seen = collect({ limit: 10, order: "asc" });
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    const ranks = seen.map((id) => items.find((item) => item.id === id)?.rank ?? -1);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  test("defaults to descending order and the default page size", () => {
    const page = paginate(items, {}, keys, "rank");
    expect(page.items).toHaveLength(DEFAULT_PAGE_SIZE);
    expect(page.items[0].rank).toBe(6);
  });

  test("a cursor stays valid when the item it names is deleted", () => {
    const first = paginate(items, { limit: 5, order: "asc" }, keys, "rank");
    const lastId = first.items[4].id;
    const rest = paginate(
      items.filter((item) => item.id !== lastId),
      { limit: 100, order: "asc", after: first.nextPage },
      keys,
      "rank",
    );
    expect(rest.items).toHaveLength(40);
    expect(rest.items.map((item) => item.id)).not.toContain(first.items[0].id);
  });

  test("a malformed cursor is a bad request naming `after`", () => {
    expect(() => paginate(items, { after: "not-a-cursor" }, keys, "rank")).toThrow(EmulatorError);
    try {
      paginate(items, { after: "not-a-cursor" }, keys, "rank");
    } catch (error) {
      expect((error as EmulatorError).toEnvelope()).toEqual({
        code: "BAD_REQUEST",
        message: "Invalid cursor",
        details: { field: "after" },
      });
    }
  });
});

function record(id: string, teamId: string): StartupScriptRecord {
  return {
    id,
    teamId,
    name: id,
    script: "x",
    description: null,
    isEnabled: true,
    isRunOnce: false,
    assignedMachineIds: [],
    dtCreated: "2026-01-01T00:00:00.000Z",
    dtDeleted: null,
  };
}

describe("pageOfIndex", () => {
  // Positions with repeated sort keys, so that ties are broken by id; cursors of every item and of a deleted one.
  const items = Array.from({ length: 23 }, (_, i) => ({ id: `ev${String(i).padStart(2, "0")}`, at: `t${i % 9}` }));
  const ascending = items
    .map((item): Position => [item.at, item.id])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : 1));
  const byId = new Map(items.map((item) => [item.id, item]));
  const keys = { dtCreated: (item: { at: string }) => item.at };
  const cursorOf = (item: { id: string; at: string }) =>
    paginate([item, { id: "zz", at: "~" }], { limit: 1, order: "asc" }, keys, "dtCreated").nextPage;

  test("answers the page paginate answers, for every order, size, cursor and the duplicate-pages quirk", () => {
    const cursors = [undefined, ...items.map(cursorOf), cursorOf({ id: "ev99", at: "t4" })];
    let compared = 0;
    for (const order of ["asc", "desc", undefined] as const) {
      for (const limit of [1, 2, 5, 23, 40, undefined]) {
        for (const after of cursors) {
          for (const repeat of [false, true]) {
            const query = { order, limit, after };
            const expected = paginate(items, query, keys, "dtCreated", repeat);
            expect(pageOfIndex(ascending, query, (id) => byId.get(id)!, repeat)).toEqual(expected);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(3 * 6 * 25 * 2);
  });

  test("refuses a bad cursor, naming after", () => {
    expect(() => pageOfIndex(ascending, { after: "%%%" }, (id) => id)).toThrow(EmulatorError);
  });
});

describe("MemoryStore", () => {
  test("scopes every object to its team", () => {
    const store = new MemoryStore();
    store.startupScripts.put(record("a", "t1"));
    store.startupScripts.put(record("b", "t2"));
    expect(store.startupScripts.get("t1", "a")?.id).toBe("a");
    expect(store.startupScripts.get("t2", "a")).toBeUndefined();
    expect(store.startupScripts.list("t2").map((r) => r.id)).toEqual(["b"]);
    expect(store.startupScripts.delete("t2", "a")).toBeUndefined();
    expect(store.startupScripts.get("t1", "a")).toBeDefined();
  });
});

describe("EmulatorState", () => {
  test("reset brings back the seeded teams, machines and ids", () => {
    const state = new EmulatorState({
      seed: 5,
      teams: [{ name: "other", apiKeys: ["k2"], machines: [{ name: "m" }] }],
    });
    const before = JSON.stringify(state.store.teams());
    const machines = state.store.teams().map((team) => state.store.machines.list(team.id).map((m) => m.id));
    state.store.startupScripts.put(record("x", state.store.teams()[0].id));
    state.log({ method: "GET", path: "/x", query: "", status: 200, durationMs: 1 });
    state.reset();
    expect(JSON.stringify(state.store.teams())).toBe(before);
    expect(state.store.teams().map((team) => state.store.machines.list(team.id).map((m) => m.id))).toEqual(machines);
    expect(state.store.teams().flatMap((team) => state.store.startupScripts.list(team.id))).toEqual([]);
    expect(state.requests).toEqual([]);
    expect(state.store.teamForKey("k2")?.name).toBe("other");
    expect(state.store.teamForKey("paperspace-emulator-key")?.name).toBe("default");
  });
});

describe("EventEngine", () => {
  test("looks only at the events still running: an account's history is not scanned on every request", () => {
    const state = new EmulatorState({ seed: 1, eventDurations: { stop: { polls: 1 }, start: { polls: 1 } } });
    const [team] = state.store.teams();
    const [machine] = state.store.machines.list(team.id);
    for (let i = 0; i < 50; i++) state.events.observe(state.startEvent(team.id, "stop", machine.id, "done"));
    const running = state.startEvent(team.id, "start", machine.id, "stuck");
    state.events.advance();
    const list = jest.spyOn(state.store.machineEvents, "list");
    const get = jest.spyOn(state.store.machineEvents, "get");
    state.events.advance();
    expect(list).not.toHaveBeenCalled();
    expect(get.mock.calls.map(([, id]) => id)).toEqual([running.id]);
  });

  test("finds the running events of a restored store again, and indexes its events", () => {
    const store = new MemoryStore();
    const first = new EmulatorState({ seed: 1, store });
    const [team] = store.teams();
    const [machine] = store.machines.list(team.id);
    const held = first.startEvent(team.id, "start", machine.id, "stuck");
    const again = new EmulatorState({ seed: 1, store: Object.assign(store, { restored: true }) });
    const get = jest.spyOn(store.machineEvents, "get");
    again.events.advance();
    expect(get.mock.calls.map(([, id]) => id)).toEqual([held.id]);
    expect(again.eventPositions(team.id, machine.id)).toEqual([[held.dtCreated, held.id]]);
  });
});
