import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { ROOT, scratchDir, stackIn } from "../../testing/pulumi";

jest.setTimeout(600_000);

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
/** The lowest `@pulumi/pulumi` the peer range admits: the range says what is tested, nothing more. */
const LOWEST_PULUMI = /^>=(\d+\.\d+\.\d+) /.exec(manifest.peerDependencies["@pulumi/pulumi"])?.[1] as string;

/** The folder of the oldest Node.js the package claims (tools/node.js fetches it when the machine has another). */
const oldestNode = execFileSync(process.execPath, [join(ROOT, "tools", "node.js"), "--oldest"], { encoding: "utf8" })
  .trim()
  .split("\n")
  .pop() as string;

/**
 * The oldest pair the package claims: its tarball installed into a project of its own on Node.js 20, with the lowest
 * `@pulumi/pulumi` its peer range admits, and every resource type's core lifecycle run by the real CLI: up, a preview
 * with no changes, an update, a refresh, destroy.
 */
describe(`the tarball on Node.js 20 with @pulumi/pulumi ${LOWEST_PULUMI}`, () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let scratch: { dir: string; cleanup(): void };
  const objects = () => {
    const { scripts, snapshots, templates } = emulator.account();
    return {
      scripts: scripts.length,
      assigned: scripts.reduce((n, s) => n + s.assignedMachineIds.length, 0),
      snapshots: snapshots.length,
      templates: templates.length,
    };
  };

  beforeAll(async () => {
    emulator = await TestEmulator.start({
      machines: [
        { name: "trainer", state: "ready" },
        { name: "golden", state: "off" },
      ],
    });
    scratch = scratchDir("compat");
    const npm = (args: string[], cwd: string) =>
      execFileSync("npm", args, {
        cwd,
        encoding: "utf8",
        // npm itself runs on the oldest Node.js too, so that it installs what that Node.js would get.
        env: { ...process.env, PATH: `${oldestNode}:${process.env.PATH}`, npm_config_loglevel: "error" },
      });
    const tarball = npm(["pack", "--silent", "--pack-destination", scratch.dir], ROOT).trim().split("\n").pop();
    const project = join(scratch.dir, "project");
    cpSync(join(__dirname, "fixtures", "lifecycle"), project, { recursive: true });
    const fixture = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    fixture.dependencies = { "@pulumi/pulumi": LOWEST_PULUMI, "pulumi-paperspace": `file:../${tarball}` };
    writeFileSync(join(project, "package.json"), JSON.stringify(fixture));
    npm(["install", "--no-audit", "--no-fund", "--prefer-offline"], project);
    stack = await stackIn(project, join(scratch.dir, "state"), "compat", { nodeDir: oldestNode });
    const machine = (name: string) => emulator.machines().find((m) => m.name === name)!.id;
    await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
    await stack.setConfig("runningMachineId", { value: machine("trainer") });
    await stack.setConfig("offMachineId", { value: machine("golden") });
  });
  afterAll(async () => {
    await emulator?.close();
    scratch?.cleanup();
  });

  test("up creates every resource type, on Node.js 20 and that @pulumi/pulumi", async () => {
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 6 });
    expect(up.outputs.nodeVersion.value).toMatch(/^v20\./);
    expect(up.outputs.pulumiVersion.value).toBe(LOWEST_PULUMI);
    expect(objects()).toEqual({ scripts: 1, assigned: 1, snapshots: 1, templates: 1 });
  });

  test("a preview shows no changes", async () => {
    await stack.preview({ expectNoChanges: true });
  });

  test("an update changes every resource in place", async () => {
    await stack.setConfig("round", { value: "2" });
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ update: 5, same: 1 });
    const { store } = emulator.emulator.state;
    const team = store.teams()[0].id;
    expect(store.startupScripts.list(team)[0].script).toContain("round 2");
    expect(store.snapshots.list(team)[0].name).toBe("baseline-2");
    expect(store.customTemplates.list(team)[0].name).toBe("golden-2");
    expect(store.machineEvents.list(team).filter((e) => e.name === "snapshot-restore")).toHaveLength(2);
  });

  test("a refresh finds nothing changed, and a preview after it shows no changes", async () => {
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: 6 });
    await stack.preview({ expectNoChanges: true });
  });

  test("destroy leaves nothing", async () => {
    await stack.destroy();
    expect(objects()).toEqual({ scripts: 0, assigned: 0, snapshots: 0, templates: 0 });
  });
});
