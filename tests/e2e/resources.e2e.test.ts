import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { fixtureStack } from "./support";

jest.setTimeout(300_000);

const MACHINES = [
  { name: "trainer", state: "ready" as const },
  { name: "spare", state: "ready" as const },
  { name: "golden", state: "off" as const },
  { name: "golden-2", state: "off" as const },
];

/** The fixture's stack against a fresh emulator whose events take 300 ms. */
async function setUp() {
  const emulator = await TestEmulator.start({ machines: MACHINES, eventDurations: {} });
  await emulator.control("POST", "/config", { eventDurationMs: 300 });
  const { stack, cleanup } = await fixtureStack("all-resources");
  const machine = (name: string) => emulator.machines().find((m) => m.name === name)!.id;
  await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
  await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
  await stack.setConfig("assignMachineId", { value: machine("trainer") });
  await stack.setConfig("snapshotMachineId", { value: machine("trainer") });
  await stack.setConfig("templateMachineId", { value: machine("golden") });
  return { emulator, stack, cleanup, machine };
}

function inventory(emulator: TestEmulator) {
  const { scripts, snapshots, templates } = emulator.account();
  return {
    scripts,
    snapshots,
    templates,
    assigned: scripts.flatMap((s) => s.assignedMachineIds.map((m) => `${s.id}/${m}`)),
  };
}

async function requestsDuring(emulator: TestEmulator, operation: () => Promise<unknown>): Promise<string[]> {
  const before = (await emulator.requests()).length;
  await operation();
  return (await emulator.requests()).slice(before).map((r) => `${r.method} ${r.path}`);
}

describe("all four resources with the real Pulumi CLI", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let cleanup: () => void;
  let machine: (name: string) => string;

  beforeAll(async () => {
    ({ emulator, stack, cleanup, machine } = await setUp());
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("up creates them all, waiting for the template and snapshot events", async () => {
    const result = await stack.up();
    expect(result.summary.resourceChanges).toEqual({ create: 5 });
    const now = inventory(emulator);
    expect(now.scripts).toHaveLength(1);
    expect(now.templates).toEqual([
      expect.objectContaining({ id: result.outputs.templateId.value, parentMachineId: machine("golden") }),
    ]);
    expect(now.snapshots).toEqual([expect.objectContaining({ id: result.outputs.snapshotId.value })]);
    expect(now.assigned).toEqual([`${result.outputs.scriptId.value}/${machine("trainer")}`]);
    expect(result.outputs.templateRegion.value).toBe("ny2");
    const events = emulator.emulator.state.store.machineEvents.list(emulator.emulator.state.store.teams()[0].id);
    expect(events.map((e) => `${e.name}:${e.state}`).sort()).toEqual(["snapshot-create:done", "template-create:done"]);
  });

  test("a no-change preview and up make no API request", async () => {
    expect(await requestsDuring(emulator, () => stack.preview({ expectNoChanges: true }))).toEqual([]);
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 5 });
    expect(await requestsDuring(emulator, () => stack.up())).toEqual([]);
  });

  test("renaming each updates it in place", async () => {
    const ids = inventory(emulator);
    await stack.setConfig("scriptName", { value: "boot-renamed" });
    await stack.setConfig("snapshotName", { value: "nightly-renamed" });
    await stack.setConfig("templateName", { value: "golden-renamed" });
    const result = await stack.up();
    expect(result.summary.resourceChanges).toEqual({ update: 3, same: 2 });
    const now = inventory(emulator);
    expect(now.scripts.map((s) => [s.id, s.name])).toEqual([[ids.scripts[0].id, "boot-renamed"]]);
    expect(now.snapshots.map((s) => [s.id, s.name])).toEqual([[ids.snapshots[0].id, "nightly-renamed"]]);
    expect(now.templates.map((t) => [t.id, t.name])).toEqual([[ids.templates[0].id, "golden-renamed"]]);
  });

  test("a new machineId replaces the snapshot and the template, leaving no old one", async () => {
    const before = inventory(emulator);
    await stack.setConfig("snapshotMachineId", { value: machine("spare") });
    await stack.setConfig("templateMachineId", { value: machine("golden-2") });
    const result = await stack.up();
    expect(result.summary.resourceChanges).toEqual({ replace: 2, same: 3 });
    const now = inventory(emulator);
    expect(now.snapshots).toEqual([expect.objectContaining({ machineId: machine("spare"), name: "nightly-renamed" })]);
    expect(now.templates).toEqual([expect.objectContaining({ parentMachineId: machine("golden-2") })]);
    expect(now.snapshots[0].id).not.toBe(before.snapshots[0].id);
    expect(now.templates[0].id).not.toBe(before.templates[0].id);
  });

  test("refresh shows no changes, with at most one GET per resource", async () => {
    const requests = await requestsDuring(emulator, () => stack.refresh({ expectNoChanges: true }));
    expect(requests.every((r) => r.startsWith("GET "))).toBe(true);
    // The template and the snapshot are read alone; the script and the assignment both read the script, and when
    // their reads reach the provider together they share one page of the scripts' list.
    expect(requests.filter((r) => /^GET \/custom-templates\/[^/]+$/.test(r))).toHaveLength(1);
    expect(requests.filter((r) => /^GET \/snapshots\/[^/]+$/.test(r))).toHaveLength(1);
    const scripts = requests.filter((r) => r.startsWith("GET /startup-scripts"));
    const shared = scripts.length === 1 && scripts[0] === "GET /startup-scripts";
    const apart = scripts.length === 2 && scripts.every((r) => /^GET \/startup-scripts\/[^/]+$/.test(r));
    expect(shared || apart ? "one list, or a GET each" : scripts).toBe("one list, or a GET each");
    expect(requests).toHaveLength(2 + scripts.length);
  });

  test("a template and a snapshot deleted behind Pulumi's back are dropped by refresh and made again by up", async () => {
    const before = inventory(emulator);
    await emulator.call("DELETE", `/custom-templates/${before.templates[0].id}`);
    const deleting = await emulator.call("DELETE", `/snapshots/${before.snapshots[0].id}`);
    await emulator.settle((deleting.body.event as { id: string }).id);
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 2 });
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2, same: 3 });
    const now = inventory(emulator);
    expect(now.templates).toHaveLength(1);
    expect(now.snapshots).toHaveLength(1);
  });

  test("an object made outside Pulumi is adopted, not duplicated", async () => {
    const made = await emulator.call("POST", "/snapshots", { machineId: machine("spare"), name: "by-hand" });
    await emulator.settle((made.body.event as { id: string }).id);
    const adoptId = (made.body.data as { id: string }).id;
    await stack.setConfig("adoptSnapshotId", { value: adoptId });
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 1, same: 5 });
    const now = inventory(emulator);
    expect(now.snapshots).toHaveLength(2);
    expect(now.snapshots.find((s) => s.id === adoptId)?.name).toMatch(/^adopted-[0-9a-f]{7}$/);
    await stack.preview({ expectNoChanges: true });
  });

  test("destroy leaves the account as it was: no script, snapshot, template or assignment", async () => {
    await stack.destroy();
    expect(inventory(emulator)).toEqual({ scripts: [], snapshots: [], templates: [], assigned: [] });
    expect(
      emulator
        .machines()
        .map((m) => m.name)
        .sort(),
    ).toEqual(MACHINES.map((m) => m.name).sort());
  });
});

describe("all four resources on a bad day: 429s, 5xx, a dropped connection, a failing event", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let cleanup: () => void;

  beforeAll(async () => {
    ({ emulator, stack, cleanup } = await setUp());
    await emulator.control("POST", "/faults", {
      seed: 7,
      rules: [
        { method: "POST", path: "/startup-scripts", count: 2, retryAfter: 1 },
        { method: "GET", path: "/machines/*", count: 2, status: 503 },
        { method: "POST", path: "/snapshots", count: 1, drop: "after" },
        { method: "POST", path: "/startup-scripts/*/assign", count: 1, status: 502 },
        { method: "GET", path: "/machine-events/*", probability: 0.2, status: 500 },
        { method: "POST", path: "/custom-templates", count: 1, event: "error" },
      ],
    });
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("the first up fails on the template's event, with a message that names it and why", async () => {
    const failure = await stack.up().catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).message)).toMatch(
      /custom template "golden-[0-9a-f]{7}" from machine ps\w+ failed: machine event \w+ \(template-create\) ended in error/,
    );
    // The failed template left nothing; what else was done before the engine stopped exists once at most.
    const now = inventory(emulator);
    expect(now.templates).toEqual([]);
    expect(now.scripts.length).toBeLessThanOrEqual(1);
    expect(now.snapshots.length).toBeLessThanOrEqual(1);
    expect(now.assigned.length).toBeLessThanOrEqual(1);
  });

  test("a second up converges, with nothing made twice", async () => {
    const result = await stack.up();
    expect(result.summary.result).toBe("succeeded");
    const now = inventory(emulator);
    expect(now.templates).toHaveLength(1);
    expect(now.scripts).toHaveLength(1);
    expect(now.snapshots).toHaveLength(1);
    expect(now.assigned).toHaveLength(1);
    // Every deterministic fault did fire on the way.
    const fired = new Set((await emulator.requests()).map((r) => r.fault).filter(Boolean));
    for (const fault of ["retryAfter:1", "status:503", "drop:after", "status:502", "event:error"]) {
      expect(fired).toContain(fault);
    }
    await emulator.control("DELETE", "/faults");
    await stack.preview({ expectNoChanges: true });
  });

  test("destroy leaves nothing behind", async () => {
    await stack.destroy();
    expect(inventory(emulator)).toEqual({ scripts: [], snapshots: [], templates: [], assigned: [] });
  });
});
