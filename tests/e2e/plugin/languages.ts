import { execFile } from "node:child_process";
import { appendFileSync, cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Stack } from "@pulumi/pulumi/automation";
import { ROOT, pulumiEngineDir } from "../../../testing/pulumi";

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

/** The Python, Go and Java programs declare the adopted template when the stack config names it. */
const adoptedFromConfig: PluginLanguage["declareAdopted"] = (_workDir, stack, { machineId, templateName }) =>
  stack.setAllConfig({ adoptedMachineId: { value: machineId }, adoptedName: { value: templateName } });

const python: PluginLanguage = {
  name: "python",
  // As a user does: requirements.txt names the SDK (here the checkout's, by path: it is not on the package registry),
  // and `pulumi install` makes the virtualenv Pulumi.yaml names and installs it there. Nothing is activated: the
  // Python host runs the program in that virtualenv because Pulumi.yaml says so.
  prepare: async (workDir, env) => {
    cpSync(join(ROOT, "sdk", "python"), join(workDir, "sdk-python"), { recursive: true });
    const requirements = join(workDir, "requirements.txt");
    const kept = readFileSync(requirements, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("pulumi_paperspace"));
    writeFileSync(requirements, [...kept, "./sdk-python", ""].join("\n"));
    await pulumiInstall(workDir, env);
  },
  declareAdopted: adoptedFromConfig,
};

/** `pulumi install`, as a user runs it in a program's folder (the plugin is installed apart, from its archive). */
export async function pulumiInstall(workDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  await run(join(pulumiEngineDir(), "pulumi"), ["install", "--no-plugins"], { cwd: workDir, env });
}

const go: PluginLanguage = {
  name: "go",
  // The fixture's go.mod points at the repository's SDK by a path relative to the fixture; the copy runs elsewhere.
  prepare: async (workDir, env) => {
    const sdk = `github.com/pulumi-paperspace/pulumi-paperspace/sdk=${join(ROOT, "sdk")}`;
    await run("go", ["mod", "edit", `-replace=${sdk}`], { cwd: workDir, env });
  },
  declareAdopted: adoptedFromConfig,
};

const java: PluginLanguage = {
  name: "java",
  // As a user does with a library not on Maven Central: the program's pom.xml names com.pulumi:paperspace, and
  // `mvn install` of the checkout's SDK (a copy, built outside the checkout) puts it into the local repository Maven
  // resolves from, ~/.m2 as for every download. Each run installs it again, so the program gets this checkout's SDK.
  prepare: async (workDir, env) => {
    const sdk = join(workDir, "..", "sdk-java");
    cpSync(join(ROOT, "sdk", "java"), sdk, { recursive: true });
    await run("mvn", ["--batch-mode", "--quiet", "--no-transfer-progress", "install"], { cwd: sdk, env });
    // The host starts Maven twice per program run (which plugins, then the program), each a JVM that lives seconds:
    // without the optimizing compiler each starts about a second sooner.
    return { MAVEN_OPTS: `${env.MAVEN_OPTS ?? ""} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC`.trim() };
  },
  declareAdopted: adoptedFromConfig,
};

export const PLUGIN_LANGUAGES: PluginLanguage[] = [yaml, python, go, java];
