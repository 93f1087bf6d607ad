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

/** The release folder of `npm run dist` (built, or kept where up to date): the last line it prints. */
export async function releaseFolder(): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, "tools", "dist.js")], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trim().split("\n").pop() as string;
}
