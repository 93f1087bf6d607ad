import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";

export const ROOT = join(__dirname, "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pulumiEnv } = require(join(ROOT, "tools", "pulumi-env.js")) as {
  pulumiEnv: (options: { engineDir: string; stateDir: string; nodeDir?: string }) => NodeJS.ProcessEnv;
};

let engineDir: string | undefined;

/** The folder holding `pulumi`: given by `npm test`, else found or built by tools/engine.js. */
export function pulumiEngineDir(): string {
  engineDir ??=
    process.env.PULUMI_PAPERSPACE_ENGINE_DIR ||
    (execFileSync(process.execPath, [join(ROOT, "tools", "engine.js")], { encoding: "utf8" })
      .trim()
      .split("\n")
      .pop() as string);
  return engineDir;
}

/**
 * The environment the CLI runs in for the stacks under `stateDir` (as `stackIn` gives it), for a command of its own;
 * programs and providers run on the `node` of `nodeDir` when given.
 */
export function cliEnv(stateDir: string, { nodeDir }: { nodeDir?: string } = {}): NodeJS.ProcessEnv {
  return pulumiEnv({ engineDir: pulumiEngineDir(), stateDir, nodeDir });
}

/** A temporary folder for one test file: its program copy and its local backend. */
export function scratchDir(name: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `pulumi-paperspace-e2e-${name}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A stack of the program in `workDir`, run by the real CLI on a file backend under `stateDir`; its program and
 * providers run on the `node` of `nodeDir` when given, else on the one first on PATH; `env` adds to (or replaces in)
 * the environment.
 */
export async function stackIn(
  workDir: string,
  stateDir: string,
  stackName = "e2e",
  { nodeDir, env: extra = {} }: { nodeDir?: string; env?: Record<string, string> } = {},
): Promise<Stack> {
  mkdirSync(join(stateDir, "backend"), { recursive: true });
  const env = { ...pulumiEnv({ engineDir: pulumiEngineDir(), stateDir, nodeDir }), ...extra };
  const envVars = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const pulumiCommand = await PulumiCommand.get({ root: dirname(pulumiEngineDir()) });
  return LocalWorkspace.createOrSelectStack({ stackName, workDir }, { envVars, pulumiCommand });
}

/**
 * The provider plugin (`npm run plugin`), built from this checkout (unless built since its sources last changed) and
 * installed as the CLI installs a plugin archive, into the PULUMI_HOME of the stacks under `stateDir`.
 */
export async function installPlugin(stateDir: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ensurePlugin } = require(join(ROOT, "tools", "plugin.js")) as { ensurePlugin(): Promise<string> };
  const archive = await ensurePlugin();
  const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  const env = pulumiEnv({ engineDir: pulumiEngineDir(), stateDir });
  const pulumi = join(pulumiEngineDir(), "pulumi");
  execFileSync(pulumi, ["plugin", "install", "resource", "paperspace", version, "--file", archive], {
    env,
    stdio: "pipe",
  });
}

/**
 * A copy of a program (an example or a fixture) in a temporary folder, whose node_modules points at this
 * repository's (so that the program loads this package as installed), with a state folder beside it for the file
 * backend. The workspace writes stack files beside the program, hence the copy.
 */
export function programCopy(source: string, name: string): { workDir: string; stateDir: string; cleanup(): void } {
  const scratch = scratchDir(name);
  const workDir = join(scratch.dir, "program");
  cpSync(source, workDir, { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(workDir, "node_modules"), "dir");
  return { workDir, stateDir: join(scratch.dir, "state"), cleanup: scratch.cleanup };
}

/** Every file the file backend wrote (stack, history, backups), as stored on disk: secrets as they are at rest. */
export function backendFiles(stateDir: string): { path: string; text: string }[] {
  const backend = join(stateDir, "backend");
  return readdirSync(backend, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, text: readFileSync(path, "utf8") };
    });
}

export interface StoredResource {
  urn: string;
  type: string;
  id?: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** The current checkpoint of the stack, as stored on disk. */
export function storedCheckpoint(stateDir: string): { checkpoint: { latest: { resources?: StoredResource[] } } } {
  const file = backendFiles(stateDir).find((f) => /\/stacks\/[^/]+\/[^/]+\.json$/.test(f.path));
  if (!file) throw new Error(`no stack file under ${stateDir}`);
  return JSON.parse(file.text);
}

/** The processes (Linux) whose environment holds this `NAME=value`. */
function processesWith(variable: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(variable);
      } catch {
        return false; // gone already, or not ours to read
      }
    })
    .map(Number);
}

/** The `pulumi` command in a program's folder, with this repository's offline settings, run without blocking. */
export function pulumiCli(workDir: string, stateDir: string) {
  mkdirSync(join(stateDir, "backend"), { recursive: true });
  const env = pulumiEnv({ engineDir: pulumiEngineDir(), stateDir });
  return {
    /** Runs to the end; answers the exit code and everything printed. */
    run(args: string[]): Promise<{ code: number | null; output: string }> {
      return new Promise((resolve) => {
        const child = spawn("pulumi", args, { cwd: workDir, env });
        let output = "";
        child.stdout.on("data", (chunk) => (output += chunk));
        child.stderr.on("data", (chunk) => (output += chunk));
        child.on("exit", (code) => resolve({ code, output }));
      });
    },
    /** Starts it in a process group of its own, so that it can be killed with its plugins. */
    start(args: string[]): ChildProcess {
      return spawn("pulumi", args, { cwd: workDir, env, detached: true, stdio: "ignore" });
    },
    /**
     * Kills a started run with SIGKILL, and the plugins it started: the engine starts them in process groups of their
     * own, so they are found by the `PULUMI_HOME` of this folder, which they inherit. Resolves once the run is gone.
     */
    async kill(run: ChildProcess): Promise<void> {
      const exited = new Promise((resolve) => run.once("exit", resolve));
      process.kill(-run.pid!, "SIGKILL");
      await exited;
      for (const pid of processesWith(`PULUMI_HOME=${env.PULUMI_HOME}`)) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // it ended on its own meanwhile
        }
      }
    },
  };
}
