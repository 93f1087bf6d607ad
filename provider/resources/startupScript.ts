import * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, type DynamicInputs, PaperspaceResource, autoName } from "./dynamic";

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

/** The inputs the provider receives, after `check` has filled the defaults. */
export interface StartupScriptInputs extends DynamicInputs {
  script: string;
  name: string;
  isRunOnce: boolean;
  isEnabled: boolean;
  /** Set when `name` is not given: the name to use instead (see `autoName`). */
  autoName?: string;
}

export interface StartupScriptOutputs extends StartupScriptInputs {
  /** SHA-256 of the script body: the API never returns the body, so a changed body is seen through this. */
  scriptSha256: string;
  description: string | null;
  assignedMachineIds: string[];
  dtCreated: string;
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
    const given = args ?? {};
    super(
      "StartupScript",
      name,
      {
        ...given,
        script: given.script === undefined ? undefined : pulumi.secret(given.script),
        name: given.name,
        isRunOnce: given.isRunOnce,
        isEnabled: given.isEnabled,
        autoName: given.name === undefined ? autoName("StartupScript", name) : undefined,
      },
      ["scriptSha256", "description", "assignedMachineIds", "dtCreated"],
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["script"] }),
    );
  }
}
