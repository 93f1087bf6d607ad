import { createHash } from "node:crypto";
import { LIMITS } from "../../contract/paperspace-api";
import type { StartupScript as ApiStartupScript } from "../api/types";
import { type CommonInputs, type ObjectDeclaration, boolean, name } from "./declaration";
import { MINUTE } from "./timeouts";
import { type CheckFailure, isUnknown, typeOf } from "./validators";

/** The inputs the provider receives, after `check` has filled the defaults. */
export interface StartupScriptInputs extends CommonInputs {
  script: string;
  name: string;
  isRunOnce: boolean;
  isEnabled: boolean;
  /** Set when `name` is not given: the name to use instead (see `autoName`). */
  autoName?: string;
}

export interface StartupScriptOutputs extends StartupScriptInputs {
  /**
   * SHA-256 of the script body: the API never returns the body, so a changed body is seen through this. Absent for a
   * script imported by id (its body unknown) until the body is written.
   */
  scriptSha256?: string;
  description: string | null;
  assignedMachineIds: string[];
  dtCreated: string;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * A startup script. Every input updates in place. The body is write-only: the API never answers it, so it is compared
 * through its hash, kept as last applied on refresh, and always written to a script that is adopted.
 */
export const startupScript: ObjectDeclaration<StartupScriptInputs, StartupScriptOutputs, ApiStartupScript> = {
  type: "StartupScript",
  noun: "startup script",
  describe: (inputs) => `startup script "${inputs.name}"`,
  inputs: {
    script: {
      change: "update",
      secret: true,
      check: checkScript,
      differs: (olds, news) => isUnknown(news.script) || sha256(news.script as string) !== olds.scriptSha256,
    },
    name: name(),
    isRunOnce: boolean("update", false),
    // The API makes scripts enabled; one declared disabled is disabled right after.
    isEnabled: boolean("update", true),
  },
  outputs: {
    scriptSha256: (_script, inputs) => (inputs.script === undefined ? undefined : sha256(inputs.script)),
    description: (script) => script.description ?? null,
    assignedMachineIds: (script) => script.assignedMachineIds ?? [],
    dtCreated: (script) => script.dtCreated,
  },
  observe: (script) => ({ name: script.name, isRunOnce: script.isRunOnce, isEnabled: script.isEnabled }),
  // Scripts answer at once; these bound the retries of a bad day.
  timeouts: { create: 5 * MINUTE, update: 5 * MINUTE, delete: 5 * MINUTE },
  adoption: {},
  api: (client) => ({
    get: (scriptId) => client.startupScripts.get(scriptId),
    create: ({ name, script, isRunOnce }) => client.startupScripts.create({ name, script, isRunOnce }),
    update: (scriptId, { name, script, isRunOnce, isEnabled }) =>
      client.startupScripts.update(scriptId, { name, script, isRunOnce, isEnabled }),
    delete: (scriptId) => client.startupScripts.delete(scriptId),
    list: ({ name }) => client.startupScripts.list({ name }),
  }),
};

function checkScript(script: unknown, property: string): CheckFailure[] {
  if (isUnknown(script)) return [];
  if (script === undefined || script === null) return [{ property, reason: "is required" }];
  if (typeof script !== "string") return [{ property, reason: `must be a string, got ${typeOf(script)}` }];
  if (script.length === 0) return [{ property, reason: "must not be empty" }];
  const bytes = Buffer.byteLength(script, "utf8");
  if (bytes > LIMITS.scriptMaxBytes) {
    return [{ property, reason: `is ${bytes} bytes; Paperspace accepts at most ${LIMITS.scriptMaxBytes} (16 KiB)` }];
  }
  return [];
}
