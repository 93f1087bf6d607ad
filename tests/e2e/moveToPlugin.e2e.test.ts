import { execFile } from "node:child_process";
import { copyFileSync, cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { ROOT, installPlugin, scratchDir, stackIn, storedCheckpoint } from "../../testing/pulumi";
import { npmInstall, releaseFolder } from "./support";

jest.setTimeout(900_000);

const run = promisify(execFile);

/**
 * A TypeScript stack moves from the dynamic package (`pulumi-paperspace`) to the plugin's Node.js SDK
 * (`@pulumi-paperspace/paperspace`) as README's "TypeScript: two packages" says: the program changes its import and
 * gives each resource an alias of the type it had, and the next `up` changes the state alone. Both packages come
 * from `npm run dist`'s tarballs, installed as a user installs them.
 */
let emulator: TestEmulator;
let stack: Stack;
let workDir: string;
let stateDir: string;
let cleanup: () => void;

/** What the account holds, by kind, as ids: the move must keep every one and add none. */
function accountIds() {
  return Object.fromEntries(
    Object.entries(emulator.account()).map(([kind, objects]) => [
      kind,
      (objects as { id: string }[]).map((object) => object.id).sort(),
    ]),
  );
}

/** The program a user has: `dynamic.ts` before the move, `plugin.ts` after. */
const useProgram = (file: "dynamic.ts" | "plugin.ts") => copyFileSync(join(workDir, file), join(workDir, "index.ts"));

beforeAll(async () => {
  const release = await releaseFolder();
  emulator = await TestEmulator.start();
  const scratch = scratchDir("move-to-plugin");
  cleanup = scratch.cleanup;
  workDir = join(scratch.dir, "program");
  stateDir = join(scratch.dir, "state");
  cpSync(join(__dirname, "fixtures", "move-to-plugin"), workDir, { recursive: true });
  const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  await npmInstall(workDir, [
    join(release, `pulumi-paperspace-${version}.tgz`),
    join(release, `pulumi-paperspace-paperspace-${version}.tgz`),
  ]);
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

let before: ReturnType<typeof accountIds>;

test("both programs type-check against the packages as installed", async () => {
  const tsc = join(workDir, "node_modules", "typescript", "bin", "tsc");
  await expect(run(process.execPath, [tsc, "--noEmit", "-p", workDir], { cwd: workDir })).resolves.toBeDefined();
});

test("the dynamic package makes the stack", async () => {
  useProgram("dynamic.ts");
  const up = await stack.up();
  expect(up.summary.resourceChanges).toMatchObject({ create: 7 });
  before = accountIds();
  expect(before.networks).toHaveLength(2); // the team's seeded one and the stack's
  expect(before.drives).toHaveLength(1);
  expect(before.scripts).toHaveLength(1);
  expect(before.snapshots).toHaveLength(1);
});

test("with the plugin's SDK and aliases, preview shows every resource the same, nothing made or replaced", async () => {
  useProgram("plugin.ts");
  const preview = await stack.preview({ diff: true });
  expect(preview.changeSummary).toEqual({ same: 7 });
});

test("up moves the state to the plugin's types without a request that changes the account", async () => {
  const seq = Math.max(0, ...(await emulator.requests()).map((request) => request.seq));
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ same: 7 });
  const writes = (await emulator.requests()).filter((request) => request.seq > seq && request.method !== "GET");
  expect(writes).toEqual([]);
  expect(accountIds()).toEqual(before);
  const types = storedCheckpoint(stateDir)
    .checkpoint.latest.resources?.filter((resource) => !resource.type.startsWith("pulumi:"))
    .map((resource) => resource.type);
  expect(types?.sort()).toEqual(
    ["Machine", "PrivateNetwork", "SharedDrive", "Snapshot", "StartupScript", "StartupScriptAssignment"].map(
      (type) => `paperspace:index:${type}`,
    ),
  );
});

test("then a preview shows no changes, refresh finds nothing changed, and destroy leaves only the team's own", async () => {
  await stack.preview({ expectNoChanges: true });
  const refresh = await stack.refresh();
  expect(refresh.summary.resourceChanges).toEqual({ same: 7 });
  await stack.destroy();
  const left = accountIds();
  expect(left).toMatchObject({ drives: [], scripts: [], snapshots: [], publicIps: [] });
  expect(left.networks).toHaveLength(1); // the team's seeded one
  expect(left.machines).toHaveLength(before.machines.length - 1);
});
