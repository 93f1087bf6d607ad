import { createHash } from "node:crypto";
import { LIMITS } from "../../contract/paperspace-api";
import { boolean, name, string } from "../lifecycle/attributes";
import { declareObject } from "../lifecycle/declaration";
import { MINUTE } from "../lifecycle/timeouts";
import { atMostBytes, isUnknown, notEmpty } from "../lifecycle/validators";

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * A startup script. Every input updates in place. The body is write-only: the API never answers it, so it is compared
 * through its hash, kept as last applied on refresh, and always written to a script that is adopted.
 */
export const startupScript = declareObject({
  type: "StartupScript",
  noun: "startup script",
  describe: (inputs) => `startup script "${inputs.name}"`,
  doc: "A Paperspace startup script. Every field updates in place; deleting the resource deletes the script.",
  example: { name: "bootstrap", args: { script: "#!/bin/bash\napt-get update\n" } },
  // Scripts answer at once; these bound the retries of a bad day.
  timeouts: { create: 5 * MINUTE, update: 5 * MINUTE, delete: 5 * MINUTE },
  attributes: {
    script: string({
      onChange: "update",
      required: true,
      secret: true,
      doc: "The script body (bash on Linux, PowerShell on Windows), at most 16 KiB. Stored as a secret.",
      validators: [notEmpty, atMostBytes(LIMITS.scriptMaxBytes, "16 KiB")],
      differs: (olds, news) => isUnknown(news.script) || sha256(news.script as string) !== olds.scriptSha256,
    }),
    name: name(),
    isRunOnce: boolean({
      onChange: "update",
      default: false,
      shownAs: "isRunOnce",
      doc: "Run only on the machine's first boot (`true`) or on every boot (`false`, the default).",
    }),
    // The API makes scripts enabled; one declared disabled is disabled right after.
    isEnabled: boolean({
      onChange: "update",
      default: true,
      shownAs: "isEnabled",
      doc: "Whether the script runs at all. Defaults to `true`.",
    }),
  },
  wire: "StartupScript",
  copies: ["description", "assignedMachineIds", "dtCreated"],
  computed: {
    scriptSha256: {
      type: { kind: "string" },
      doc:
        "SHA-256 of the script body: the API never returns the body, so a changed body is seen through this. Absent for a\n" +
        "script imported by id (its body unknown) until the body is written.",
      optional: true,
      of: (_script: unknown, inputs: { script?: string }) =>
        inputs.script === undefined ? undefined : sha256(inputs.script),
    },
  },
  calls: {
    collection: "/startup-scripts",
    listedBy: ({ name }) => ({ name }),
    create: { body: ({ name, script, isRunOnce }) => ({ name, script, isRunOnce }) },
    delete: {},
  },
  steps: [{ name: "change", applies: ["script", "name", "isRunOnce", "isEnabled"] }],
});
