import { execFile } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { cliEnv, installPlugin, pulumiEngineDir, scratchDir, stackIn } from "../../testing/pulumi";
import { type PluginLanguage, PLUGIN_LANGUAGES } from "./plugin/languages";

jest.setTimeout(900_000);

const run = promisify(execFile);

/**
 * The provider plugin driven by the real CLI from a program in each language: the golden-image loop (startup script,
 * builder machine, snapshot, template, a machine from it), then the Terraform acceptance sequence: no-change preview,
 * an update in place, a replace, refresh and drift, `pulumi import` of a template made outside Pulumi, destroy with
 * nothing of ours left.
 */
describe.each(PLUGIN_LANGUAGES)("the provider plugin from a $name program", (language: PluginLanguage) => {
  let emulator: TestEmulator;
  let stack: Stack;
  let workDir: string;
  let env: NodeJS.ProcessEnv;
  let cleanup: () => void;
  const seeded = new Set<string>();
  const account = () => emulator.account();
  const ourMachines = () => account().machines.filter((machine) => !seeded.has(machine.id));
  const pulumi = (...args: string[]) =>
    run(join(pulumiEngineDir(), "pulumi"), [...args, "--stack", "e2e", "--non-interactive"], {
      cwd: workDir,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    await emulator.control("POST", "/config", { eventDurationMs: 200 });
    for (const id of emulator.machineIds()) seeded.add(id);
    const scratch = scratchDir(`plugin-${language.name}`);
    cleanup = scratch.cleanup;
    workDir = join(scratch.dir, "program");
    const stateDir = join(scratch.dir, "state");
    cpSync(join(__dirname, "fixtures", `plugin-${language.name}`), workDir, { recursive: true });
    mkdirSync(join(stateDir, "backend"), { recursive: true });
    env = cliEnv(stateDir);
    await installPlugin(stateDir);
    const added = (await language.prepare?.(workDir, env)) ?? {};
    env = { ...env, ...added };
    stack = await stackIn(workDir, stateDir, "e2e", { env: added });
    await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
    await stack.setConfig("imageVersion", { value: "2026-12-01" });
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("up makes the script, the builder, its snapshot, the template and a machine from it", async () => {
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    const outputs = Object.fromEntries(Object.entries(up.outputs).map(([key, output]) => [key, output.value]));
    const { scripts, snapshots, templates } = account();
    expect(scripts.map((script) => script.id)).toEqual([outputs.scriptId]);
    expect(snapshots.map((snapshot) => snapshot.id)).toEqual([outputs.snapshotId]);
    expect(templates).toMatchObject([{ id: outputs.templateId, name: "golden-2026-12-01" }]);
    expect(templates[0].parentMachineId).toBe(outputs.builderId);
    expect(
      ourMachines()
        .map((machine) => machine.id)
        .sort(),
    ).toEqual([outputs.builderId as string, outputs.workerId as string].sort());
    const worker = ourMachines().find((machine) => machine.id === outputs.workerId)!;
    expect(worker).toMatchObject({ templateId: outputs.templateId, state: "ready", region: "ny2" });
    // The builder was stopped for the template and started again; the machine got an auto-name from its URN.
    expect(ourMachines().find((machine) => machine.id === outputs.builderId)!.state).toBe("ready");
    expect(worker.name).toMatch(/^worker-[0-9a-f]{7}$/);
    // State holds no code: no resource of the plugin's stores a provider's source, as a dynamic resource would.
    const resources = (await stack.exportStack()).deployment.resources as {
      type: string;
      inputs?: Record<string, unknown>;
    }[];
    const ours = resources.filter((resource) => resource.type.startsWith("paperspace:index:"));
    expect(ours).toHaveLength(5);
    for (const resource of ours) expect(Object.keys(resource.inputs ?? {})).not.toContain("__provider");
  });

  test("a preview then shows no changes", async () => {
    await stack.preview({ expectNoChanges: true });
  });

  test("a new script body is an update in place", async () => {
    const [before] = account().scripts;
    await stack.setConfig("setupScript", { value: "#!/bin/bash\necho set up again\n" });
    const up = await stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(up.summary.resourceChanges?.replace).toBeUndefined();
    expect(account().scripts.map((script) => script.id)).toEqual([before.id]);
    await stack.preview({ expectNoChanges: true });
  });

  test("a new region for the machine replaces it", async () => {
    const { workerId } = await stack.outputs();
    await stack.setConfig("workerRegion", { value: "ca1" });
    const replaced = await stack.up();
    expect(replaced.summary.resourceChanges).toMatchObject({ replace: 1 });
    const newId = replaced.outputs.workerId.value as string;
    expect(newId).not.toBe(workerId.value);
    expect(ourMachines().map((machine) => machine.id)).not.toContain(workerId.value);
    expect(ourMachines().find((machine) => machine.id === newId)!.region).toBe("ca1");
  });

  test("refresh finds nothing changed, then sees a rename made outside Pulumi, which up puts back", async () => {
    const quiet = await stack.refresh();
    expect(quiet.summary.resourceChanges?.update).toBeUndefined();
    const [template] = account().templates;
    expect((await emulator.call("PUT", `/custom-templates/${template.id}`, { name: "renamed" })).status).toBe(200);
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    const up = await stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(account().templates.find((t) => t.id === template.id)!.name).toBe("golden-2026-12-01");
  });

  test("pulumi import adopts a template made outside Pulumi, and a preview then shows no changes", async () => {
    const machineId = emulator.machine("off");
    const made = await emulator.call("POST", "/custom-templates", { machineId, name: "outside-golden" });
    expect(made.status).toBe(200);
    await emulator.settle((made.body.event as { id: string }).id);
    const templateId = (made.body.data as { id: string }).id;
    await pulumi(
      "import",
      "paperspace:index:CustomTemplate",
      "adopted",
      templateId,
      "--yes",
      "--protect=false",
      "--generate-code=false",
    );
    await language.declareAdopted(workDir, stack, { name: "adopted", machineId, templateName: "outside-golden" });
    await stack.preview({ expectNoChanges: true });
    const state = (await stack.exportStack()).deployment.resources as { type: string; id?: string }[];
    expect(state.filter((resource) => resource.id === templateId).map((resource) => resource.type)).toEqual([
      "paperspace:index:CustomTemplate",
    ]);
  });

  test("destroy leaves nothing of the stack's", async () => {
    await stack.destroy();
    const { scripts, snapshots, templates } = account();
    expect({ scripts, snapshots, templates, machines: ourMachines() }).toEqual({
      scripts: [],
      snapshots: [],
      templates: [],
      machines: [],
    });
  });
});

describe("the provider plugin honours customTimeouts", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let cleanup: () => void;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    const scratch = scratchDir("plugin-timeouts");
    cleanup = scratch.cleanup;
    const workDir = join(scratch.dir, "program");
    const stateDir = join(scratch.dir, "state");
    mkdirSync(workDir, { recursive: true });
    writeFileSync(
      join(workDir, "Pulumi.yaml"),
      [
        "name: plugin-timeouts",
        "runtime: yaml",
        "config:",
        "  machineId:",
        "    type: string",
        "resources:",
        "  slow:",
        "    type: paperspace:index:Snapshot",
        "    properties:",
        "      machineId: ${machineId}",
        "    options:",
        "      customTimeouts:",
        "        create: 2s",
        "",
      ].join("\n"),
    );
    await installPlugin(stateDir);
    stack = await stackIn(workDir, stateDir);
    await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
    await stack.setConfig("machineId", { value: emulator.machine("ready") });
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("a create bounded by 2s fails at 2s, not at the 30-minute default, and the snapshot it made is recorded", async () => {
    await emulator.control("POST", "/config", { eventDurationMs: 120_000 });
    const started = Date.now();
    await expect(stack.up()).rejects.toThrow(/Timed out/);
    expect(Date.now() - started).toBeLessThan(60_000);
    // Recorded as partially created, so that the next up or destroy finds it rather than leaking it.
    const state = (await stack.exportStack()).deployment.resources as { type: string; id?: string }[];
    const [made] = emulator.account().snapshots;
    expect(state.find((resource) => resource.type === "paperspace:index:Snapshot")?.id).toBe(made.id);
    await emulator.control("POST", "/config", { eventDurationMs: 0 });
    await stack.destroy();
    expect(emulator.account().snapshots).toEqual([]);
  });
});
