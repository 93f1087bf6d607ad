import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
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

  test("brings the provider alone: no web server of the emulator's", () => {
    expect(existsSync(join(scratch.dir, "project", "node_modules", "pulumi-paperspace", "dist", "provider"))).toBe(
      true,
    );
    expect(existsSync(join(scratch.dir, "project", "node_modules", "fastify"))).toBe(false);
    expect(existsSync(join(scratch.dir, "project", "node_modules", "paperspace-emulator"))).toBe(false);
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

/** The emulator as a user gets it: its own tarball, installed with its own dependencies, run by its command. */
test("paperspace-emulator installs from its own tarball and serves the API from its command", async () => {
  const scratch = scratchDir("emulator-package");
  const project = join(scratch.dir, "project");
  const tarball = npm(
    ["pack", "--silent", "--workspace", "paperspace-emulator", "--pack-destination", scratch.dir],
    ROOT,
  )
    .trim()
    .split("\n")
    .pop() as string;
  mkdirSync(project);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({
      name: "uses-the-emulator",
      private: true,
      dependencies: { "paperspace-emulator": `file:../${tarball}` },
    }),
  );
  npm(["install", "--no-audit", "--no-fund", "--prefer-offline"], project);
  const child = spawn(join(project, "node_modules", ".bin", "paperspace-emulator"), ["--port", "0"]);
  try {
    const url = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once("line", resolve));
    const answer = await fetch(`${url}/os-templates?name=Ubuntu%2022.04`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ items: [expect.objectContaining({ name: "Ubuntu 22.04" })] });
    expect(existsSync(join(project, "node_modules", "pulumi-paperspace"))).toBe(false);
  } finally {
    child.kill();
    scratch.cleanup();
  }
});
