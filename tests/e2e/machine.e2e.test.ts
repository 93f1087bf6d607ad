import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { fixtureStack } from "./support";

jest.setTimeout(300_000);

const UBUNTU_22 = "t0nspur5";
const UBUNTU_20 = "tkni3aa4";

/** The Terraform acceptance sequence for a machine, with the real CLI: every kind of change, drift, adopt, destroy. */
describe("Machine with the real Pulumi CLI", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let cleanup: () => void;
  const store = () => emulator.emulator.state.store;
  const team = () => store().teams()[0].id;
  const ours = () =>
    store()
      .machines.list(team())
      .filter((m) => m.name !== "outside");
  const only = () => {
    const [one, ...more] = ours();
    expect(more).toEqual([]);
    return one;
  };
  const failureOf = (operation: Promise<unknown>) =>
    operation.then(
      () => "it succeeded",
      (e: Error) => e.message,
    );

  beforeAll(async () => {
    emulator = await TestEmulator.start({ machines: [{ name: "outside", state: "ready" }] });
    await emulator.control("POST", "/config", { eventDurationMs: 200 });
    ({ stack, cleanup } = await fixtureStack("machine"));
    await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
    await stack.setConfig("templateId", { value: UBUNTU_22 });
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("up makes the machine and returns once it is ready", async () => {
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs.state.value).toBe("ready");
    expect(only()).toMatchObject({ id: up.outputs.id.value, state: "ready", name: expect.stringMatching(/^worker-/) });
    expect(only().autoShutdownTimeout).toBe(2);
  });

  test("a preview shows no changes", async () => {
    await stack.preview({ expectNoChanges: true });
  });

  test("a rename is an update in place", async () => {
    const { id } = only();
    await stack.setConfig("name", { value: "trainer" });
    expect((await stack.up()).summary.resourceChanges).toEqual({ update: 1, same: 1 });
    expect(only()).toMatchObject({ id, name: "trainer", state: "ready" });
  });

  test("a resize of the running machine without powerOffMachine fails before any change, saying what to do", async () => {
    await stack.setConfig("diskSize", { value: "100" });
    await stack.setConfig("machineType", { value: "A6000" });
    const failure = await failureOf(stack.up());
    expect(failure).toMatch(/paperspace:Machine \(worker\)/);
    expect(failure).toContain("the machine is ready, and Paperspace resizes only a machine that is off");
    expect(failure).toContain("powerOffMachine: true");
    expect(only()).toMatchObject({ machineType: "A4000", storageTotal: 50 * 1024 ** 3, state: "ready" });
  });

  test("with powerOffMachine, the resize stops it, resizes it and starts it again", async () => {
    await stack.setConfig("powerOffMachine", { value: "true" });
    expect((await stack.up()).summary.resourceChanges).toEqual({ update: 1, same: 1 });
    expect(only()).toMatchObject({ machineType: "A6000", storageTotal: 100 * 1024 ** 3, state: "ready" });
    await stack.preview({ expectNoChanges: true });
  });

  test("a smaller disk is refused at preview, naming diskSize and why", async () => {
    await stack.setConfig("diskSize", { value: "50" });
    let output = "";
    const failure = await failureOf(stack.preview({ onOutput: (line) => (output += line) }));
    expect(failure).not.toBe("it succeeded");
    expect(output).toMatch(/property diskSize value .* has a problem: cannot shrink from 100 to 50 GB/);
    await stack.setConfig("diskSize", { value: "100" });
  });

  test("state off stops it, and ready starts it again", async () => {
    await stack.setConfig("state", { value: "off" });
    expect((await stack.up()).summary.resourceChanges).toEqual({ update: 1, same: 1 });
    expect(only().state).toBe("off");
    await stack.setConfig("state", { value: "ready" });
    await stack.up();
    expect(only().state).toBe("ready");
  });

  const stopBehindPulumisBack = async () => {
    const stopping = await emulator.call("PATCH", `/machines/${only().id}/stop`);
    await emulator.settle((stopping.body.event as { id: string }).id);
  };

  test("with auto-shutdown, a machine found off was shut down when idle: refresh and up leave it off", async () => {
    await stopBehindPulumisBack();
    await stack.refresh({ expectNoChanges: true });
    await stack.preview({ expectNoChanges: true });
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 2 });
    expect(only().state).toBe("off");
    // Declared off, then ready again: started, as the program now says.
    await stack.setConfig("state", { value: "off" });
    await stack.up();
    await stack.setConfig("state", { value: "ready" });
    expect((await stack.up()).summary.resourceChanges).toEqual({ update: 1, same: 1 });
    expect(only().state).toBe("ready");
  });

  test("stopped behind Pulumi's back: refresh sees it, the next up starts it, and then nothing shows", async () => {
    await stack.setConfig("autoShutdown", { value: "false" });
    expect((await stack.up()).summary.resourceChanges).toEqual({ update: 1, same: 1 });
    await stopBehindPulumisBack();
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    const preview = await stack.preview();
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    await stack.up();
    expect(only().state).toBe("ready");
    await stack.refresh({ expectNoChanges: true });
    await stack.preview({ expectNoChanges: true });
  });

  test("a machine made outside Pulumi is adopted and brought to its declared state, not duplicated", async () => {
    const outside = store()
      .machines.list(team())
      .find((m) => m.name === "outside")!;
    await stack.setConfig("adoptMachineId", { value: outside.id });
    expect((await stack.up()).summary.resourceChanges).toEqual({ create: 1, same: 2 });
    expect(store().machines.get(team(), outside.id)).toMatchObject({
      state: "off",
      name: expect.stringMatching(/^adopted-/),
    });
    await stack.preview({ expectNoChanges: true });
    await stack.removeConfig("adoptMachineId");
    await stack.up();
    expect(store().machines.get(team(), outside.id)).toBeUndefined();
  });

  test("a new template replaces it: the new machine is made before the old one goes", async () => {
    const old = only();
    await stack.setConfig("templateId", { value: UBUNTU_20 });
    expect((await stack.up()).summary.resourceChanges).toEqual({ replace: 1, same: 1 });
    const now = only();
    expect(now.id).not.toBe(old.id);
    expect(now).toMatchObject({ os: "Ubuntu 20.04", state: "ready", machineType: "A6000" });
    const events = store().machineEvents.list(team());
    const made = events.find((e) => e.name === "create" && e.machineId === now.id)!;
    const gone = events.find((e) => e.name === "deactivate" && e.machineId === old.id)!;
    expect(Date.parse(made.dtCreated)).toBeLessThan(Date.parse(gone.dtCreated));
  });

  test("destroy leaves no machine of the stack", async () => {
    await stack.destroy();
    expect(store().machines.list(team())).toEqual([]);
  });
});
