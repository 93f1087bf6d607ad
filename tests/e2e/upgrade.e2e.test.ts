import { execFile } from "node:child_process";
import { appendFileSync, cpSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import type { EngineEvent, Stack, StepEventMetadata } from "@pulumi/pulumi/automation";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { ROOT, cliEnv, pulumiEngineDir, scratchDir, stackIn } from "../../testing/pulumi";
import { npmInstall, previousReleaseFolder, releaseFolder } from "./support";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PREVIOUS_RELEASE } = require(join(ROOT, "tools", "previous-release.js")) as {
  PREVIOUS_RELEASE: { version: string; commit: string };
};

jest.setTimeout(900_000);

const run = promisify(execFile);

/**
 * Upgrades: a stack made with the previous release (built from its commit by tools/previous-release.js) is run with
 * this one, installed from `npm run dist`'s folder as a user installs a release. The programs declare the previous
 * release's six kinds of resource. With the new code, a preview shows no changes and asks the API for none, refresh
 * finds no drift, and destroy leaves nothing. The emulator answers in its default, the live API's wire form, which the
 * previous release reads as it reads the real API.
 */
const PREVIOUS = PREVIOUS_RELEASE.version;
const { version: CURRENT } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
const UBUNTU_22 = "t0nspur5";
/**
 * Each program's resources besides its stack: a script and its assignment, two machines, a snapshot, a template and a
 * restore.
 */
const RESOURCES = 7;
/** The stack's objects in the API, as both programs export their ids. */
interface Made {
  scriptId: string;
  workerId: string;
  spareId: string;
  snapshotId: string;
  templateId: string;
}

let previous: string;
let release: string;

beforeAll(async () => {
  [previous, release] = await Promise.all([previousReleaseFolder(), releaseFolder()]);
});

/** An emulator, and what a test reads of it: the stack's objects (its seeded machines left out), the writes made. */
async function startApi() {
  const emulator = await TestEmulator.start();
  const seeded = new Set(emulator.machineIds());
  return {
    emulator,
    /** What the stack has in the default team's account: everything there but the seeded machines. */
    ours() {
      const { scripts, snapshots, templates, machines } = emulator.account();
      return { scripts, snapshots, templates, machines: machines.filter((machine) => !seeded.has(machine.id)) };
    },
    /** The requests the provider made since `seq` that could change something (anything but a read). */
    async writesSince(seq: number) {
      return (await emulator.requests())
        .filter((request) => request.seq > seq && request.method !== "GET")
        .map((request) => `${request.method} ${request.path}`);
    },
    async lastSeq() {
      return Math.max(0, ...(await emulator.requests()).map((request) => request.seq));
    },
  };
}

type Api = Awaited<ReturnType<typeof startApi>>;

const outputsOf = (outputs: Record<string, { value: unknown }>) =>
  Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value])) as unknown as Made;

/** The account holds the stack's objects as both programs declare them. */
function expectMade({ ours }: Api, made: Made, trainerId: string) {
  const { scripts, snapshots, templates, machines } = ours();
  expect(scripts.map((script) => script.id)).toEqual([made.scriptId]);
  expect([...scripts[0].assignedMachineIds].sort()).toEqual([trainerId, made.workerId].sort());
  expect(snapshots).toMatchObject([{ id: made.snapshotId, name: "baseline" }]);
  expect(templates).toMatchObject([{ id: made.templateId, parentMachineId: made.workerId }]);
  const byId = Object.fromEntries(machines.map((machine) => [machine.id, machine]));
  expect(Object.keys(byId).sort()).toEqual([made.workerId, made.spareId].sort());
  expect(byId[made.workerId]).toMatchObject({ state: "ready", templateId: UBUNTU_22, autoShutdownTimeout: 2 });
  expect(byId[made.spareId]).toMatchObject({ state: "off", templateId: made.templateId });
}

function expectNothingLeft({ ours }: Api) {
  expect(ours()).toEqual({ scripts: [], snapshots: [], templates: [], machines: [] });
}

describe(`a TypeScript stack made with pulumi-paperspace ${PREVIOUS}, run with ${CURRENT}`, () => {
  let api: Api;
  let stack: Stack;
  let project: string;
  let trainerId: string;
  let cleanup: () => void;

  /** What a user does to change versions: the dependency in package.json, then `npm install`. */
  async function install(tarball: string) {
    const manifestFile = join(project, "package.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    const pulumiPackage = join(ROOT, "node_modules", "@pulumi", "pulumi", "package.json");
    manifest.dependencies = {
      "@pulumi/pulumi": JSON.parse(readFileSync(pulumiPackage, "utf8")).version,
      "pulumi-paperspace": `file:${tarball}`,
    };
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    await npmInstall(project);
  }
  const installedVersion = () =>
    JSON.parse(readFileSync(join(project, "node_modules", "pulumi-paperspace", "package.json"), "utf8")).version;

  beforeAll(async () => {
    api = await startApi();
    const scratch = scratchDir("upgrade-dynamic");
    cleanup = scratch.cleanup;
    project = join(scratch.dir, "program");
    cpSync(join(__dirname, "fixtures", "upgrade-dynamic"), project, { recursive: true });
    await install(join(previous, `pulumi-paperspace-${PREVIOUS}.tgz`));
    stack = await stackIn(project, join(scratch.dir, "state"));
    trainerId = api.emulator.machine("ready");
    await stack.setConfig("paperspace:apiUrl", { value: api.emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
    await stack.setConfig("templateId", { value: UBUNTU_22 });
    await stack.setConfig("trainerId", { value: trainerId });
  });
  afterAll(async () => {
    await api?.emulator.close();
    cleanup?.();
  });

  test(`${PREVIOUS} makes the six kinds of resource`, async () => {
    expect(installedVersion()).toBe(PREVIOUS);
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: RESOURCES + 1 });
    expectMade(api, outputsOf(up.outputs), trainerId);
  });

  test(`with ${CURRENT} installed from the release's tarball, a preview shows no changes and asks the API for none`, async () => {
    await install(join(release, `pulumi-paperspace-${CURRENT}.tgz`));
    expect(installedVersion()).toBe(CURRENT);
    const since = await api.lastSeq();
    const preview = await stack.preview({ expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: RESOURCES + 1 });
    expect(await api.writesSince(since)).toEqual([]);
  });

  test("refresh finds no drift, and a preview after it shows no changes", async () => {
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: RESOURCES + 1 });
    await stack.preview({ expectNoChanges: true });
    expectMade(api, outputsOf(await stack.outputs()), trainerId);
  });

  test(`destroy with ${CURRENT} leaves nothing of the stack's`, async () => {
    await stack.destroy();
    expectNothingLeft(api);
  });
});

/**
 * The engine's name for the default provider of the current SDK: its version, and the plugin download URL the SDK
 * carries since 0.2.0. The previous SDK carried no URL: its resources' provider was `default_<version>`.
 */
const DOWNLOAD_URL_PART = "github_/api.github.com/pulumi-paperspace/pulumi-paperspace";
const CURRENT_PROVIDER = `default_${CURRENT.replace(/\./g, "_")}_${DOWNLOAD_URL_PART}`;
const PREVIOUS_PROVIDER = `default_${PREVIOUS.replace(/\./g, "_")}`;

/** The provider reference's name (`urn:...::pulumi:providers:paperspace::<name>::<id>`). */
const providerName = (reference: string | undefined) =>
  /::pulumi:providers:paperspace::(.+)::[^:]+$/.exec(reference ?? "")?.[1];

describe(`a Python stack made with the plugin and SDK ${PREVIOUS}, run with ${CURRENT}'s`, () => {
  let api: Api;
  let stack: Stack;
  let workDir: string;
  let env: NodeJS.ProcessEnv;
  let trainerId: string;
  let cleanup: () => void;
  const pulumi = (...args: string[]) =>
    run(join(pulumiEngineDir(), "pulumi"), args, { cwd: workDir, env, maxBuffer: 64 * 1024 * 1024 });
  /** The resources of the stack's state and the name of the provider each names. */
  const stateProviders = async () =>
    ((await stack.exportStack()).deployment.resources as { urn: string; type: string; provider?: string }[]).map(
      (resource) => ({ urn: resource.urn, type: resource.type, provider: providerName(resource.provider) }),
    );

  beforeAll(async () => {
    api = await startApi();
    const scratch = scratchDir("upgrade-python");
    cleanup = scratch.cleanup;
    workDir = join(scratch.dir, "program");
    const stateDir = join(scratch.dir, "state");
    cpSync(join(__dirname, "fixtures", "upgrade-python"), workDir, { recursive: true });
    // The previous plugin runs on the `node` first on the PATH, as it always did: this test's own.
    const nodeDir = dirname(process.execPath);
    env = cliEnv(stateDir, { nodeDir });
    // The previous SDK from its commit's sdk/python, by path in requirements.txt (pip builds a local package in its
    // folder, so a copy); `pulumi install` makes the virtualenv Pulumi.yaml names and installs it there.
    cpSync(join(previous, "sdk", "python"), join(workDir, "sdk-python"), { recursive: true });
    appendFileSync(join(workDir, "requirements.txt"), "./sdk-python\n");
    await pulumi("install", "--no-plugins");
    const archive = join(previous, `pulumi-resource-paperspace-v${PREVIOUS}.tar.gz`);
    await pulumi("plugin", "install", "resource", "paperspace", PREVIOUS, "--file", archive);
    stack = await stackIn(workDir, stateDir, "e2e", { nodeDir });
    trainerId = api.emulator.machine("ready");
    await stack.setConfig("paperspace:apiUrl", { value: api.emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
    await stack.setConfig("trainerId", { value: trainerId });
  });
  afterAll(async () => {
    await api?.emulator.close();
    cleanup?.();
  });

  test(`${PREVIOUS}'s plugin makes the six kinds of resource, under the default provider ${PREVIOUS_PROVIDER}`, async () => {
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: RESOURCES + 1 });
    expectMade(api, outputsOf(up.outputs), trainerId);
    const ours = (await stateProviders()).filter((resource) => resource.type.startsWith("paperspace:index:"));
    expect(ours).toHaveLength(RESOURCES);
    for (const resource of ours) expect(resource.provider).toBe(PREVIOUS_PROVIDER);
  });

  test(`with ${CURRENT}'s wheel and plugin, a preview shows every resource the same, under ${CURRENT_PROVIDER}`, async () => {
    // As a user upgrades: requirements.txt names the new release (its wheel), and `pulumi install` installs it.
    const wheel = join(release, `pulumi_paperspace-${CURRENT}-py3-none-any.whl`);
    const requirements = join(workDir, "requirements.txt");
    writeFileSync(requirements, readFileSync(requirements, "utf8").replace("./sdk-python", wheel));
    await pulumi("install", "--no-plugins");
    const archive = join(release, `pulumi-resource-paperspace-v${CURRENT}-linux-amd64.tar.gz`);
    await pulumi("plugin", "install", "resource", "paperspace", CURRENT, "--file", archive);
    const steps: StepEventMetadata[] = [];
    const onEvent = (event: EngineEvent) => {
      if (event.resourcePreEvent) steps.push(event.resourcePreEvent.metadata);
    };
    const since = await api.lastSeq();
    const preview = await stack.preview({ expectNoChanges: true, onEvent });
    expect(preview.changeSummary).toEqual({ same: RESOURCES + 1 });
    expect(await api.writesSince(since)).toEqual([]);
    // Each resource's step is "same": it moves to the new default provider, whose Diff with the old state finds
    // nothing. The default providers have steps of their own, the new one's create and the old one's delete, which
    // the display hides and the summary does not count (hence --expect-no-changes holds).
    const ours = steps.filter((step) => step.type.startsWith("paperspace:index:"));
    expect(ours).toHaveLength(RESOURCES);
    for (const step of ours) {
      expect({ op: step.op, diffs: step.diffs ?? [] }).toEqual({ op: "same", diffs: [] });
      expect(providerName(step.old?.provider)).toBe(PREVIOUS_PROVIDER);
      expect(providerName(step.new?.provider)).toBe(CURRENT_PROVIDER);
    }
    const providerSteps = steps
      .filter((step) => step.type === "pulumi:providers:paperspace")
      .map((step) => `${step.op} ${step.urn.split("::").pop()}`);
    expect(providerSteps.sort()).toEqual([`create ${CURRENT_PROVIDER}`, `delete ${PREVIOUS_PROVIDER}`]);
    const stackSteps = steps.filter((step) => step.type === "pulumi:pulumi:Stack").map((step) => step.op);
    expect(stackSteps).toEqual(["same"]);
    expect(steps).toHaveLength(ours.length + providerSteps.length + stackSteps.length);
  });

  test(`until an up, a refresh runs the ${PREVIOUS} plugin its state names, and the engine warns of it`, async () => {
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: RESOURCES + 1 });
    expect(refresh.stdout).toContain(
      `refresh operation is using an older version of package 'paperspace' than the specified program version: ${PREVIOUS} < ${CURRENT}`,
    );
  });

  test(`up with ${CURRENT} changes nothing, and moves every resource to the new default provider`, async () => {
    const since = await api.lastSeq();
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: RESOURCES + 1 });
    expect(await api.writesSince(since)).toEqual([]);
    const state = await stateProviders();
    const ours = state.filter((resource) => resource.type.startsWith("paperspace:index:"));
    expect(ours).toHaveLength(RESOURCES);
    for (const resource of ours) expect(resource.provider).toBe(CURRENT_PROVIDER);
    // The previous default provider is gone from the state; the new one is there.
    const providers = state.filter((resource) => resource.type === "pulumi:providers:paperspace");
    expect(providers.map((provider) => provider.urn.split("::").pop())).toEqual([CURRENT_PROVIDER]);
  });

  test(`with ${PREVIOUS}'s plugin removed, refresh finds no drift and a preview after it shows no changes`, async () => {
    await pulumi("plugin", "rm", "resource", "paperspace", PREVIOUS, "--yes");
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: RESOURCES + 1 });
    expect(refresh.stdout).not.toContain("older version");
    await stack.preview({ expectNoChanges: true });
    expectMade(api, outputsOf(await stack.outputs()), trainerId);
  });

  test(`destroy with ${CURRENT} leaves nothing of the stack's`, async () => {
    await stack.destroy();
    expectNothingLeft(api);
  });
});
