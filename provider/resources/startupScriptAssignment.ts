import type * as pulumi from "@pulumi/pulumi";
import { startupScriptAssignment } from "../runtime/startupScriptAssignment";
import { type CommonArgs, PaperspaceResource } from "./dynamic";

export interface StartupScriptAssignmentArgs extends CommonArgs {
  /** The startup script to assign. Changing it replaces the assignment. */
  startupScriptId: pulumi.Input<string>;
  /** The machine that runs it. Changing it replaces the assignment. */
  machineId: pulumi.Input<string>;
}

/**
 * Assigns a startup script to a machine. Its id is `<startupScriptId>/<machineId>` (the form `adoptId` takes).
 * Every change replaces it; deleting it unassigns the script (already unassigned counts as done).
 *
 * @example
 * new paperspace.StartupScriptAssignment("bootstrap-on-trainer", { startupScriptId: script.id, machineId });
 */
export class StartupScriptAssignment extends PaperspaceResource {
  declare readonly startupScriptId: pulumi.Output<string>;
  declare readonly machineId: pulumi.Output<string>;

  constructor(name: string, args: StartupScriptAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(startupScriptAssignment, name, args, opts);
  }
}
