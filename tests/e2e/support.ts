import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Stack } from "@pulumi/pulumi/automation";
import { ROOT, programCopy, stackIn } from "../../testing/pulumi";

/** A stack of one of this folder's fixture programs, run from a copy (see `programCopy`). */
export async function fixtureStack(fixture: string): Promise<{ stack: Stack; stateDir: string; cleanup(): void }> {
  const copy = programCopy(join(__dirname, "fixtures", fixture), fixture);
  return { stack: await stackIn(copy.workDir, copy.stateDir), stateDir: copy.stateDir, cleanup: copy.cleanup };
}

/** The last line a tool of tools/ prints: the folder it made, or kept. */
async function folderOf(tool: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, "tools", tool)], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trim().split("\n").pop() as string;
}

/** `npm install` in a program's folder, as a user runs it (of `packages`, tarballs included, or of its package.json). */
export async function npmInstall(project: string, packages: string[] = []): Promise<void> {
  await promisify(execFile)("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...packages], {
    cwd: project,
    env: { ...process.env, npm_config_loglevel: "error" },
  });
}

/** The release folder of `npm run dist` (built, or kept where up to date). */
export const releaseFolder = () => folderOf("dist.js");

/** The previous release's artifacts, built from its commit once per machine (tools/previous-release.js). */
export const previousReleaseFolder = () => folderOf("previous-release.js");
