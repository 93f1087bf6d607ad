import type * as pulumi from "@pulumi/pulumi";
import { type MachineOutputs, machine } from "../runtime/machine";
import { type CommonArgs, PaperspaceResource } from "./dynamic";

export interface MachineArgs extends CommonArgs {
  /** The OS template or custom template to make it from. Changing it makes a new machine (replace). */
  templateId: pulumi.Input<string>;
  /** A machine type the template lists as available, e.g. `"A4000"`. Changed in place, with the machine off. */
  machineType: pulumi.Input<string>;
  /** The region, e.g. `"ny2"`. Changing it makes a new machine (replace). */
  region: pulumi.Input<string>;
  /** The disk size in GB. It only grows, in place, with the machine off; a smaller one is refused at preview. */
  diskSize: pulumi.Input<number>;
  /**
   * The machine's name, 1..128 characters. Defaults to the resource name plus a suffix fixed per stack, template,
   * region and NVLink, so that a replacement has a name of its own.
   */
  name?: pulumi.Input<string>;
  /**
   * The power state to keep it in: `"ready"` (the default) or `"off"`. A machine stopped or started behind Pulumi's
   * back is brought back to it by the next `pulumi up` (after a `refresh` has seen it); with auto-shutdown enabled, a
   * machine declared `"ready"` that is found off is taken as shut down when idle, and left off.
   */
  state?: pulumi.Input<"ready" | "off">;
  /** A startup script to assign at create; changing it unassigns the old one and assigns the new one, in place. */
  startupScriptId?: pulumi.Input<string>;
  /** `"static"`, `"dynamic"` or `"none"`. Unset: what Paperspace gives it. */
  publicIpType?: pulumi.Input<"static" | "dynamic" | "none">;
  /** A private network to put it on. Unset: what Paperspace gives it. */
  networkId?: pulumi.Input<string>;
  /** Shut it down after a while without activity, to cap the cost of an idle GPU (`state` then leaves it off). */
  autoShutdownEnabled?: pulumi.Input<boolean>;
  /** Hours of inactivity before an auto-shutdown. */
  autoShutdownTimeout?: pulumi.Input<number>;
  /** Shut down even when someone is logged in. */
  autoShutdownForce?: pulumi.Input<boolean>;
  /** Take snapshots on a schedule. */
  autoSnapshotEnabled?: pulumi.Input<boolean>;
  /** `"hourly"`, `"daily"`, `"weekly"` or `"monthly"`. */
  autoSnapshotFrequency?: pulumi.Input<"hourly" | "daily" | "weekly" | "monthly">;
  /** How many scheduled snapshots to keep. */
  autoSnapshotSaveCount?: pulumi.Input<number>;
  /** Go back to a restore point (`restorePointFrequency`). */
  restorePointEnabled?: pulumi.Input<boolean>;
  /** `"shutdown"`: restore at each shutdown. */
  restorePointFrequency?: pulumi.Input<"shutdown">;
  /** Take a snapshot once the machine is made. Read at create only. */
  takeInitialSnapshot?: pulumi.Input<boolean>;
  /** Connect its GPUs with NVLink. Only a create sets it: changing it replaces the machine. */
  enableNvlink?: pulumi.Input<boolean>;
  /**
   * Stop a running machine for a change that needs it off (machine type, disk size), then bring it back to its declared
   * state. Without it (the default), such a change on a running machine fails before any change, saying what to do.
   */
  powerOffMachine?: pulumi.Input<boolean>;
}

/**
 * A Paperspace machine, made from an OS template or a custom template. `pulumi up` returns once its `create` event is
 * done and it is in its declared `state`; destroy waits until it is gone. The template, region and NVLink replace it;
 * everything else changes in place.
 *
 * @example
 * const worker = new paperspace.Machine("worker", {
 *   templateId: golden.id, machineType: "A4000", region: "ny2", diskSize: 100,
 *   autoShutdownEnabled: true, autoShutdownTimeout: 2,
 * });
 */
export class Machine extends PaperspaceResource {
  declare readonly templateId: pulumi.Output<string>;
  declare readonly machineType: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  declare readonly diskSize: pulumi.Output<number>;
  declare readonly name: pulumi.Output<string>;
  /** The machine's power state as the API last answered it (`ready`, `off`, `starting`, ...). */
  declare readonly state: pulumi.Output<string>;
  declare readonly startupScriptId: pulumi.Output<string | undefined>;
  declare readonly publicIpType: pulumi.Output<string>;
  declare readonly networkId: pulumi.Output<string | undefined>;
  declare readonly autoShutdownEnabled: pulumi.Output<boolean>;
  declare readonly autoShutdownTimeout: pulumi.Output<number | null>;
  declare readonly autoShutdownForce: pulumi.Output<boolean | null>;
  declare readonly autoSnapshotEnabled: pulumi.Output<boolean>;
  declare readonly autoSnapshotFrequency: pulumi.Output<string | null>;
  declare readonly autoSnapshotSaveCount: pulumi.Output<number | null>;
  declare readonly restorePointEnabled: pulumi.Output<boolean>;
  declare readonly restorePointFrequency: pulumi.Output<string | null>;
  declare readonly os: pulumi.Output<string>;
  declare readonly cpus: pulumi.Output<number>;
  declare readonly ram: pulumi.Output<number>;
  declare readonly storageTotal: pulumi.Output<number>;
  declare readonly storageUsed: pulumi.Output<number>;
  declare readonly accelerators: pulumi.Output<MachineOutputs["accelerators"]>;
  declare readonly agentType: pulumi.Output<string>;
  declare readonly publicIp: pulumi.Output<string | null>;
  declare readonly privateIp: pulumi.Output<string | null>;
  declare readonly usageRate: pulumi.Output<number>;
  declare readonly storageRate: pulumi.Output<number>;
  declare readonly restorePointSnapshotId: pulumi.Output<string | null>;
  declare readonly updatesPending: pulumi.Output<boolean>;
  declare readonly dtCreated: pulumi.Output<string>;
  declare readonly dtModified: pulumi.Output<string>;

  constructor(name: string, args: MachineArgs, opts?: pulumi.CustomResourceOptions) {
    super(machine, name, args, opts);
  }
}
