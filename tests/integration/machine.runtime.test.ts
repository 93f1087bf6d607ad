import { EventFailedError, PaperspaceError } from "../../provider/api/errors";
import { provider } from "../../provider/runtime";
import { PartialCreateError } from "../../provider/lifecycle/errors";
import type { MachineInputs, MachineOutputs } from "../../provider/resources/machine.generated";
import { emulatorForRuntime } from "../support/runtime";

const machine = provider("Machine");
const ctx = emulatorForRuntime();

const store = () => ctx.emulator.emulator.state.store;
const team = () => store().teams()[0].id;
const machines = () => store().machines.list(team());
const stateOf = (id: string) => store().machines.get(team(), id)?.state;
const faults = (rules: object[]) => ctx.emulator.control("POST", "/faults", { rules });
const requests = async () =>
  (await ctx.emulator.requests()).map((r) => `${r.method} ${r.path.replace(/ps\w{10}/, "<m>")}`);
const writes = async () => (await requests()).filter((r) => !r.startsWith("GET"));

async function checked(fields: Partial<MachineInputs> = {}): Promise<MachineInputs> {
  const news = { templateId: "t0nspur5", machineType: "A4000", region: "ny2", diskSize: 50, name: "worker", ...fields };
  const result = await machine.check({}, news);
  expect(result.failures).toBeUndefined();
  return result.inputs as MachineInputs;
}

async function made(fields: Partial<MachineInputs> = {}) {
  const inputs = await checked(fields);
  const { id, outs } = await machine.create(inputs);
  return { id, inputs, outs: outs as MachineOutputs };
}

describe("Machine against the emulator", () => {
  test("create waits for the create event and for the declared state, and answers the machine's fields", async () => {
    const { id, outs } = await made({ autoShutdownEnabled: true, autoShutdownTimeout: 2 });
    expect(stateOf(id)).toBe("ready");
    expect(outs).toMatchObject({
      state: "ready",
      name: "worker",
      machineType: "A4000",
      diskSize: 50,
      region: "ny2",
      os: "Ubuntu 22.04",
      cpus: 8,
      ram: 48 * 1024 ** 3,
      accelerators: [{ name: "A4000", count: 1 }],
      autoShutdownEnabled: true,
      autoShutdownTimeout: 2,
      publicIp: expect.stringMatching(/^184\.105\./),
    });
    expect(await writes()).toEqual(["POST /machines"]);
  });

  test("declared off, it is made off; then ready starts it, and off stops it, in place", async () => {
    const { id, inputs, outs } = await made({ state: "off" });
    expect(stateOf(id)).toBe("off");
    const ready = { ...inputs, state: "ready" as const };
    expect(await machine.diff(id, outs, ready)).toMatchObject({ changes: true, replaces: [] });
    const started = await machine.update(id, outs, ready);
    expect(stateOf(id)).toBe("ready");
    await machine.update(id, started.outs, { ...ready, state: "off" });
    expect(stateOf(id)).toBe("off");
    expect(await writes()).toEqual(["POST /machines", "PATCH /machines/<m>/start", "PATCH /machines/<m>/stop"]);
  });

  test("a machine stopped behind Pulumi's back reads as a change of state, and the next update starts it", async () => {
    const { id, inputs, outs } = await made();
    await ctx.emulator.call("PATCH", `/machines/${id}/stop`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const read = await machine.read(id, outs);
    expect(read.props).toMatchObject({ state: "off" });
    expect(await machine.diff(id, read.props, inputs)).toMatchObject({ changes: true, replaces: [] });
    await machine.update(id, read.props, inputs);
    expect(stateOf(id)).toBe("ready");
  });

  test("with auto-shutdown, a machine found off is as declared: a rename leaves it off; declaring off, then ready, starts it", async () => {
    const { id, outs } = await made({ autoShutdownEnabled: true, autoShutdownTimeout: 1 });
    await ctx.emulator.call("PATCH", `/machines/${id}/stop`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const read = await machine.read(id, outs);
    expect(read.props).toMatchObject({ state: "off", declaredState: "ready" });
    // The refresh's own diff, of the stored inputs against what was read: no drift.
    expect(await machine.diff(id, read.props, outs)).toMatchObject({ changes: false });
    const renamed = await checked({ name: "idle", autoShutdownEnabled: true, autoShutdownTimeout: 1 });
    expect(await machine.diff(id, read.props, renamed)).toMatchObject({ changes: true });
    const afterRename = await machine.update(id, read.props, renamed);
    expect(stateOf(id)).toBe("off");
    expect(afterRename.outs).toMatchObject({ name: "idle", state: "off", declaredState: "ready" });
    const off = await checked({ ...renamed, state: "off" });
    const stillOff = await machine.update(id, afterRename.outs, off);
    expect(stillOff.outs).toMatchObject({ state: "off", declaredState: "off" });
    const ready = await checked({ ...renamed, state: "ready" });
    expect(await machine.diff(id, stillOff.outs, ready)).toMatchObject({ changes: true });
    await machine.update(id, stillOff.outs, ready);
    expect(stateOf(id)).toBe("ready");
  });

  test("the disk size reads the same whether the API gives storageTotal in bytes or in GB", async () => {
    const { id, inputs, outs } = await made({ diskSize: 250 });
    expect((await machine.read(id, outs)).props).toMatchObject({ diskSize: 250, storageTotal: 250 * 1024 ** 3 });
    store().machines.put({ ...store().machines.get(team(), id)!, storageTotal: 250 });
    const read = await machine.read(id, outs);
    expect(read.props).toMatchObject({ diskSize: 250, storageTotal: 250 });
    expect(await machine.diff(id, read.props, inputs)).toMatchObject({ changes: false });
  });

  test("a resize of a running machine without powerOffMachine fails before any change, saying what to do", async () => {
    const { id, inputs, outs } = await made();
    const before = await writes();
    const error = await machine.update(id, outs, { ...inputs, diskSize: 100, name: "renamed" }).catch((e) => e);
    expect(error).toBeInstanceOf(PaperspaceError);
    expect(error.message).toContain(`Cannot change the diskSize of machine ${id}: the machine is ready`);
    expect(error.message).toContain("Set `powerOffMachine: true`");
    expect(await writes()).toEqual(before);
    expect(store().machines.get(team(), id)).toMatchObject({ name: "worker", storageTotal: 50 * 1024 ** 3 });
  });

  test("with powerOffMachine, a resize stops it, resizes, and brings it back to its declared state", async () => {
    const { id, inputs, outs } = await made({ powerOffMachine: true });
    const { outs: resized } = await machine.update(id, outs, { ...inputs, diskSize: 100, machineType: "A6000" });
    expect(resized).toMatchObject({ diskSize: 100, machineType: "A6000", state: "ready" });
    expect(stateOf(id)).toBe("ready");
    expect((await writes()).slice(1)).toEqual([
      "PATCH /machines/<m>/stop",
      "PUT /machines/<m>",
      "PATCH /machines/<m>/start",
    ]);
  });

  test("a smaller disk is refused at check, naming the property and why", async () => {
    const olds = await checked({ diskSize: 100 });
    const result = await machine.check(olds, { ...olds, diskSize: 50 });
    expect(result.failures).toEqual([
      {
        property: "diskSize",
        reason: expect.stringContaining("cannot shrink from 100 to 50 GB: Paperspace only grows"),
      },
    ]);
  });

  test("what replaces and what changes in place", async () => {
    const inputs = await checked();
    const outs = { ...inputs, state: "serviceready" } as unknown as MachineOutputs;
    const diff = (change: object) => machine.diff("ps1", outs, { ...inputs, ...change });
    expect(await diff({})).toMatchObject({ changes: false });
    expect(await diff({ templateId: "t7vp562h" })).toMatchObject({ replaces: ["templateId"] });
    expect(await diff({ region: "ca1" })).toMatchObject({ replaces: ["region"] });
    expect(await diff({ enableNvlink: true })).toMatchObject({ replaces: ["enableNvlink"] });
    expect(await diff({ name: "x" })).toMatchObject({ changes: true, replaces: [] });
    expect(await diff({ autoShutdownEnabled: true })).toMatchObject({ changes: true, replaces: [] });
    expect(await diff({ powerOffMachine: true })).toMatchObject({ changes: true, replaces: [] });
    // Settings the program leaves unset are the API's: what it answers for them is no change.
    expect(await machine.diff("ps1", { ...outs, autoShutdownEnabled: false }, inputs)).toMatchObject({
      changes: false,
    });
  });

  test("changing the startup script unassigns the old one and assigns the new one", async () => {
    const script = async (name: string) =>
      (await ctx.emulator.call("POST", "/startup-scripts", { name, script: "echo" })).body.id as string;
    const [a, b] = [await script("a"), await script("b")];
    const { id, inputs, outs } = await made({ startupScriptId: a });
    const assigned = (scriptId: string) => store().startupScripts.get(team(), scriptId)?.assignedMachineIds;
    expect(assigned(a)).toEqual([id]);
    const { outs: moved } = await machine.update(id, outs, { ...inputs, startupScriptId: b });
    expect([assigned(a), assigned(b)]).toEqual([[], [id]]);
    await machine.update(id, moved, { ...inputs, startupScriptId: undefined });
    expect(assigned(b)).toEqual([]);
  });

  test("delete waits for the deactivate event and until the machine is gone; a second delete is done", async () => {
    const { id, outs } = await made();
    await machine.delete(id, outs);
    expect(machines().map((m) => m.id)).not.toContain(id);
    await expect(machine.delete(id, outs)).resolves.toBeUndefined();
    expect(await machine.read(id, outs)).toEqual({});
  });

  test("a create whose event fails leaves no machine; a lost answer is found, not made twice", async () => {
    const seeded = machines().length;
    await faults([{ method: "POST", path: "/machines", count: 1, event: "error" }]);
    await expect(made()).rejects.toBeInstanceOf(EventFailedError);
    expect(machines()).toHaveLength(seeded);
    await faults([{ method: "POST", path: "/machines", count: 1, drop: "after" }]);
    const { id } = await made();
    expect(
      machines()
        .filter((m) => m.name === "worker")
        .map((m) => m.id),
    ).toEqual([id]);
  });

  test("a create that times out waiting is recorded, not orphaned; no capacity fails naming the type and region", async () => {
    await faults([{ method: "POST", path: "/machines", count: 1, event: "stuck" }]);
    const error = await made({ timeouts: { create: "1s" } }).catch((e) => e);
    expect(error).toBeInstanceOf(PartialCreateError);
    expect(machines().map((m) => m.id)).toContain(error.id);
    await faults([{ method: "POST", path: "/machines", count: 1, noCapacity: true }]);
    await expect(made({ machineType: "A6000" })).rejects.toThrow("No capacity for machine type A6000 in region ny2");
  });

  test("a machine an interrupted run left under its auto-name is taken over", async () => {
    const inputs = await checked({ name: undefined, autoName: "worker-1a2b3c4" });
    const body = { templateId: "t0nspur5", machineType: "A4000", region: "ny2", diskSize: 50, name: inputs.name };
    const left = await ctx.emulator.call("POST", "/machines", body);
    const { id } = await machine.create(inputs);
    expect(id).toBe((left.body.data as { id: string }).id);
    expect(machines().filter((m) => m.name === inputs.name)).toHaveLength(1);
  });

  test("a replacement (made before the old machine goes) is a machine of its own, not the old one taken over", async () => {
    const { id: old } = await made({ name: undefined, autoName: "worker-1a2b3c4" });
    const { id } = await made({ name: undefined, autoName: "worker-1a2b3c4", templateId: "tkni3aa4" });
    expect(id).not.toBe(old);
    expect(machines().map((m) => m.id)).toEqual(expect.arrayContaining([old, id]));
  });

  test("adopting takes an existing machine of the declared region, and brings it to the declared state", async () => {
    const seeded = ctx.emulator.machine("off");
    const { id, outs } = await made({ adoptId: seeded, name: "adopted" });
    expect(id).toBe(seeded);
    expect(outs).toMatchObject({ name: "adopted", state: "ready" });
    await expect(made({ adoptId: seeded, region: "ca1" })).rejects.toThrow(
      `adoptId: machine ${seeded} has region ny2, but region is ca1. Set region to ny2 to adopt it.`,
    );
  });
});
