import { TestEmulator } from "../../testing/emulator";

type Json = Record<string, unknown>;
const eventId = (body: Json) => (body.event as { id: string }).id;
const dataId = (body: Json) => (body.data as { id: string }).id;

describe("emulator: custom templates, snapshots and OS templates", () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await TestEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    await emulator.control("POST", "/reset");
    await emulator.control("DELETE", "/faults");
  });

  test("a template from an off machine: {data, event}, then listed, renamed and deleted (bare answer)", async () => {
    const machineId = emulator.machine("off");
    const created = await emulator.call("POST", "/custom-templates", { machineId, name: "golden" });
    expect(created.status).toBe(200);
    expect(created.body.data).toEqual({
      id: expect.stringMatching(/^t[0-9a-z]{7}$/),
      name: "golden",
      agentType: "LinuxHeadless",
      availableMachineTypes: expect.arrayContaining([{ isAvailable: true, machineTypeLabel: "A4000" }]),
      defaultSizeGb: 50,
      dtCreated: expect.any(String),
      operatingSystemLabel: "Ubuntu 22.04",
      parentMachineId: machineId,
      region: "East Coast (NY2)",
    });
    expect(created.body.event).toMatchObject({ name: "template-create", state: "new", machineId });
    await emulator.settle(eventId(created.body));
    const id = dataId(created.body);
    expect((await emulator.call("GET", `/custom-templates?machineId=${machineId}`)).body.items).toEqual([
      expect.objectContaining({ id }),
    ]);
    expect((await emulator.call("PUT", `/custom-templates/${id}`, { name: "renamed" })).body.name).toBe("renamed");
    const deleted = await emulator.call("DELETE", `/custom-templates/${id}`);
    expect(deleted.body).toMatchObject({ id, name: "renamed" });
    expect(deleted.body).not.toHaveProperty("event");
    expect((await emulator.call("GET", `/custom-templates/${id}`)).status).toBe(404);
  });

  test("a template needs the machine off", async () => {
    const answer = await emulator.call("POST", "/custom-templates", {
      machineId: emulator.machine("ready"),
      name: "t",
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/must be off to create a template from it; it is ready/),
      details: { field: "machineId" },
    });
  });

  test.each(["error", "cancelled"])("a template whose event ends in %s is gone", async (outcome) => {
    await emulator.control("POST", "/faults", {
      rules: [{ method: "POST", path: "/custom-templates", count: 1, event: outcome }],
    });
    const created = await emulator.call("POST", "/custom-templates", { machineId: emulator.machine("off"), name: "t" });
    expect(await emulator.settle(eventId(created.body))).toMatchObject({ state: outcome, error: expect.any(String) });
    expect((await emulator.call("GET", `/custom-templates/${dataId(created.body)}`)).status).toBe(404);
  });

  test("a snapshot of a running machine; renamed; deleted when its delete event is done", async () => {
    const machineId = emulator.machine("ready");
    const created = await emulator.call("POST", "/snapshots", { machineId, name: "nightly" });
    expect(created.body.data).toEqual({
      id: expect.stringMatching(/^s[0-9a-z]{13}$/),
      name: "nightly",
      machineId,
      isAutoSnapshot: false,
    });
    await emulator.settle(eventId(created.body));
    const id = dataId(created.body);
    expect((await emulator.call("PUT", `/snapshots/${id}`, {})).body.name).toBe("nightly");
    expect((await emulator.call("PUT", `/snapshots/${id}`, { name: "weekly" })).body.name).toBe("weekly");
    await emulator.control("POST", "/config", { eventDurations: { "snapshot-delete": { polls: 2 } } });
    const deleted = await emulator.call("DELETE", `/snapshots/${id}`);
    expect(deleted.body.event).toMatchObject({ name: "snapshot-delete", state: "new" });
    expect((await emulator.call("GET", `/snapshots/${id}`)).status).toBe(200);
    await emulator.settle(eventId(deleted.body));
    expect((await emulator.call("GET", `/snapshots/${id}`)).status).toBe(404);
    await emulator.control("POST", "/config", { profile: "fast" });
  });

  test("restore needs the machine off, and can snapshot before restoring", async () => {
    const running = await emulator.call("POST", "/snapshots", { machineId: emulator.machine("ready"), name: "r" });
    const refused = await emulator.call("POST", `/snapshots/${dataId(running.body)}/restore`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain("must be off to restore a snapshot; it is ready");

    const machineId = emulator.machine("off");
    const snapshot = await emulator.call("POST", "/snapshots", { machineId, name: "base" });
    await emulator.settle(eventId(snapshot.body));
    const restored = await emulator.call("POST", `/snapshots/${dataId(snapshot.body)}/restore`, {
      createSnapshotBeforeRestore: true,
    });
    expect(restored.body.event).toMatchObject({ name: "snapshot-restore", machineId });
    expect(await emulator.settle(eventId(restored.body))).toMatchObject({ state: "done" });
    const names = (await emulator.call("GET", `/snapshots?machineId=${machineId}&orderBy=name&order=asc`)).body.items;
    expect((names as { name: string }[]).map((s) => s.name)).toEqual(["base", "base (before restore)"]);
  });

  test("OS templates: listed with or without a key, filtered by name, but not with a wrong key", async () => {
    const anonymous = await emulator.call("GET", "/os-templates?orderBy=name&order=asc", undefined, null);
    expect(anonymous.status).toBe(200);
    const names = (anonymous.body.items as { name: string }[]).map((t) => t.name);
    expect(names).toEqual([...names].sort());
    expect(names).toContain("Ubuntu 22.04");
    const one = await emulator.call("GET", "/os-templates?name=Ubuntu%2022.04");
    expect(one.body.items).toEqual([
      expect.objectContaining({ id: expect.stringMatching(/^t/), name: "Ubuntu 22.04", defaultSizeGb: 50 }),
    ]);
    expect((await emulator.call("GET", "/os-templates", undefined, "wrong")).status).toBe(401);
  });
});
