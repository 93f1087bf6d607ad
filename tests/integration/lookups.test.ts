import { NotFoundError, PaperspaceError } from "../../provider/api/errors";
import { getCustomTemplate, getMachine, getOsTemplates } from "../../provider/lookups";
import { emulatorForRuntime } from "../support/runtime";

describe("lookups", () => {
  const ctx = emulatorForRuntime();

  test("getOsTemplates lists them all, or those of one name", async () => {
    const all = await getOsTemplates();
    expect(all.length).toBeGreaterThan(2);
    const ubuntu = await getOsTemplates({ name: "Ubuntu 22.04" });
    expect(ubuntu).toEqual([expect.objectContaining({ name: "Ubuntu 22.04", id: expect.stringMatching(/^t/) })]);
    expect(await getOsTemplates({ name: "BeOS" })).toEqual([]);
  });

  test("getMachine answers the machine, and a missing one is NotFoundError", async () => {
    const id = ctx.emulator.machine("off");
    expect(await getMachine({ id })).toMatchObject({ id, state: "off", name: "golden-image" });
    await expect(getMachine({ id: "psnothere0000" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getMachine({ id: "bad id" })).rejects.toThrow('getMachine: id must be a Paperspace id, got "bad id"');
    await expect(getMachine(undefined as never)).rejects.toBeInstanceOf(PaperspaceError);
  });

  test("getMachine by name answers the one machine of that name, and says when there is none or several", async () => {
    expect(await getMachine({ name: "golden-image" })).toMatchObject({ id: ctx.emulator.machine("off") });
    await expect(getMachine({ name: "nope" })).rejects.toThrow('getMachine: no machine named "nope"');
    await ctx.emulator.control("POST", "/machines", { name: "golden-image" });
    await expect(getMachine({ name: "golden-image" })).rejects.toThrow('2 machines are named "golden-image"');
    await ctx.emulator.control("POST", "/reset");
  });

  test("getCustomTemplate answers the template", async () => {
    const made = await ctx.emulator.call("POST", "/custom-templates", {
      machineId: ctx.emulator.machine("off"),
      name: "golden",
    });
    const id = (made.body.data as { id: string }).id;
    expect(await getCustomTemplate({ id })).toMatchObject({
      id,
      name: "golden",
      parentMachineId: ctx.emulator.machine("off"),
    });
  });
});
