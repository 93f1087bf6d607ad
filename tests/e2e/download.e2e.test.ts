import { execFile } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { delimiter, dirname, join } from "node:path";
import { promisify } from "node:util";
import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { ROOT, pulumiEngineDir, scratchDir, stackIn } from "../../testing/pulumi";
import { PLUGIN_LANGUAGES } from "./plugin/languages";
import { npmInstall, releaseFolder } from "./support";

jest.setTimeout(900_000);

const run = promisify(execFile);

/**
 * The engine downloads the plugin where the schema's `pluginDownloadURL` says, as a user's first `pulumi up` does:
 * each program starts with an empty PULUMI_HOME and no Node.js on the PATH (but the TypeScript program's own), and the
 * release folder of `npm run dist` stands in for the GitHub release, reached through PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES.
 */
const { version, pluginDownloadURL } = JSON.parse(readFileSync(join(ROOT, "plugin", "schema.json"), "utf8")) as {
  version: string;
  pluginDownloadURL: string;
};
const ARCHIVE = `pulumi-resource-paperspace-v${version}-linux-amd64.tar.gz`;

/**
 * Python's SDK from the release's wheel alone, named in requirements.txt; `pulumi install` makes the virtualenv the
 * program's Pulumi.yaml names and installs it there. The PATH has a `python3` and nothing else of this machine.
 */
async function pythonFromWheel(workDir: string, env: NodeJS.ProcessEnv, release: string) {
  const wheel = join(release, `pulumi_paperspace-${version}-py3-none-any.whl`);
  appendFileSync(join(workDir, "requirements.txt"), `${wheel}\n`);
  const { stdout: python } = await run("python3", ["-c", "import sys; print(sys.executable)"], { env });
  const pythonDir = join(workDir, "..", "python-only");
  mkdirSync(pythonDir);
  symlinkSync(python.trim(), join(pythonDir, "python3"));
  return { pathDirs: [pythonDir] };
}

/**
 * The Node.js SDK from the release's tarball, as `npm install` puts a package in a program; the program itself runs on
 * Node.js (this one), which the engine's folder and the plugin still do without.
 */
async function typescriptFromTarball(workDir: string, _env: NodeJS.ProcessEnv, release: string) {
  await npmInstall(workDir, [join(release, `pulumi-paperspace-paperspace-${version}.tgz`)]);
  return { pathDirs: [dirname(process.execPath)] };
}

interface Language {
  name: string;
  /** What its fixture's script says it was set up from. */
  from: string;
  /** Whether the program itself runs on Node.js, so that its own folders may hold a `node`. */
  runsOnNode?: boolean;
  prepare(workDir: string, env: NodeJS.ProcessEnv, release: string): Promise<{ pathDirs: string[] }>;
  /** Outputs its program answers besides the script's id. */
  outputs?: Record<string, string>;
  /** Whether its users run `pulumi install` before the first `up` (its plugins are left to the `up`). */
  installs?: boolean;
}

const GO_PROGRAM_VERSION = "2026.12.05";

const LANGUAGES: Language[] = [
  { name: "yaml", from: "YAML", prepare: async () => ({ pathDirs: [] as string[] }) },
  { name: "python", from: "Python", prepare: pythonFromWheel, installs: true },
  {
    name: "go",
    from: "Go",
    // The engine ran the binary built beforehand, not one it built without the stamp.
    outputs: { programVersion: GO_PROGRAM_VERSION },
    prepare: async (workDir: string, env: NodeJS.ProcessEnv) => {
      await PLUGIN_LANGUAGES.find((language) => language.name === "go")!.prepare!(workDir, env);
      // The binary its Pulumi.yaml names, built as its users build it, with the version stamped in.
      const stamp = `-X main.version=${GO_PROGRAM_VERSION}`;
      await run("go", ["build", "-ldflags", stamp, "-o", join("bin", "download-go"), "."], { cwd: workDir, env });
      const { stdout: goroot } = await run("go", ["env", "GOROOT"], { env });
      return { pathDirs: [join(goroot.trim(), "bin")] };
    },
  },
  { name: "typescript", from: "TypeScript", runsOnNode: true, prepare: typescriptFromTarball },
];

let release: string;
let server: Server;
let served: string[] = [];
let emulator: TestEmulator;

beforeAll(async () => {
  release = await releaseFolder();
  // The release folder as a plain file server, which logs every path asked for.
  server = createServer((request, response) => {
    served.push(request.url ?? "");
    const name = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname.slice(1));
    if (!readdirSync(release).includes(name)) {
      response.writeHead(404).end();
      return;
    }
    // With its length, as GitHub serves a release asset: the engine refuses a download whose length it was not told.
    const { size } = statSync(join(release, name));
    response.writeHead(200, { "content-type": "application/gzip", "content-length": size });
    createReadStream(join(release, name)).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  emulator = await TestEmulator.start();
});
afterAll(async () => {
  await emulator?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe.each(LANGUAGES)("a $name program, its plugin fetched by the engine", (language) => {
  let stack: Stack;
  let home: string;
  let machineId: string;
  let cleanup: () => void;

  beforeAll(async () => {
    const scratch = scratchDir(`download-${language.name}`);
    cleanup = scratch.cleanup;
    const workDir = join(scratch.dir, "program");
    const stateDir = join(scratch.dir, "state");
    home = join(stateDir, "home");
    cpSync(join(__dirname, "fixtures", `download-${language.name}`), workDir, { recursive: true });
    const { pathDirs, ...added } = await language.prepare(workDir, process.env, release);
    // The engine's folder and the language's own tools, nothing else: no Node.js for the CLI, hosts or plugin.
    const path = [...pathDirs, pulumiEngineDir()];
    for (const dir of language.runsOnNode ? [pulumiEngineDir()] : path)
      expect(existsSync(join(dir, "node"))).toBe(false);
    const { port } = server.address() as AddressInfo;
    // Only the schema's URL is redirected: a program that did not ask for it would go to GitHub, and fail offline.
    const escaped = pluginDownloadURL.replace(/[.]/g, "\\.");
    stack = await stackIn(workDir, stateDir, "e2e", {
      env: {
        ...added,
        PATH: path.join(delimiter),
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false",
        PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: `^${escaped}$=http://127.0.0.1:${port}/`,
      },
    });
    machineId = emulator.machine("ready");
    await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
    await stack.setConfig("machineId", { value: machineId });
    if (language.installs) await (stack.workspace as LocalWorkspace).install({ noPlugins: true });
    served = [];
  });
  afterAll(() => cleanup?.());

  test("with plugin downloads turned off, as in the other tests, a preview finds no plugin", async () => {
    const { envVars } = stack.workspace;
    envVars.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = "true";
    try {
      await expect(stack.preview()).rejects.toThrow(/no resource plugin 'pulumi-resource-paperspace' found/);
    } finally {
      envVars.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = "false";
    }
    expect(served).toEqual([]);
  });

  test("up downloads the linux-amd64 archive into the empty PULUMI_HOME, then makes and assigns the script", async () => {
    expect(existsSync(join(home, "plugins"))).toBe(false);
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(served).toEqual([`/${ARCHIVE}`]);
    const installed = join(home, "plugins", `resource-paperspace-v${version}`);
    expect(readdirSync(installed)).toContain("pulumi-resource-paperspace");
    // The single executable itself (an ELF binary), not a script that would start a `node`.
    const header = readFileSync(join(installed, "pulumi-resource-paperspace")).subarray(0, 4);
    expect(header).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    const scripts = emulator.account().scripts;
    expect(scripts.map((script) => script.id)).toEqual([up.outputs.scriptId.value]);
    for (const [key, value] of Object.entries(language.outputs ?? {})) expect(up.outputs[key]?.value).toBe(value);
    expect(scripts[0].assignedMachineIds).toEqual([machineId]);
    // The TypeScript program's comes from the module its Pulumi.yaml's `nodeargs` load first.
    expect(scripts[0].script).toBe(`#!/bin/bash\necho set up from ${language.from}\n`);
  });

  test("a preview then shows no changes, with nothing downloaded again", async () => {
    await stack.preview({ expectNoChanges: true });
    expect(served).toEqual([`/${ARCHIVE}`]);
  });

  test("destroy removes the script", async () => {
    expect(emulator.account().scripts).toHaveLength(1);
    await stack.destroy();
    expect(emulator.account().scripts).toEqual([]);
  });
});
