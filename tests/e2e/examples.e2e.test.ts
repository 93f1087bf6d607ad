import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { parse } from "yaml";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { ROOT, programCopy, stackIn } from "../../testing/pulumi";

jest.setTimeout(300_000);

const EXAMPLES = join(ROOT, "examples");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensurePlugin, PLUGIN_FOLDER } = require(join(ROOT, "tools", "plugin.js")) as {
  ensurePlugin(): Promise<string>;
  PLUGIN_FOLDER: string;
};

async function connect(stack: Stack, emulator: TestEmulator): Promise<void> {
  await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
  await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
}

describe("examples/quickstart", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let cleanup: () => void;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const copy = programCopy(join(EXAMPLES, "quickstart"), "quickstart");
    cleanup = copy.cleanup;
    stack = await stackIn(copy.workDir, copy.stateDir, "dev");
    await connect(stack, emulator);
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("makes a script assigned to the machine, a snapshot, a template, and a machine from it", async () => {
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 6 });
    const { scripts, snapshots, templates, machines } = emulator.account();
    const trainer = machines.find((m) => m.name === "training-box")!;
    expect(scripts.map((s) => s.assignedMachineIds)).toEqual([[trainer.id]]);
    expect(snapshots.map((s) => s.machineId)).toEqual([trainer.id]);
    expect(templates.map((t) => [t.id, t.parentMachineId])).toEqual([[up.outputs.templateId.value, trainer.id]]);
    expect(trainer.state).toBe("ready");
    const worker = machines.find((m) => m.id === up.outputs.workerId.value);
    expect(worker).toMatchObject({
      state: "ready",
      templateId: up.outputs.templateId.value,
      autoShutdownEnabled: true,
    });
    await stack.preview({ expectNoChanges: true });
  });

  test("a template whose event fails leaves the machine running and nothing behind; the next up converges", async () => {
    await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
    await stack.destroy();
    await emulator.control("POST", "/faults", {
      rules: [{ method: "POST", path: "/custom-templates", count: 1, event: "error" }],
    });
    await expect(stack.up()).rejects.toThrow(/custom template "image-[0-9a-f]{7}" from machine ps\w+ failed/);
    const after = emulator.account();
    expect(after.templates).toEqual([]);
    expect(after.machines.find((m) => m.name === "training-box")?.state).toBe("ready");
    const second = await stack.up();
    expect(second.summary.result).toBe("succeeded");
    expect(emulator.account().templates).toHaveLength(1);
    await stack.destroy();
    const empty = emulator.account();
    expect([empty.scripts, empty.snapshots, empty.templates]).toEqual([[], [], []]);
    expect(empty.machines.map((m) => m.name).sort()).toEqual(["golden-image", "training-box"]);
  });
});

describe("examples/golden-image and its next stack", () => {
  let emulator: TestEmulator;
  let golden: Stack;
  let next: Stack;
  let cleanup: () => void;
  const seeded = ["golden-image", "training-box"];
  const built = () => emulator.account().machines.filter((m) => !seeded.includes(m.name));
  const fleet = () => built().filter((m) => m.name.startsWith("worker-"));

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const copy = programCopy(join(EXAMPLES, "golden-image"), "golden-image");
    cleanup = copy.cleanup;
    golden = await stackIn(copy.workDir, copy.stateDir, "dev");
    next = await stackIn(join(copy.workDir, "next-stack"), copy.stateDir, "dev");
    await connect(golden, emulator);
    await connect(next, emulator);
    await golden.setConfig("imageVersion", { value: "2026-12-01" });
    await next.setConfig("goldenStack", { value: "organization/golden-image/dev" });
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("one up goes from nothing to a fleet made from the new template; a second up changes nothing", async () => {
    const up = await golden.up();
    expect(up.summary.resourceChanges).toEqual({ create: 7 });
    const { scripts, snapshots, templates } = emulator.account();
    const builder = built().find((m) => m.name.startsWith("builder-2026-12-01-"))!;
    expect(builder).toMatchObject({ state: "ready", templateId: up.outputs.osTemplateId.value });
    expect(scripts).toEqual([expect.objectContaining({ isRunOnce: true, assignedMachineIds: [builder.id] })]);
    expect(snapshots).toEqual([
      expect.objectContaining({ id: up.outputs.baselineSnapshotId.value, machineId: builder.id }),
    ]);
    expect(templates).toEqual([expect.objectContaining({ name: "golden-2026-12-01", parentMachineId: builder.id })]);
    expect(fleet()).toHaveLength(2);
    for (const worker of fleet()) {
      expect(worker).toMatchObject({ state: "ready", templateId: templates[0].id, autoShutdownEnabled: true });
    }
    expect(up.outputs.fleetIds.value.sort()).toEqual(
      fleet()
        .map((m) => m.id)
        .sort(),
    );
    expect((await golden.up()).summary.resourceChanges).toEqual({ same: 7 });

    const consumer = await next.up();
    expect(consumer.outputs.goldenTemplateId.value).toBe(templates[0].id);
    expect(consumer.outputs.machineTypes.value).toContain("A4000");
  });

  test("a new image version moves the fleet: new machines from the new template are made before the old ones go", async () => {
    const before = fleet();
    await golden.setConfig("imageVersion", { value: "2026-12-08" });
    const up = await golden.up();
    expect(up.summary.resourceChanges).toEqual({ create: 3, replace: 2, delete: 3, same: 2 });
    const { templates, snapshots } = emulator.account();
    expect(templates.map((t) => t.name)).toEqual(["golden-2026-12-08"]);
    expect(snapshots).toHaveLength(1);
    expect(
      built()
        .filter((m) => m.name.startsWith("builder-"))
        .map((m) => m.name),
    ).toEqual([expect.stringMatching(/^builder-2026-12-08-/)]);
    const after = fleet();
    expect(after).toHaveLength(2);
    const events = emulator.emulator.state.store.machineEvents.list(emulator.emulator.state.store.teams()[0].id);
    for (const old of before) {
      // The same resource (worker-1, ...), under a name of its own: the auto-name follows the template.
      const resourceOf = (name: string) => name.replace(/-[0-9a-f]{7}$/, "");
      const replacement = after.find((m) => resourceOf(m.name) === resourceOf(old.name))!;
      expect(replacement.name).not.toBe(old.name);
      expect(replacement).toMatchObject({ state: "ready", templateId: templates[0].id });
      expect(replacement.id).not.toBe(old.id);
      const made = events.find((e) => e.name === "create" && e.machineId === replacement.id)!;
      const gone = events.find((e) => e.name === "deactivate" && e.machineId === old.id)!;
      expect(Date.parse(made.dtFinished!)).toBeLessThanOrEqual(Date.parse(gone.dtCreated));
    }
    await golden.preview({ expectNoChanges: true });
  });

  test("destroy leaves nothing", async () => {
    await next.destroy();
    await golden.destroy();
    const { scripts, snapshots, templates } = emulator.account();
    expect([scripts, snapshots, templates, built()]).toEqual([[], [], [], []]);
  });
});

describe("examples/gitops: the workflow's commands", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let cleanup: () => void;
  const workflow = parse(readFileSync(join(EXAMPLES, "gitops", ".github", "workflows", "pulumi.yml"), "utf8"));

  /** The `with:` of the pulumi/actions step of one job. */
  const pulumiStep = (job: string) =>
    workflow.jobs[job].steps.find((step: { uses?: string }) => step.uses?.startsWith("pulumi/actions")).with as Record<
      string,
      string | boolean
    >;

  /** Runs a job's pulumi step as the action would, through the Automation API. */
  async function runJob(job: string) {
    const step = pulumiStep(job);
    expect(step["stack-name"]).toBe("prod");
    if (step.command === "up") return stack.up({ refresh: step.refresh === true });
    return stack.preview({
      refresh: step.refresh === true,
      expectNoChanges: step["expect-no-changes"] === true,
      diff: step.diff === true,
    });
  }

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const copy = programCopy(join(EXAMPLES, "gitops"), "gitops");
    cleanup = copy.cleanup;
    stack = await stackIn(copy.workDir, copy.stateDir, "prod");
    await connect(stack, emulator);
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("the workflow previews on pull requests after a drift check, and ups on main", () => {
    expect(pulumiStep("drift")).toMatchObject({ command: "preview", refresh: true, "expect-no-changes": true });
    expect(pulumiStep("preview")).toMatchObject({ command: "preview" });
    expect(pulumiStep("up")).toMatchObject({ command: "up", refresh: true });
    expect(workflow.jobs.up.if).toBe("github.event_name == 'push'");
  });

  test("a merge's up applies the stack config; the drift check then passes", async () => {
    await runJob("up");
    const { scripts, machines } = emulator.account();
    expect(scripts[0].assignedMachineIds).toEqual([machines.find((m) => m.name === "training-box")!.id]);
    expect(scripts[0].script).toContain("nvidia-driver-550");
    await runJob("drift");
  });

  test("a change by hand makes the drift check fail, and the next up puts it back", async () => {
    const [script] = emulator.account().scripts;
    await emulator.call("PUT", `/startup-scripts/${script.id}`, { isEnabled: false });
    await expect(runJob("drift")).rejects.toThrow(/expect.?no.?changes|no changes were expected/i);
    await runJob("preview");
    await runJob("up");
    expect(emulator.account().scripts[0].isEnabled).toBe(true);
    await runJob("drift");
    await stack.destroy();
  });
});

describe("examples/gitops/yaml: the YAML variant, its plugin named by path", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let cleanup: () => void;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const copy = programCopy(join(EXAMPLES, "gitops", "yaml"), "gitops-yaml");
    cleanup = copy.cleanup;
    // Run from the folder `npm run plugin` builds, not installed: the engine starts the plugin it names.
    await ensurePlugin();
    appendFileSync(
      join(copy.workDir, "Pulumi.yaml"),
      `plugins:\n  providers:\n    - name: paperspace\n      path: ${PLUGIN_FOLDER}\n`,
    );
    stack = await stackIn(copy.workDir, copy.stateDir, "prod");
    await connect(stack, emulator);
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("up assigns the boot script; the drift check passes, fails after a change by hand, and up puts it back", async () => {
    await stack.up();
    const { scripts, machines } = emulator.account();
    expect(scripts[0].assignedMachineIds).toEqual([machines.find((m) => m.name === "training-box")!.id]);
    expect(scripts[0].script).toContain("nvidia-driver-550");
    await stack.preview({ refresh: true, expectNoChanges: true });
    await emulator.call("PUT", `/startup-scripts/${scripts[0].id}`, { isEnabled: false });
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow(
      /expect.?no.?changes|no changes were expected/i,
    );
    await stack.up({ refresh: true });
    expect(emulator.account().scripts[0].isEnabled).toBe(true);
    await stack.destroy();
    expect(emulator.account().scripts).toEqual([]);
  });
});

describe("examples/environments: one program, a dev and a prod stack", () => {
  let emulator: TestEmulator;
  let dev: Stack;
  let prod: Stack;
  let cleanup: () => void;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const copy = programCopy(join(EXAMPLES, "environments"), "environments");
    cleanup = copy.cleanup;
    dev = await stackIn(copy.workDir, copy.stateDir, "dev");
    prod = await stackIn(copy.workDir, copy.stateDir, "prod");
    await connect(dev, emulator);
    await connect(prod, emulator);
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("each stack applies its own config, side by side", async () => {
    await dev.up();
    await prod.up();
    const { scripts, snapshots, machines } = emulator.account();
    const byName = Object.fromEntries(scripts.map((s) => [s.name, s]));
    const machine = (name: string) => machines.find((m) => m.name === name)!.id;
    expect(byName["dev-setup"]).toMatchObject({ isRunOnce: false, assignedMachineIds: [machine("training-box")] });
    expect(byName["prod-setup"]).toMatchObject({ isRunOnce: true, assignedMachineIds: [machine("golden-image")] });
    expect(snapshots.map((s) => s.name)).toEqual(["prod-keep"]);
    await dev.destroy();
    expect(emulator.account().scripts.map((s) => s.name)).toEqual(["prod-setup"]);
    await prod.destroy();
    expect(emulator.account().scripts).toEqual([]);
  });
});
