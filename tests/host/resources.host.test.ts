import { providerSource } from "../../provider/dynamic";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { ProviderHost } from "./providerHost";

const urn = (type: string) => `urn:pulumi:test::host-test::pulumi-nodejs:dynamic/paperspace:${type}::r`;

/** Each resource type through Pulumi's own provider host: its one-line provider loads, configures and works. */
describe("every resource type through the dynamic provider host", () => {
  let emulator: TestEmulator;
  let host: ProviderHost;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    host = await ProviderHost.start({ PAPERSPACE_API_KEY: "", PAPERSPACE_API_URL: "" });
    await host.configure({ "paperspace:apiKey": DEFAULT_API_KEY, "paperspace:apiUrl": emulator.url });
  });
  afterAll(async () => {
    host.stop();
    await emulator.close();
  });

  const store = () => emulator.emulator.state.store;
  const team = () => store().teams()[0].id;

  /** check, create, diff (no change), read and delete, as the engine calls them. */
  async function lifecycle(type: string, news: Record<string, unknown>) {
    const __provider = providerSource(type);
    const checked = await host.check(urn(type), {}, { ...news, __provider });
    expect(checked.failures).toEqual([]);
    const created = await host.create(urn(type), checked.inputs);
    expect(created.properties.__provider).toBe(__provider);
    expect(await host.diff(urn(type), created.id, created.properties, checked.inputs)).toEqual({
      changes: "DIFF_NONE",
      replaces: [],
    });
    const read = await host.read(urn(type), created.id, created.properties);
    expect(read.id).toBe(created.id);
    return { created, read, remove: () => host.delete(urn(type), created.id, read.properties) };
  }

  test("CustomTemplate: made from an off machine, waited for, replaced on a new machine, deleted", async () => {
    const machineId = emulator.machine("off");
    const { created, read, remove } = await lifecycle("CustomTemplate", { machineId, autoName: "golden-1234567" });
    expect(read.properties).toMatchObject({ name: "golden-1234567", parentMachineId: machineId, region: "ny2" });
    const moved = await host.diff(urn("CustomTemplate"), created.id, created.properties, {
      ...read.inputs,
      machineId: "psanother0000",
    });
    expect(moved).toEqual({ changes: "DIFF_SOME", replaces: ["machineId"] });
    await remove();
    expect(store().customTemplates.list(team())).toEqual([]);
  });

  test("CustomTemplate: a running machine fails create with the machine and state in the message", async () => {
    const __provider = providerSource("CustomTemplate");
    const machineId = emulator.machine("ready");
    await expect(host.create(urn("CustomTemplate"), { machineId, name: "x", __provider })).rejects.toMatchObject({
      message: expect.stringContaining(`machine ${machineId}: the machine is ready`),
    });
  });

  test("Snapshot: made while running, waited for, deleted (waiting for the delete)", async () => {
    const { remove } = await lifecycle("Snapshot", { machineId: emulator.machine("ready"), name: "nightly" });
    expect(store().snapshots.list(team())).toHaveLength(1);
    await remove();
    expect(store().snapshots.list(team())).toEqual([]);
  });

  test("StartupScriptAssignment: assigned, read through the script, unassigned", async () => {
    const script = await emulator.call("POST", "/startup-scripts", { name: "boot", script: "echo" });
    const machineId = emulator.machine("off");
    const { created, remove } = await lifecycle("StartupScriptAssignment", {
      startupScriptId: script.body.id,
      machineId,
    });
    expect(created.id).toBe(`${script.body.id}/${machineId}`);
    await remove();
    expect(store().startupScripts.get(team(), script.body.id as string)?.assignedMachineIds).toEqual([]);
  });

  test("Machine: made and waited for, read, replaced on a new region, deleted once gone", async () => {
    const spec = { templateId: "t0nspur5", machineType: "A4000", region: "ny2", diskSize: 50, autoName: "w-1234567" };
    const { created, read, remove } = await lifecycle("Machine", spec);
    // The auto-name's suffix is drawn again from the inputs that replace, so it is not the class's suffix.
    expect(read.properties).toMatchObject({ name: expect.stringMatching(/^w-[0-9a-f]{7}$/), state: "ready", cpus: 8 });
    expect(read.properties).toMatchObject({ name: created.properties.name, os: "Ubuntu 22.04" });
    expect(read.properties.name).not.toBe("w-1234567");
    const moved = await host.diff(urn("Machine"), created.id, created.properties, { ...read.inputs, region: "ca1" });
    expect(moved).toEqual({ changes: "DIFF_SOME", replaces: ["region"] });
    await remove();
    expect(store().machines.get(team(), created.id)).toBeUndefined();
  });

  test("SnapshotRestore: restored on create, read without a request, deleted without touching the machine", async () => {
    const machineId = emulator.machine("off");
    const made = await emulator.call("POST", "/snapshots", { machineId, name: "baseline" });
    await emulator.settle((made.body.event as { id: string }).id);
    const snapshotId = (made.body.data as { id: string }).id;
    const { created, remove } = await lifecycle("SnapshotRestore", { snapshotId, triggers: ["v1"] });
    expect(created.properties).toMatchObject({ machineId, eventId: created.id, triggers: ["v1"] });
    const restores = store()
      .machineEvents.list(team())
      .filter((event) => event.name === "snapshot-restore");
    expect(restores).toEqual([expect.objectContaining({ id: created.id, state: "done" })]);
    const before = (await emulator.requests()).length;
    await remove();
    expect((await emulator.requests()).length).toBe(before);
  });
});
