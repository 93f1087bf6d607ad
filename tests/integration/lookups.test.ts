import { NotFoundError, PaperspaceError } from "../../provider/api/errors";
import { getCustomTemplate, getMachine, getOsTemplates } from "../../provider/lookups.generated";
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

  test("getCustomTemplate by name, and the newest of an image channel by name prefix", async () => {
    const machineId = ctx.emulator.machine("off");
    const make = async (name: string) =>
      ((await ctx.emulator.call("POST", "/custom-templates", { machineId, name })).body.data as { id: string }).id;
    const first = await make("golden-2026-12-01");
    const second = await make("golden-2026-12-08");
    await make("other-2026-12-09");
    expect(await getCustomTemplate({ name: "golden-2026-12-01" })).toMatchObject({ id: first });
    expect(await getCustomTemplate({ namePrefix: "golden-" })).toMatchObject({ id: second, name: "golden-2026-12-08" });
    await expect(getCustomTemplate({ namePrefix: "silver-" })).rejects.toThrow(
      'getCustomTemplate: no custom template\'s name starts with "silver-"',
    );
    await expect(getCustomTemplate({ name: "golden" })).rejects.toThrow('no custom template named "golden"');
    await make("golden-2026-12-01");
    await expect(getCustomTemplate({ name: "golden-2026-12-01" })).rejects.toThrow(
      '2 custom templates are named "golden-2026-12-01"',
    );
    await expect(getCustomTemplate({ namePrefix: "" })).rejects.toThrow("namePrefix must be a non-empty string");
  });
});
