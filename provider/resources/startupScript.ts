import type * as pulumi from "@pulumi/pulumi";
import { startupScript } from "../runtime/startupScript";
import { type CommonArgs, PaperspaceResource } from "./dynamic";

export interface StartupScriptArgs extends CommonArgs {
  /** The script body (bash on Linux, PowerShell on Windows), at most 16 KiB. Stored as a secret. */
  script: pulumi.Input<string>;
  /** The script's name, 1..128 characters. Defaults to the resource name plus a suffix fixed per stack. */
  name?: pulumi.Input<string>;
  /** Run only on the machine's first boot (`true`) or on every boot (`false`, the default). */
  isRunOnce?: pulumi.Input<boolean>;
  /** Whether the script runs at all. Defaults to `true`. */
  isEnabled?: pulumi.Input<boolean>;
}

/**
 * A Paperspace startup script. Every field updates in place; deleting the resource deletes the script.
 *
 * @example
 * const script = new paperspace.StartupScript("bootstrap", { script: "#!/bin/bash\napt-get update\n" });
 */
export class StartupScript extends PaperspaceResource {
  declare readonly script: pulumi.Output<string>;
  declare readonly scriptSha256: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly isRunOnce: pulumi.Output<boolean>;
  declare readonly isEnabled: pulumi.Output<boolean>;
  declare readonly description: pulumi.Output<string | null>;
  declare readonly assignedMachineIds: pulumi.Output<string[]>;
  declare readonly dtCreated: pulumi.Output<string>;

  constructor(name: string, args: StartupScriptArgs, opts?: pulumi.CustomResourceOptions) {
    super(startupScript, name, args, opts);
  }
}
