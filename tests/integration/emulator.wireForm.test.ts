import { PROFILES } from "../../emulator/profiles";
import { TestEmulator } from "../../testing/emulator";

/** Every event done at its first read, so that a test moves them without waiting. */
const AT_FIRST_READ = Object.fromEntries(Object.keys(PROFILES.fast).map((name) => [name, { polls: 1 }]));
const GIB = 1024 ** 3;

/** How answers carry a machine's sizes and regions: as the live API sends them, or as the contract types them. */
describe("emulator wire forms", () => {
  let emulator: TestEmulator;

  beforeAll(async () => {
    emulator = await TestEmulator.start({ eventDurations: AT_FIRST_READ });
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    await emulator.control("POST", "/reset");
    await emulator.control("POST", "/config", { wireForm: "live" });
  });

  const config = (body: unknown) => emulator.control<Record<string, unknown>>("POST", "/config", body);
  const machine = async (id: string) => (await emulator.call("GET", `/machines/${id}`)).body;

  test("live by default: a machine's RAM, disk and GPU memory are numeric strings and its region a display name, in every answer", async () => {
    expect(await emulator.control("GET", "/config")).toMatchObject({ wireForm: "live" });
    const id = emulator.machine("ready");
    const read = await machine(id);
    expect(read).toMatchObject({
      ram: String(48 * GIB),
      storageTotal: String(50 * GIB),
      storageUsed: expect.stringMatching(/^\d+$/),
      cpus: 8,
      usageRate: expect.any(Number),
      region: "East Coast (NY2)",
    });
    expect(read.accelerators).toEqual([{ name: "A4000", count: 1, memory: String(16 * GIB) }]);
    const stopped = await emulator.call("PATCH", `/machines/${id}/stop`, {});
    expect(stopped.body.data).toMatchObject({ storageUsed: expect.any(String), region: "East Coast (NY2)" });
    const [listed] = (await emulator.call("GET", "/machines?name=training-box")).body.items as object[];
    expect(listed).toEqual(stopped.body.data);
    const template = await emulator.call("POST", "/custom-templates", {
      machineId: emulator.machine("off"),
      name: "t",
    });
    expect(template.body.data).toMatchObject({ region: "East Coast (NY2)", defaultSizeGb: 50 });
    // Requests may name a region either way; the store keeps native values, the code and numbers.
    expect((await emulator.call("GET", "/machines?region=ny2")).body.items).toHaveLength(2);
    expect(emulator.machines().find((each) => each.id === id)).toMatchObject({ ram: 48 * GIB, region: "ny2" });
  });

  test("spec: numbers and region codes, as the contract types them", async () => {
    expect(await config({ wireForm: "spec" })).toMatchObject({ wireForm: "spec" });
    const read = await machine(emulator.machine("ready"));
    expect(read).toMatchObject({ ram: 48 * GIB, storageTotal: 50 * GIB, storageUsed: expect.any(Number) });
    expect(read).toMatchObject({ region: "ny2" });
    expect(read.accelerators).toEqual([{ name: "A4000", count: 1, memory: 16 * GIB }]);
    const made = await emulator.call("POST", "/machines", {
      name: "west",
      machineType: "A6000",
      templateId: "t0nspur5",
      diskSize: 50,
      region: "West Coast (CA1)",
    });
    expect(made.body.data).toMatchObject({ region: "ca1", ram: 48 * GIB, storageTotal: 50 * GIB });
  });

  test("a reset keeps the form; an unknown one is refused, naming the option, and changes nothing", async () => {
    await config({ wireForm: "spec" });
    await emulator.control("POST", "/reset");
    expect((await machine(emulator.machine("ready"))).region).toBe("ny2");
    const refused = await fetch(`${emulator.emulator.rootUrl}/_emulator/config`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ wireForm: "legacy", eventDurationMs: 5 }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      message: expect.stringContaining('"legacy"'),
      details: { field: "wireForm" },
    });
    expect(await emulator.control("GET", "/config")).toMatchObject({ wireForm: "spec", eventDurations: AT_FIRST_READ });
  });
});
