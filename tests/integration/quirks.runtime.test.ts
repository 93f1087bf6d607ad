import { EventFailedError } from "../../provider/api/errors";
import { getPrivateNetwork } from "../../provider/lookups.generated";
import { provider } from "../../provider/runtime";
import type { MachineInputs } from "../../provider/resources/machine.generated";
import { emulatorForRuntime } from "../support/runtime";

const machine = provider("Machine");
const customTemplate = provider("CustomTemplate");
const snapshot = provider("Snapshot");
const startupScript = provider("StartupScript");
const privateNetwork = provider("PrivateNetwork");
const sharedDrive = provider("SharedDrive");
const publicIp = provider("PublicIp");

const ctx = emulatorForRuntime();
const store = () => ctx.emulator.emulator.state.store;
const team = () => store().teams()[0].id;
const quirks = (body: object) => ctx.emulator.control("POST", "/quirks", body);
const requests = async () => (await ctx.emulator.requests()).map((r) => `${r.method} ${r.path} ${r.status}`);

async function checkedMachine(fields: Partial<MachineInputs> = {}): Promise<MachineInputs> {
  const news = { templateId: "t0nspur5", machineType: "A4000", region: "ny2", diskSize: 50, name: "worker", ...fields };
  return (await machine.check({}, news)).inputs as MachineInputs;
}

/** The provider's runtime against each of the real API's rough edges, turned on in the emulator, and either wire form. */
describe("the runtime survives the real API's quirks", () => {
  afterEach(async () => {
    await quirks({ quirks: [] });
    await ctx.emulator.control("POST", "/config", { wireForm: "live" });
  });

  test("delete-lag: a delete is done only once the object is gone: a 404, or dtDeleted", async () => {
    await quirks({ quirks: ["delete-lag"], deleteLagMs: 1_500 });
    const script = await startupScript.create((await startupScript.check({}, { name: "boot", script: "echo" })).inputs);
    await startupScript.delete(script.id, script.outs);
    // The script's delete answers with dtDeleted: the API says it is gone, and no read is needed.
    const log = await requests();
    expect(log.slice(log.indexOf(`DELETE /startup-scripts/${script.id} 200`) + 1)).toEqual([]);
    expect((await ctx.emulator.call("GET", `/startup-scripts/${script.id}`)).body).toMatchObject({
      dtDeleted: expect.any(String),
    });
    const template = await customTemplate.create({ machineId: ctx.emulator.machine("off"), name: "golden" });
    await customTemplate.delete(template.id, template.outs);
    // A template's delete answers the template as it was: it is read until it says it is gone.
    const templateReads = (await requests()).filter((r) => r.startsWith(`GET /custom-templates/${template.id}`));
    expect(templateReads.at(-1)).toBe(`GET /custom-templates/${template.id} 200`);
    expect((await ctx.emulator.call("GET", `/custom-templates/${template.id}`)).body).toMatchObject({
      dtDeleted: expect.any(String),
    });

    const shot = await snapshot.create({ machineId: ctx.emulator.machine("off"), name: "base" });
    await snapshot.delete(shot.id, shot.outs);
    // A snapshot has no dtDeleted: it answers as it was until the lag is over, and the delete waits that out.
    const snapshotReads = (await requests()).filter((r) => r.startsWith(`GET /snapshots/${shot.id}`));
    expect(snapshotReads[0]).toBe(`GET /snapshots/${shot.id} 200`);
    expect(snapshotReads.at(-1)).toBe(`GET /snapshots/${shot.id} 404`);
    expect(store().snapshots.get(team(), shot.id)).toBeUndefined();
  });

  test("delete-lag: refresh of an object deleted behind Pulumi's back drops it while it still answers", async () => {
    await quirks({ quirks: ["delete-lag"], deleteLagMs: 60_000 });
    const made = await machine.create(await checkedMachine());
    await ctx.emulator.control("DELETE", `/machines/${made.id}`);
    expect((await ctx.emulator.call("GET", `/machines/${made.id}`)).status).toBe(200);
    expect(await machine.read!(made.id, made.outs)).toEqual({});
  });

  test.each(["live", "spec"])(
    "the %s wire form: a machine's outputs hold numbers and the region's code, and show no change",
    async (wireForm) => {
      await ctx.emulator.control("POST", "/config", { wireForm });
      const inputs = await checkedMachine();
      const made = await machine.create(inputs);
      expect(made.outs).toMatchObject({
        region: "ny2",
        diskSize: 50,
        ram: 48 * 1024 ** 3,
        storageTotal: 50 * 1024 ** 3,
      });
      expect(made.outs.accelerators).toEqual([expect.objectContaining({ memory: 16 * 1024 ** 3 })]);
      const read = await machine.read!(made.id, made.outs);
      expect(read.props).toMatchObject({ region: "ny2", storageUsed: expect.any(Number) });
      expect(await machine.diff!(made.id, read.props, inputs)).toMatchObject({ changes: false, replaces: [] });
      const spelled = await checkedMachine({ region: "East Coast (NY2)" });
      expect(await machine.diff!(made.id, read.props, spelled)).toMatchObject({ changes: false, replaces: [] });
      const moved = await checkedMachine({ region: "ca1" });
      expect(await machine.diff!(made.id, read.props, moved)).toMatchObject({ replaces: ["region"] });
    },
  );

  test.each(["live", "spec"])(
    "the %s wire form: a network, a drive, an IP and a template read as their region's code, and show no change",
    async (wireForm) => {
      await ctx.emulator.control("POST", "/config", { wireForm });
      const made = async (resource: ReturnType<typeof provider>, news: Record<string, unknown>, region: string) => {
        const { inputs } = await resource.check({}, news);
        return { resource, inputs, region, ...(await resource.create(inputs)) };
      };
      const network = await made(privateNetwork, { name: "lab", region: "ca1" }, "ca1");
      const objects = [
        network,
        await made(sharedDrive, { networkId: network.id, region: "ca1", size: 10, autoName: "d-1a2b3c4" }, "ca1"),
        await made(publicIp, { region: "ams1" }, "ams1"),
        await made(customTemplate, { machineId: ctx.emulator.machine("off"), name: "golden" }, "ny2"),
      ];
      for (const { resource, inputs, region, id, outs } of objects) {
        expect(outs?.region).toBe(region);
        const read = await resource.read!(id, outs);
        expect(read.props?.region).toBe(region);
        expect(await resource.diff!(id, read.props!, inputs)).toMatchObject({ changes: false });
      }
      await expect(getPrivateNetwork({ id: network.id })).resolves.toMatchObject({ region: "ca1" });
    },
  );

  test("ambiguous-errors: successes that read error with no message are taken as done, by their objects", async () => {
    await quirks({ quirks: ["ambiguous-errors"] });
    const template = await customTemplate.create({ machineId: ctx.emulator.machine("off"), name: "golden" });
    expect(store().customTemplates.get(team(), template.id)).toBeDefined();
    const made = await machine.create(await checkedMachine({ state: "off" }));
    expect(made.outs).toMatchObject({ state: "off" });
    const started = await machine.update!(made.id, made.outs, await checkedMachine({ state: "ready" }));
    expect(started.outs).toMatchObject({ state: "ready" });
    await machine.delete(made.id, started.outs);
    expect(store().machines.get(team(), made.id)).toBeUndefined();
    const lines = ctx.log.mock.calls.map(([line]) => String(line));
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/no message.*taken as done/)]));
  });

  test("ambiguous-errors: a failure that reads error with no message fails, and leaves nothing", async () => {
    await quirks({ quirks: ["ambiguous-errors"] });
    await ctx.emulator.control("POST", "/faults", {
      rules: [{ method: "POST", path: "/custom-templates", event: "error" }],
    });
    const failing = customTemplate.create({ machineId: ctx.emulator.machine("off"), name: "golden" });
    await expect(failing).rejects.toBeInstanceOf(EventFailedError);
    expect(store().customTemplates.list(team())).toEqual([]);
    await ctx.emulator.control("DELETE", "/faults");
  });

  test("bodyless-patch-refused: starting and stopping a machine still works", async () => {
    await quirks({ quirks: ["bodyless-patch-refused"] });
    const made = await machine.create(await checkedMachine());
    const stopped = await machine.update!(made.id, made.outs, await checkedMachine({ state: "off" }));
    expect(stopped.outs).toMatchObject({ state: "off" });
    expect((await requests()).filter((r) => r.startsWith("PATCH"))).toEqual([
      expect.stringMatching(/^PATCH \/machines\/\w+\/stop 200$/),
    ]);
  });
});
