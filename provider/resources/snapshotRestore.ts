import type * as pulumi from "@pulumi/pulumi";
import { snapshotRestore } from "../runtime/snapshotRestore";
import { PaperspaceResource, type TimeoutsArgs } from "./dynamic";

export interface SnapshotRestoreArgs {
  /** The snapshot to restore; it is restored onto its own machine. Changing it replaces (restores that one). */
  snapshotId: pulumi.Input<string>;
  /** Take a fresh snapshot of the machine before restoring. Defaults to `false`. */
  createSnapshotBeforeRestore?: pulumi.Input<boolean>;
  /** Stop a running machine for the restore and start it again afterwards. Without it, the machine must be off. */
  powerOffMachine?: pulumi.Input<boolean>;
  /** Any values; whenever they change, the snapshot is restored again (like a deployment trigger). */
  triggers?: pulumi.Input<unknown[]>;
  /** How long a restore may take (`create` for the first, `update` for the ones triggers start). */
  timeouts?: pulumi.Input<TimeoutsArgs>;
}

/**
 * Restores a snapshot onto its machine when created, and again whenever `triggers` change. Each restore waits for
 * Paperspace's `snapshot-restore` event. Deleting the resource does nothing to the machine.
 *
 * @example
 * new paperspace.SnapshotRestore("reset-trainer", { snapshotId: baseline.id, powerOffMachine: true, triggers: [week] });
 */
export class SnapshotRestore extends PaperspaceResource {
  declare readonly snapshotId: pulumi.Output<string>;
  declare readonly machineId: pulumi.Output<string>;
  declare readonly eventId: pulumi.Output<string>;
  declare readonly restoredAt: pulumi.Output<string>;

  constructor(name: string, args: SnapshotRestoreArgs, opts?: pulumi.CustomResourceOptions) {
    super(snapshotRestore, name, args, opts);
  }
}
