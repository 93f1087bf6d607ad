import type * as pulumi from "@pulumi/pulumi";
import { snapshot } from "../runtime/snapshot";
import { type CommonArgs, PaperspaceResource } from "./dynamic";

export interface SnapshotArgs extends CommonArgs {
  /** The machine to snapshot; it may be running. Changing it makes a new snapshot (replace). */
  machineId: pulumi.Input<string>;
  /** The snapshot's name, 1..128 characters. Defaults to the resource name plus a suffix fixed per stack. */
  name?: pulumi.Input<string>;
}

/**
 * A snapshot of a machine's disk. Create and delete wait until Paperspace's events are done. `name` updates in
 * place; `machineId` replaces. A snapshot goes away with its machine, and `pulumi refresh` then drops it.
 *
 * @example
 * const snapshot = new paperspace.Snapshot("before-upgrade", { machineId: "psm9u09bwu5i" });
 */
export class Snapshot extends PaperspaceResource {
  declare readonly machineId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly isAutoSnapshot: pulumi.Output<boolean>;

  constructor(name: string, args: SnapshotArgs, opts?: pulumi.CustomResourceOptions) {
    super(snapshot, name, args, opts);
  }
}
