import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { programCopy, stackIn } from "../../testing/pulumi";

/** A stack of one of this folder's fixture programs, run from a copy (see `programCopy`). */
export async function fixtureStack(fixture: string): Promise<{ stack: Stack; stateDir: string; cleanup(): void }> {
  const copy = programCopy(join(__dirname, "fixtures", fixture), fixture);
  return { stack: await stackIn(copy.workDir, copy.stateDir), stateDir: copy.stateDir, cleanup: copy.cleanup };
}
