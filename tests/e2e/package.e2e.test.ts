import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { ROOT, scratchDir, stackIn } from "../../testing/pulumi";

jest.setTimeout(300_000);

const npm = (args: string[], cwd: string) =>
  execFileSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_loglevel: "error" } });

/** The package as a user gets it: `npm pack`, installed into a project of its own, run by the real CLI. */
describe("the npm package installed into another Pulumi project", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let scratch: { dir: string; cleanup(): void };

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    scratch = scratchDir("package");
    const tarball = npm(["pack", "--silent", "--pack-destination", scratch.dir], ROOT)
      .trim()
      .split("\n")
      .pop() as string;
    const project = join(scratch.dir, "project");
    cpSync(join(__dirname, "fixtures", "startup-script"), project, { recursive: true });
    const pulumiPackage = join(ROOT, "node_modules", "@pulumi", "pulumi", "package.json");
    const pulumiVersion = JSON.parse(readFileSync(pulumiPackage, "utf8")).version as string;
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({
        name: "uses-pulumi-paperspace",
        private: true,
        main: "index.js",
        dependencies: { "@pulumi/pulumi": pulumiVersion, "pulumi-paperspace": `file:../${tarball}` },
      }),
    );
    npm(["install", "--no-audit", "--no-fund", "--prefer-offline"], project);
    stack = await stackIn(project, join(scratch.dir, "state"));
    await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
    await stack.setConfig("body", { value: "echo from-the-tarball" });
  });
  afterAll(async () => {
    await emulator?.close();
    scratch?.cleanup();
  });

  test("creates, shows no change, and destroys", async () => {
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    const [team] = emulator.emulator.state.store.teams();
    expect(emulator.emulator.state.store.startupScripts.list(team.id)).toEqual([
      expect.objectContaining({ id: up.outputs.id.value, script: "echo from-the-tarball" }),
    ]);
    await stack.preview({ expectNoChanges: true });
    await stack.destroy();
    expect(emulator.emulator.state.store.startupScripts.list(team.id)).toEqual([]);
  });
});
