import { execFile } from "node:child_process";
import { appendFileSync, cpSync } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import type { Stack } from "@pulumi/pulumi/automation";
import { ROOT } from "../../../testing/pulumi";

const run = promisify(execFile);

/** A template the program is to declare, as `pulumi import` adopted it. */
export interface Adopted {
  name: string;
  machineId: string;
  templateName: string;
}

/** How the plugin's e2e test runs the program of one language (its fixture is `fixtures/plugin-<name>`). */
export interface PluginLanguage {
  name: string;
  /** Makes the program ready to run (its dependencies), in its copy at `workDir`; answers what to add to the env. */
  prepare?(workDir: string, env: NodeJS.ProcessEnv): Promise<Record<string, string> | void>;
  /** Declares the adopted template in the program, with the inputs it has. */
  declareAdopted(workDir: string, stack: Stack, adopted: Adopted): Promise<void>;
}

const yaml: PluginLanguage = {
  name: "yaml",
  // `resources:` comes last in the fixture, so that a resource can be appended.
  declareAdopted: async (workDir, _stack, { name, machineId, templateName }) =>
    appendFileSync(
      join(workDir, "Pulumi.yaml"),
      `  ${name}:\n    type: paperspace:index:CustomTemplate\n    properties:\n` +
        `      machineId: ${machineId}\n      name: ${templateName}\n`,
    ),
};

/** The Python and Go programs declare the adopted template when the stack config names it. */
const adoptedFromConfig: PluginLanguage["declareAdopted"] = (_workDir, stack, { machineId, templateName }) =>
  stack.setAllConfig({ adoptedMachineId: { value: machineId }, adoptedName: { value: templateName } });

const python: PluginLanguage = {
  name: "python",
  // A virtualenv with the Python SDK from the package registry and this one, activated (first on PATH): the Python
  // host built here (3.68.0) does not read `runtime.options` and runs the first `python3` on the PATH.
  prepare: async (workDir, env) => {
    const venv = join(workDir, "venv");
    await run("python3", ["-m", "venv", venv], { cwd: workDir, env });
    const pip = join(venv, "bin", "pip");
    // From a copy: pip builds a local package in its folder.
    const sdk = join(workDir, "sdk-python");
    cpSync(join(ROOT, "sdk", "python"), sdk, { recursive: true });
    await run(pip, ["install", "--quiet", "-r", "requirements.txt", sdk], { cwd: workDir, env });
    return { VIRTUAL_ENV: venv, PATH: `${join(venv, "bin")}${delimiter}${env.PATH}` };
  },
  declareAdopted: adoptedFromConfig,
};

const go: PluginLanguage = {
  name: "go",
  // The fixture's go.mod points at the repository's SDK by a path relative to the fixture; the copy runs elsewhere.
  prepare: async (workDir, env) => {
    const sdk = `github.com/pulumi-paperspace/pulumi-paperspace/sdk=${join(ROOT, "sdk")}`;
    await run("go", ["mod", "edit", `-replace=${sdk}`], { cwd: workDir, env });
  },
  declareAdopted: adoptedFromConfig,
};

export const PLUGIN_LANGUAGES: PluginLanguage[] = [yaml, python, go];
