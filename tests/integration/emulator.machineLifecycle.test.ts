import { TestEmulator } from "../../testing/emulator";

type Json = Record<string, unknown>;
const UBUNTU = "t0nspur5";
const WINDOWS = "t7vp562h";
const spec = { name: "fleet-1", machineType: "A4000", templateId: UBUNTU, diskSize: 100, region: "ny2" };

/** Machines made, changed and deleted through the API: their events, and what each does to the team's objects. */
describe("emulator: machine create, update and delete", () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await TestEmulator.start({ machines: [{ name: "builder", state: "off" }] });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.control("POST", "/reset"));

  const eventOf = (answer: { body: Json }) => (answer.body.event as { id: string }).id;
  const get = async (id: string) => (await emulator.call("GET", `/machines/${id}`)).body;
  async function create(body: Json) {
    const answer = await emulator.call("POST", "/machines", body);
    expect(answer.status).toBe(200);
    return { id: (answer.body.data as { id: string }).id, answer };
  }

  test("a machine is provisioning until its create event is done, then ready, with what was asked", async () => {
    const { id, answer } = await create({
      ...spec,
      region: "East Coast (NY2)",
      autoShutdownEnabled: true,
      autoShutdownTimeout: 3,
    });
    expect(answer.body).toMatchObject({ data: { state: "provisioning" }, event: { name: "create", machineId: id } });
    expect(id).toMatch(/^ps[0-9a-z]{10}$/);
    await emulator.settle(eventOf(answer));
    expect(await get(id)).toMatchObject({
      state: "ready",
      region: "East Coast (NY2)",
      machineType: "A4000",
      os: "Ubuntu 22.04",
      storageTotal: String(100 * 1024 ** 3),
      autoShutdownEnabled: true,
      autoShutdownTimeout: 3,
      accelerators: [{ name: "A4000", count: 1 }],
    });
    expect(await get(id)).not.toHaveProperty("templateId");
  });

  test("startOnCreate false leaves it off; a startup script is assigned; an initial snapshot is taken", async () => {
    const script = await emulator.call("POST", "/startup-scripts", { name: "boot", script: "echo" });
    const { id, answer } = await create({
      ...spec,
      startOnCreate: false,
      startupScriptId: script.body.id,
      takeInitialSnapshot: true,
    });
    await emulator.settle(eventOf(answer));
    expect((await get(id)).state).toBe("off");
    expect((await emulator.call("GET", `/startup-scripts/${script.body.id}`)).body.assignedMachineIds).toEqual([id]);
    const snapshots = (await emulator.call("GET", `/snapshots?machineId=${id}`)).body.items;
    expect(snapshots).toEqual([expect.objectContaining({ name: "fleet-1 (initial)", machineId: id })]);
  });

  test("from one of the team's custom templates, on a machine type it lists", async () => {
    const builder = emulator.machine("off");
    const template = await emulator.call("POST", "/custom-templates", { machineId: builder, name: "golden" });
    await emulator.settle(eventOf(template));
    const templateId = (template.body.data as { id: string }).id;
    const { id, answer } = await create({ ...spec, templateId, machineType: "A6000" });
    await emulator.settle(eventOf(answer));
    expect(await get(id)).toMatchObject({ state: "ready", machineType: "A6000", cpus: 8 });
  });

  test.each([
    [{ templateId: "tnothere" }, "templateId", "no template tnothere"],
    [{ templateId: WINDOWS, machineType: "A100-80G" }, "machineType", "not available for this template"],
    [{ region: "mars1" }, "region", "region must be one of ny2 (East Coast (NY2))"],
    [{ diskSize: 60 }, "diskSize", "diskSize must be one of 50, 100, 250"],
    [{ name: "  " }, "name", "must not be empty"],
    [{ startupScriptId: "scnothere000" }, "startupScriptId", "no startup script"],
  ])("refuses %j naming %s", async (change, field, message) => {
    const answer = await emulator.call("POST", "/machines", { ...spec, ...change });
    expect(answer).toMatchObject({ status: 400, body: { code: "BAD_REQUEST", details: { field } } });
    expect(answer.body.message).toContain(message);
  });

  test("a create whose event fails leaves no machine; no capacity is refused before anything is made", async () => {
    await emulator.control("POST", "/faults", {
      rules: [
        { method: "POST", path: "/machines", count: 1, event: "error" },
        { method: "POST", path: "/machines", count: 1, noCapacity: true },
      ],
    });
    const { id, answer } = await create(spec);
    expect(await emulator.settle(eventOf(answer))).toMatchObject({ state: "error" });
    expect((await emulator.call("GET", `/machines/${id}`)).status).toBe(404);
    const refused = await emulator.call("POST", "/machines", { ...spec, machineType: "A6000" });
    expect(refused).toMatchObject({ status: 400, body: { details: { field: "machineType" } } });
    expect(refused.body.message).toContain("No capacity for machine type A6000 in region ny2");
    expect(emulator.machines().map((m) => m.name)).toEqual(["builder"]);
  });

  test("settings change at once, with no event; a resize needs the machine off and only grows the disk", async () => {
    const { id, answer } = await create(spec);
    await emulator.settle(eventOf(answer));
    const renamed = await emulator.call("PUT", `/machines/${id}`, { name: "renamed", publicIpType: "none" });
    expect(renamed.body).toEqual({ data: expect.objectContaining({ name: "renamed", publicIp: null }) });
    const running = await emulator.call("PUT", `/machines/${id}`, { diskSize: 250 });
    expect(running).toMatchObject({ status: 400, body: { message: expect.stringContaining("must be off") } });
    await emulator.settle(eventOf(await emulator.call("PATCH", `/machines/${id}/stop`)));
    const resized = await emulator.call("PUT", `/machines/${id}`, { diskSize: 250, machineType: "A6000" });
    expect(resized.body).toMatchObject({ data: { state: "upgrading" }, event: { name: "vm-upgrade" } });
    await emulator.settle(eventOf(resized));
    expect(await get(id)).toMatchObject({ state: "off", machineType: "A6000", storageTotal: String(250 * 1024 ** 3) });
    const smaller = await emulator.call("PUT", `/machines/${id}`, { diskSize: 100 });
    expect(smaller).toMatchObject({ status: 400, body: { details: { field: "diskSize" } } });
    expect(smaller.body.message).toBe("diskSize can only grow: the disk is 250 GB, got 100");
  });

  test("delete runs a deactivate event; then the machine is 404, its snapshots gone, its scripts unassigned", async () => {
    const script = await emulator.call("POST", "/startup-scripts", { name: "boot", script: "echo" });
    const { id, answer } = await create({ ...spec, startupScriptId: script.body.id });
    await emulator.settle(eventOf(answer));
    await emulator.settle(eventOf(await emulator.call("POST", "/snapshots", { machineId: id, name: "s" })));
    const deleting = await emulator.call("DELETE", `/machines/${id}`);
    expect(deleting.body).toMatchObject({ data: { id }, event: { name: "deactivate" } });
    await emulator.settle(eventOf(deleting));
    expect((await emulator.call("GET", `/machines/${id}`)).status).toBe(404);
    expect((await emulator.call("GET", `/snapshots?machineId=${id}`)).body.items).toEqual([]);
    expect((await emulator.call("GET", `/startup-scripts/${script.body.id}`)).body.assignedMachineIds).toEqual([]);
  });
});
