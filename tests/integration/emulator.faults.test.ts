import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";

type Json = Record<string, unknown>;

describe("emulator: faults on demand, rate limit, timing", () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await TestEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    await emulator.control("POST", "/reset");
    await emulator.control("POST", "/config", { profile: "fast", rateLimit: null });
  });

  const faults = (rules: Json[], seed?: number) => emulator.control<Json>("POST", "/faults", { seed, rules });
  const rawFetch = (method: string, path: string, body?: unknown) =>
    fetch(emulator.url + path, {
      method,
      headers: { authorization: `Bearer ${DEFAULT_API_KEY}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  test("a status rule answers that status with the envelope, without acting, for `count` requests", async () => {
    await faults([{ method: "POST", path: "/startup-scripts", count: 1, status: 503 }]);
    const first = await emulator.call("POST", "/startup-scripts", { name: "a", script: "x" });
    expect(first).toEqual({ status: 503, body: { code: "INTERNAL_SERVER_ERROR", message: "Injected fault" } });
    expect(emulator.emulator.state.store.startupScripts.list(emulator.emulator.state.store.teams()[0].id)).toEqual([]);
    expect((await emulator.call("POST", "/startup-scripts", { name: "a", script: "x" })).status).toBe(200);
  });

  test("a retryAfter rule answers 429 with Retry-After", async () => {
    await faults([{ method: "GET", path: "/machines", count: 1, retryAfter: 2 }]);
    const response = await rawFetch("GET", "/machines");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await response.json()).toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  test("a delay rule holds the answer that long", async () => {
    await faults([{ method: "GET", path: "/machines/*", count: 1, delayMs: 300 }]);
    const started = Date.now();
    const answer = await emulator.call("GET", `/machines/${emulator.machine("ready")}`);
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  test("an answer-delay rule acts at once and holds the answer that long", async () => {
    await faults([{ method: "POST", path: "/startup-scripts", count: 1, answerDelayMs: 300 }]);
    const answer = emulator.call("POST", "/startup-scripts", { name: "slow-answer", script: "x" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const team = emulator.emulator.state.store.teams()[0];
    expect(emulator.emulator.state.store.startupScripts.list(team.id).map((s) => s.name)).toEqual(["slow-answer"]);
    expect(await emulator.requests()).not.toContainEqual(expect.objectContaining({ path: "/startup-scripts" }));
    expect((await answer).status).toBe(200);
  });

  test.each([
    ["before", 0],
    ["after", 1],
  ])("a drop %s the API acted closes the connection; objects made: %i", async (when, made) => {
    await faults([{ method: "POST", path: "/startup-scripts", count: 1, drop: when }]);
    await expect(rawFetch("POST", "/startup-scripts", { name: "dropped", script: "x" })).rejects.toThrow();
    const team = emulator.emulator.state.store.teams()[0];
    expect(emulator.emulator.state.store.startupScripts.list(team.id)).toHaveLength(made);
    const log = await emulator.requests();
    expect(log.at(-1)).toMatchObject({ method: "POST", path: "/startup-scripts", status: 0, fault: `drop:${when}` });
  });

  test("an event rule makes the event the request starts end that way", async () => {
    await faults([{ method: "PATCH", path: "/machines/*/stop", count: 1, event: "transient-error" }]);
    const stop = await emulator.call("PATCH", `/machines/${emulator.machine("ready")}/stop`);
    const id = (stop.body.event as { id: string }).id;
    await new Promise((resolve) => setTimeout(resolve, 80));
    const readings: Json[] = [];
    for (let i = 0; i < 2; i++) readings.push((await emulator.call("GET", `/machine-events/${id}`)).body);
    expect(readings.map((r) => [r.state, r.error, r.dtFinished === null])).toEqual([
      ["error", null, true],
      ["done", null, false],
    ]);
  });

  test("a stuck event does not finish until the fault rules are cleared", async () => {
    await faults([{ method: "POST", path: "/snapshots", count: 1, event: "stuck" }]);
    const created = await emulator.call("POST", "/snapshots", { machineId: emulator.machine("ready"), name: "s" });
    await new Promise((resolve) => setTimeout(resolve, 120));
    const id = (created.body.event as { id: string }).id;
    expect((await emulator.call("GET", `/machine-events/${id}`)).body).toMatchObject({ dtFinished: null });
    await emulator.control("DELETE", "/faults");
    expect((await emulator.call("GET", `/machine-events/${id}`)).body).toMatchObject({ state: "done" });
  });

  test("rules are listed with their hits, and DELETE clears them", async () => {
    await faults([{ method: "GET", path: "/**", status: 500 }]);
    await emulator.call("GET", "/machines");
    expect(await emulator.control("GET", "/faults")).toEqual({
      rules: [{ method: "GET", path: "/**", effect: { status: 500 }, hits: 1 }],
    });
    await emulator.control("DELETE", "/faults");
    expect((await emulator.call("GET", "/machines")).status).toBe(200);
  });

  test("a malformed rule is refused naming the field", async () => {
    const answer = await faults([{ method: "GET", path: "/x", status: 500, delayMs: 1 }]);
    expect(answer).toMatchObject({ code: "BAD_REQUEST", details: { field: "rules[0]" } });
  });

  test("the per-key rate limit answers 429 with Retry-After past the burst", async () => {
    await emulator.control("POST", "/config", { rateLimit: { requestsPerSecond: 1, burst: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await rawFetch("GET", "/machines")).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await rawFetch("GET", "/machines");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await emulator.control("GET", "/config")).toMatchObject({ rateLimit: { requestsPerSecond: 1, burst: 2 } });
  });

  test("config sets the event timing for all events or by name, and refuses nonsense", async () => {
    const all = await emulator.control<Json>("POST", "/config", { eventDurationMs: 5 });
    expect(Object.values(all.eventDurations as Json).every((ms) => ms === 5)).toBe(true);
    const byName = await emulator.control<Json>("POST", "/config", { eventDurations: { stop: { polls: 3 } } });
    expect((byName.eventDurations as Json).stop).toEqual({ polls: 3 });
    const realistic = await emulator.control<Json>("POST", "/config", { profile: "realistic" });
    expect((realistic.eventDurations as Json)["template-create"]).toBe(45_000);
    for (const [body, field] of [
      [{ eventDurationMs: -1 }, "eventDurationMs"],
      [{ eventDurations: { explode: 1 } }, "eventDurations.explode"],
      [{ eventDurations: { stop: { polls: 0 } } }, "eventDurations.stop"],
      [{ profile: "slow" }, "profile"],
      [{ rateLimit: { requestsPerSecond: 0 } }, "rateLimit.requestsPerSecond"],
    ] as const) {
      expect(await emulator.control("POST", "/config", body)).toMatchObject({ details: { field } });
    }
  });
});

describe("emulator: state that survives a restart", () => {
  let scratch: string;
  beforeAll(() => (scratch = mkdtempSync(join(tmpdir(), "emulator-state-"))));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test("objects, teams, pending events and the id sequence carry over", async () => {
    const stateFile = join(scratch, "state.jsonl");
    const first = await TestEmulator.start({ stateFile, seed: 7, eventDurations: { "snapshot-create": 400 } });
    const machines = first.machineIds();
    const script = await first.call("POST", "/startup-scripts", { name: "kept", script: "echo kept" });
    const snapshot = await first.call("POST", "/snapshots", { machineId: machines[0], name: "pending" });
    await first.close();

    const second = await TestEmulator.start({ stateFile, seed: 7, eventDurations: { "snapshot-create": 400 } });
    try {
      expect(second.machineIds()).toEqual(machines);
      expect((await second.call("GET", `/startup-scripts/${script.body.id}`)).body.name).toBe("kept");
      const event = await second.settle((snapshot.body.event as { id: string }).id);
      expect(event.state).toBe("done");
      const next = await second.call("POST", "/startup-scripts", { name: "new", script: "x" });
      expect(next.body.id).not.toBe(script.body.id);
      const [team] = second.emulator.state.store.teams();
      expect(second.emulator.state.store.startupScripts.get(team.id, script.body.id as string)?.script).toBe(
        "echo kept",
      );
    } finally {
      await second.close();
    }
  });
});
