import { provider } from "../../provider/runtime";
import { EventFailedError } from "../../provider/api/errors";
import type { CustomTemplateInputs } from "../../provider/resources/customTemplate.generated";
import { PartialCreateError } from "../../provider/lifecycle/errors";
import { emulatorForRuntime } from "../support/runtime";

const customTemplate = provider("CustomTemplate");

const ctx = emulatorForRuntime();

const store = () => ctx.emulator.emulator.state.store;
const team = () => store().teams()[0].id;
const machineState = (id: string) => store().machines.get(team(), id)?.state;
const powerCalls = async () =>
  (await ctx.emulator.requests())
    .filter((r) => r.method !== "GET")
    .map((r) => `${r.method} ${r.path.replace(/ps\w+/, "<m>")}${r.fault ? ` (${r.fault})` : ""}`);

const inputs = (machineId: string, fields: Partial<CustomTemplateInputs> = {}): CustomTemplateInputs => ({
  machineId,
  name: "golden",
  powerOffMachine: true,
  ...fields,
});

describe("CustomTemplate with powerOffMachine", () => {
  test("stops a running machine, makes the template, and starts the machine again", async () => {
    const machineId = ctx.emulator.machine("ready");
    const { id } = await customTemplate.create(inputs(machineId));
    expect(store().customTemplates.get(team(), id)).toBeDefined();
    expect(machineState(machineId)).toBe("ready");
    expect(await powerCalls()).toEqual([
      "PATCH /machines/<m>/stop",
      "POST /custom-templates",
      "PATCH /machines/<m>/start",
    ]);
    expect(ctx.log).toHaveBeenCalledWith(
      `Stopping machine ${machineId} (ready) for custom template "golden"; it is started again afterwards`,
    );
  });

  test("leaves a machine that was off, off", async () => {
    const machineId = ctx.emulator.machine("off");
    await customTemplate.create(inputs(machineId));
    expect(machineState(machineId)).toBe("off");
    expect(await powerCalls()).toEqual(["POST /custom-templates"]);
  });

  test("starts the machine again when the template fails, and reports the failure", async () => {
    await ctx.emulator.control("POST", "/faults", {
      rules: [{ method: "POST", path: "/custom-templates", count: 1, event: "error" }],
    });
    const machineId = ctx.emulator.machine("ready");
    await expect(customTemplate.create(inputs(machineId))).rejects.toBeInstanceOf(EventFailedError);
    expect(machineState(machineId)).toBe("ready");
    expect(store().customTemplates.list(team())).toEqual([]);
  });

  test("waits for a machine that is already stopping, instead of fighting it", async () => {
    await ctx.emulator.control("POST", "/config", { eventDurations: { stop: 400 } });
    const machineId = ctx.emulator.machine("ready");
    await ctx.emulator.call("PATCH", `/machines/${machineId}/stop`);
    expect(machineState(machineId)).toBe("stopping");
    await customTemplate.create(inputs(machineId));
    // It settled off by itself, so it stays off: only one stop, the user's.
    expect(machineState(machineId)).toBe("off");
    expect(await powerCalls()).toEqual(["PATCH /machines/<m>/stop", "POST /custom-templates"]);
  });

  test("two templates of one machine take turns with its power, and both succeed", async () => {
    const machineId = ctx.emulator.machine("ready");
    const [a, b] = await Promise.all([
      customTemplate.create(inputs(machineId, { name: "a" })),
      customTemplate.create(inputs(machineId, { name: "b" })),
    ]);
    expect(a.id).not.toBe(b.id);
    expect(machineState(machineId)).toBe("ready");
    const calls = await powerCalls();
    expect(calls).toEqual([
      "PATCH /machines/<m>/stop",
      "POST /custom-templates",
      "PATCH /machines/<m>/start",
      "PATCH /machines/<m>/stop",
      "POST /custom-templates",
      "PATCH /machines/<m>/start",
    ]);
  });

  test("a machine that cannot be started again: the template is kept, and the error says to start it by hand", async () => {
    await ctx.emulator.control("POST", "/faults", {
      rules: [{ method: "PATCH", path: "/machines/*/start", count: 1, event: "error" }],
    });
    const machineId = ctx.emulator.machine("ready");
    const error = await customTemplate.create(inputs(machineId)).catch((e) => e);
    expect(error).toBeInstanceOf(PartialCreateError);
    expect(error.message).toContain(`Machine ${machineId} could not be started again`);
    expect(store().customTemplates.get(team(), error.id)).toBeDefined();
    expect(error.properties.__provider).toBeUndefined();
    expect(machineState(machineId)).toBe("off");
  });
});
