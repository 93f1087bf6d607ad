import type * as pulumi from "@pulumi/pulumi";
import type { AvailableMachineType } from "../api/types";
import { customTemplate } from "../runtime/customTemplate";
import { type CommonArgs, PaperspaceResource } from "./dynamic";

export interface CustomTemplateArgs extends CommonArgs {
  /** The machine to make the template from. It must be off. Changing it makes a new template (replace). */
  machineId: pulumi.Input<string>;
  /** The template's name, 1..128 characters. Defaults to the resource name plus a suffix fixed per stack. */
  name?: pulumi.Input<string>;
  /**
   * Stop a running machine for the template, and start it again afterwards (also when the template fails).
   * Without it (the default), a machine that is not off is refused.
   */
  powerOffMachine?: pulumi.Input<boolean>;
}

/**
 * A custom template (a machine image) made from a machine that is off, or stopped for it with `powerOffMachine`.
 * Creating it waits until Paperspace's `template-create` event is done, which can take many minutes. `name` updates
 * in place; `machineId` replaces.
 *
 * @example
 * const image = new paperspace.CustomTemplate("golden", { machineId: "psm9u09bwu5i" });
 */
export class CustomTemplate extends PaperspaceResource {
  declare readonly machineId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly powerOffMachine: pulumi.Output<boolean>;
  declare readonly agentType: pulumi.Output<string>;
  declare readonly operatingSystemLabel: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  declare readonly defaultSizeGb: pulumi.Output<number>;
  declare readonly availableMachineTypes: pulumi.Output<AvailableMachineType[]>;
  declare readonly parentMachineId: pulumi.Output<string>;
  declare readonly dtCreated: pulumi.Output<string>;

  constructor(name: string, args: CustomTemplateArgs, opts?: pulumi.CustomResourceOptions) {
    super(customTemplate, name, args, opts);
  }
}
