import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";

describe("emulator: machines and machine events", () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await TestEmulator.start({
      machines: [
        { name: "a-ready", state: "ready" },
        { name: "b-off", state: "off" },
        { name: "c-ready", state: "ready" },
      ],
      teams: [{ name: "other", apiKeys: ["other-key"], machines: [{ name: "theirs", state: "ready" }] }],
    });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.control("POST", "/reset"));

  test("list and get answer the contract's Machine, filtered and ordered", async () => {
    const list = await emulator.call("GET", "/machines?orderBy=name&order=asc");
    const names = (list.body.items as { name: string }[]).map((m) => m.name);
    expect(names).toEqual(["a-ready", "b-off", "c-ready"]);
    const id = emulator.machine("off");
    const one = await emulator.call("GET", `/machines/${id}`);
    expect(one.body).toMatchObject({
      id,
      name: "b-off",
      state: "off",
      region: "East Coast (NY2)",
      machineType: "A4000",
    });
    expect(one.body).not.toHaveProperty("teamId");
    expect(Object.keys(one.body)).toEqual(expect.arrayContaining(["publicIpType", "reservation", "usageRate"]));
    const filtered = await emulator.call("GET", "/machines?name=c-ready");
    expect((filtered.body.items as unknown[]).length).toBe(1);
    const byState = await emulator.call("GET", "/machines?orderBy=state&order=asc");
    expect((byState.body.items as { state: string }[])[0].state).toBe("off");
  });

  test("stop moves the machine through `stopping` to `off`, and its event through to `done`", async () => {
    const id = emulator.machine("ready");
    const stop = await emulator.call("PATCH", `/machines/${id}/stop`);
    expect(stop.status).toBe(200);
    expect(stop.body.data).toMatchObject({ id, state: "stopping" });
    const event = stop.body.event as { id: string };
    expect(stop.body.event).toMatchObject({ name: "stop", state: "new", machineId: id, error: null });
    expect((await emulator.call("GET", `/machines/${id}`)).body.state).toBe("stopping");
    expect(await emulator.settle(event.id)).toMatchObject({ state: "done", dtStarted: expect.any(String) });
    expect((await emulator.call("GET", `/machines/${id}`)).body.state).toBe("off");
  });

  test("start and restart end `ready`", async () => {
    const off = emulator.machine("off");
    const start = await emulator.call("PATCH", `/machines/${off}/start`);
    expect(start.body.data).toMatchObject({ state: "starting" });
    await emulator.settle((start.body.event as { id: string }).id);
    expect((await emulator.call("GET", `/machines/${off}`)).body.state).toBe("ready");
    const restart = await emulator.call("PATCH", `/machines/${off}/restart`);
    expect(restart.body.data).toMatchObject({ state: "restarting" });
    await emulator.settle((restart.body.event as { id: string }).id);
    expect((await emulator.call("GET", `/machines/${off}`)).body.state).toBe("ready");
  });

  test.each([
    ["start", "ready", "it is ready (needs off)"],
    ["stop", "off", "it is off (needs ready or serviceready)"],
    ["restart", "off", "it is off (needs ready or serviceready)"],
  ] as const)("%s of a machine that is %s is a bad request", async (operation, state, message) => {
    const id = emulator.machine(state);
    const answer = await emulator.call("PATCH", `/machines/${id}/${operation}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining(message) });
  });

  test("a machine already stopping cannot be stopped again", async () => {
    const id = emulator.machine("ready");
    await emulator.control("POST", "/config", { eventDurations: { stop: 60_000 } });
    await emulator.call("PATCH", `/machines/${id}/stop`);
    expect((await emulator.call("PATCH", `/machines/${id}/stop`)).body.message).toContain("it is stopping");
    await emulator.control("POST", "/config", { profile: "fast" });
  });

  test("events list by machine, newest first, and are 404 to another team", async () => {
    const ready = emulator.machine("ready");
    const off = emulator.machine("off");
    const first = await emulator.call("PATCH", `/machines/${ready}/stop`);
    await emulator.call("PATCH", `/machines/${off}/start`);
    const list = await emulator.call("GET", `/machine-events?machineId=${ready}`);
    expect((list.body.items as { id: string }[]).map((e) => e.id)).toEqual([(first.body.event as { id: string }).id]);
    const all = await emulator.call("GET", "/machine-events?order=asc");
    expect((all.body.items as { name: string }[]).map((e) => e.name)).toEqual(["stop", "start"]);
    const eventId = (first.body.event as { id: string }).id;
    expect((await emulator.call("GET", `/machine-events/${eventId}`, undefined, "other-key")).status).toBe(404);
  });

  test("another team's machine is 404 for every operation", async () => {
    const [, other] = emulator.emulator.state.store.teams();
    const theirs = emulator.emulator.state.store.machines.list(other.id)[0].id;
    for (const [method, path] of [
      ["GET", `/machines/${theirs}`],
      ["PATCH", `/machines/${theirs}/stop`],
    ]) {
      expect((await emulator.call(method, path, undefined, DEFAULT_API_KEY)).status).toBe(404);
    }
    expect((await emulator.call("GET", `/machines/${theirs}`, undefined, "other-key")).status).toBe(200);
  });

  test("control API: add a machine to a team, set its state, delete it with its snapshots", async () => {
    const added = await emulator.control<Record<string, unknown>>("POST", "/machines", {
      name: "fresh",
      state: "ready",
      apiKey: "other-key",
    });
    expect(added).toMatchObject({ id: expect.stringMatching(/^ps[0-9a-z]{10}$/), name: "fresh", state: "ready" });
    const id = added.id as string;
    // The control API answers the machine as stored; the API in the live wire form.
    expect((await emulator.call("GET", `/machines/${id}`, undefined, "other-key")).body).toEqual({
      ...added,
      region: "East Coast (NY2)",
      ram: String(added.ram),
      storageTotal: String(added.storageTotal),
      storageUsed: String(added.storageUsed),
      accelerators: (added.accelerators as { memory: number }[]).map((gpu) => ({ ...gpu, memory: String(gpu.memory) })),
    });
    expect((await emulator.call("GET", `/machines/${id}`)).status).toBe(404);

    expect(await emulator.control("PATCH", `/machines/${id}`, { state: "off" })).toMatchObject({ state: "off" });
    const snapshot = await emulator.call("POST", "/snapshots", { machineId: id, name: "s" }, "other-key");
    await emulator.settle((snapshot.body.event as { id: string }).id, "other-key");
    const script = await emulator.call("POST", "/startup-scripts", { name: "x", script: "x" }, "other-key");
    await emulator.call("POST", `/startup-scripts/${script.body.id}/assign`, { machineId: id }, "other-key");

    await emulator.control("DELETE", `/machines/${id}`);
    expect((await emulator.call("GET", `/machines/${id}`, undefined, "other-key")).status).toBe(404);
    const snapshotId = (snapshot.body.data as { id: string }).id;
    expect((await emulator.call("GET", `/snapshots/${snapshotId}`, undefined, "other-key")).status).toBe(404);
    const after = await emulator.call("GET", `/startup-scripts/${script.body.id}`, undefined, "other-key");
    expect(after.body.assignedMachineIds).toEqual([]);
  });

  test.each([
    ["POST", "/machines", {}, "name"],
    ["POST", "/machines", { name: "m", state: "melting" }, "state"],
    ["POST", "/machines", { name: "m", apiKey: "nobody" }, "apiKey"],
    ["PATCH", "/machines/psnothere0000", { state: "off" }, undefined],
  ])("control API refuses %s %s %j", async (method, path, body, field) => {
    const response = await fetch(`${emulator.emulator.rootUrl}/_emulator${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { code: string; details?: { field: string } };
    expect(response.status).toBe(field ? 400 : 404);
    if (field) expect(answer.details?.field).toBe(field);
  });
});
