import { canonicalRegion } from "../api/decode";
import { unlessNotFound } from "../api/errors";
import type { Machine as ApiMachine, MachineUpdateRequest } from "../api/types";
import { type Effect, waitForEvent } from "../api/waiter";
import {
  type Attribute,
  type CommonInputs,
  type ObjectDeclaration,
  type Operation,
  boolean,
  count,
  id,
  label,
  name,
  oneOf,
} from "./declaration";
import { isRunning, powerTo, withMachineOff } from "./power";
import { MINUTE } from "./timeouts";
import { type CheckFailure, checkCount, isUnknown } from "./validators";

/** The power states a machine may be declared in. */
export type DeclaredState = "ready" | "off";

export interface MachineInputs extends CommonInputs {
  templateId: string;
  machineType: string;
  region: string;
  diskSize: number;
  name: string;
  autoName?: string;
  state: DeclaredState;
  startupScriptId?: string;
  publicIpType?: "static" | "dynamic" | "none";
  networkId?: string;
  autoShutdownEnabled?: boolean;
  autoShutdownTimeout?: number | null;
  autoShutdownForce?: boolean | null;
  autoSnapshotEnabled?: boolean;
  autoSnapshotFrequency?: "hourly" | "daily" | "weekly" | "monthly" | null;
  autoSnapshotSaveCount?: number | null;
  restorePointEnabled?: boolean;
  restorePointFrequency?: "shutdown" | null;
  takeInitialSnapshot: boolean;
  enableNvlink?: boolean;
  powerOffMachine: boolean;
}

export interface MachineOutputs extends MachineInputs {
  os: string;
  cpus: number;
  ram: number;
  storageTotal: number;
  storageUsed: number;
  accelerators: ApiMachine["accelerators"];
  agentType: string;
  publicIp: string | null;
  privateIp: string | null;
  usageRate: number;
  storageRate: number;
  restorePointSnapshotId: string | null;
  updatesPending: boolean;
  dtCreated: string;
  dtModified: string;
}

const GIB = 1024 ** 3;

/** The changes Paperspace makes only to a machine that is off. */
const RESIZE = ["machineType", "diskSize"] as const;

/** The settings one `PUT /machines/{id}` changes in place. */
const SETTINGS = [
  "name",
  "publicIpType",
  "networkId",
  "autoShutdownEnabled",
  "autoShutdownTimeout",
  "autoShutdownForce",
  "autoSnapshotEnabled",
  "autoSnapshotFrequency",
  "autoSnapshotSaveCount",
  "restorePointEnabled",
  "restorePointFrequency",
] as const;

/** The declared state a machine's power state stands for; a machine on its way somewhere stands for neither. */
function declaredStateOf(state: unknown): DeclaredState | undefined {
  if (state === "off") return "off";
  return typeof state === "string" && isRunning(state as ApiMachine["state"]) ? "ready" : undefined;
}

/**
 * Whether the machine is to be started or stopped: the program changed its declared state, or the machine is in the
 * other one. A machine declared `ready` that auto-shutdown may have stopped is as declared when off: its shutting
 * down an idle machine is what the program asked for, and starting it again would undo the cost cap. The old
 * outputs' `declaredState` is the lifecycle's copy of the program's `state` (see `declaredAs`), which reads keep.
 */
function stateDiffers(olds: Record<string, unknown>, news: Record<string, unknown>): boolean {
  if (isUnknown(news.state)) return true;
  if (olds.declaredState !== undefined && olds.declaredState !== news.state) return true;
  const observed = declaredStateOf(olds.state);
  if (observed === news.state) return false;
  const shutDownWhenIdle = olds.autoShutdownEnabled === true && news.autoShutdownEnabled !== false;
  return !(news.state === "ready" && observed === "off" && shutDownWhenIdle);
}

/** Optional: when the program leaves it unset, the machine keeps what the API gave it. */
const optional = (attribute: Attribute): Attribute => ({ ...attribute, computed: true });

/**
 * A Paperspace machine, made from an OS template or a custom template. Its template and region replace it (as does
 * NVLink, which only a create sets); its name, settings, machine type and disk (which only grows) change in place,
 * the last two with the machine off; its startup script is assigned and unassigned in place; and `state` is the
 * power state it is kept in: a machine stopped or started behind Pulumi's back is seen by `refresh` and brought back
 * by the next `up`.
 */
export const machine: ObjectDeclaration<MachineInputs, MachineOutputs, ApiMachine> = {
  type: "Machine",
  noun: "machine",
  describe: (inputs) => `machine "${inputs.name}" (${inputs.machineType} from template ${inputs.templateId})`,
  inputs: {
    templateId: id("replace"),
    machineType: label("update"),
    // Compared in its canonical form: `ny2` and `East Coast (NY2)` are one region.
    region: {
      ...label("replace"),
      differs: (olds, news) => isUnknown(news.region) || canonicalRegion(olds.region) !== canonicalRegion(news.region),
    },
    diskSize: { ...count("update", 1, { required: true }), check: checkDiskSize },
    // Machines are looked for by name alone: a replacement needs a name of its own.
    name: name({ followsReplacements: true }),
    state: oneOf("update", ["ready", "off"], { default: "ready", declaredAs: "declaredState", differs: stateDiffers }),
    startupScriptId: id("update", { required: false }),
    publicIpType: optional(oneOf("update", ["static", "dynamic", "none"])),
    networkId: optional(id("update", { required: false })),
    autoShutdownEnabled: optional(boolean("update")),
    autoShutdownTimeout: optional(count("update", 1)),
    autoShutdownForce: optional(boolean("update")),
    autoSnapshotEnabled: optional(boolean("update")),
    autoSnapshotFrequency: optional(oneOf("update", ["hourly", "daily", "weekly", "monthly"])),
    autoSnapshotSaveCount: optional(count("update", 1)),
    restorePointEnabled: optional(boolean("update")),
    restorePointFrequency: optional(oneOf("update", ["shutdown"])),
    takeInitialSnapshot: boolean("setting", false),
    enableNvlink: boolean("replace", false),
    powerOffMachine: boolean("setting", false),
  },
  outputs: {
    os: (machine) => machine.os,
    cpus: (machine) => Number(machine.cpus),
    ram: (machine) => Number(machine.ram),
    storageTotal: (machine) => Number(machine.storageTotal),
    storageUsed: (machine) => Number(machine.storageUsed),
    accelerators: (machine) => machine.accelerators ?? null,
    agentType: (machine) => machine.agentType,
    publicIp: (machine) => machine.publicIp,
    privateIp: (machine) => machine.privateIp,
    usageRate: (machine) => machine.usageRate,
    storageRate: (machine) => machine.storageRate,
    restorePointSnapshotId: (machine) => machine.restorePointSnapshotId,
    updatesPending: (machine) => machine.updatesPending,
    dtCreated: (machine) => machine.dtCreated,
    dtModified: (machine) => machine.dtModified,
  },
  // The template, NVLink and the startup script are not on the machine's object: they keep their last applied value.
  observe: (machine) => ({
    name: machine.name,
    machineType: machine.machineType,
    region: machine.region,
    diskSize: diskSizeOf(machine),
    state: machine.state as DeclaredState,
    publicIpType: machine.publicIpType,
    networkId: machine.networkId ?? undefined,
    autoShutdownEnabled: machine.autoShutdownEnabled,
    autoShutdownTimeout: machine.autoShutdownTimeout,
    autoShutdownForce: machine.autoShutdownForce,
    autoSnapshotEnabled: machine.autoSnapshotEnabled,
    autoSnapshotFrequency: machine.autoSnapshotFrequency,
    autoSnapshotSaveCount: machine.autoSnapshotSaveCount,
    restorePointEnabled: machine.restorePointEnabled,
    restorePointFrequency: machine.restorePointFrequency,
  }),
  // Machines from big templates take many minutes to make; a resize stops and starts one.
  timeouts: { create: 90 * MINUTE, update: 60 * MINUTE, delete: 30 * MINUTE },
  adoption: {},
  events: { on: (_inputs, machine) => machine.id, create: "create", delete: "deactivate" },
  // The machine still answers while its `deactivate` event runs.
  made: (machine) => machine.state !== "provisioning",
  // Until its `create` event is done, a machine is provisioning.
  readAfterCreate: true,
  api: (client) => ({
    get: (machineId) => client.machines.get(machineId),
    create: (inputs) =>
      client.machines.create({
        name: inputs.name,
        machineType: inputs.machineType,
        templateId: inputs.templateId,
        diskSize: inputs.diskSize,
        region: inputs.region,
        startupScriptId: inputs.startupScriptId,
        startOnCreate: inputs.state === "ready",
        takeInitialSnapshot: inputs.takeInitialSnapshot,
        enableNvlink: inputs.enableNvlink,
        ...settingsOf(inputs),
      }),
    delete: (machineId) => client.machines.delete(machineId),
    list: ({ name }) => client.machines.list({ name }),
  }),
  apply,
};

/**
 * The disk's size in GB. The API's schema types `storageTotal` as an integer without a unit; it is read as bytes, but
 * a value under 1 GiB can only be GB (no disk is that small), so either unit reads the same.
 */
function diskSizeOf(machine: ApiMachine): number {
  const total = Number(machine.storageTotal);
  return total < GIB ? total : Math.round(total / GIB);
}

/** The settings of the inputs the program gave, as the API takes them. */
function settingsOf(inputs: Partial<MachineInputs>): MachineUpdateRequest {
  return Object.fromEntries(
    SETTINGS.filter((key) => inputs[key] !== undefined && inputs[key] !== null).map((key) => [key, inputs[key]]),
  ) as MachineUpdateRequest;
}

/**
 * Applies changes in the order the API needs: a resize with the machine off (stopped for it with `powerOffMachine`,
 * else refused before any change unless it is off, or declared off), the settings, the startup script, and the
 * declared power state last.
 */
async function apply(
  operation: Operation<MachineInputs>,
  machineId: string,
  changes: Partial<MachineInputs>,
  olds: Partial<MachineInputs>,
): Promise<ApiMachine> {
  const { api, inputs } = operation;
  const settings = settingsOf(changes);
  const resize = Object.fromEntries(RESIZE.filter((key) => changes[key] !== undefined).map((k) => [k, changes[k]]));
  const put = async (body: MachineUpdateRequest) => {
    const answer = await api.machines.update(machineId, body);
    const what = `the change of machine ${machineId}`;
    // A resize shows done on the machine: off again, with the type and disk it asked for.
    const look = async (): Promise<Effect> => {
      const machine = await unlessNotFound(api.machines.get(machineId));
      if (!machine) return "missing";
      const resized =
        (body.machineType === undefined || machine.machineType === body.machineType) &&
        (body.diskSize === undefined || diskSizeOf(machine) === body.diskSize);
      return machine.state === "off" && resized ? "made" : "pending";
    };
    if (answer.event) await waitForEvent(api, answer.event, { deadline: operation.deadline, what, look });
  };
  if (Object.keys(resize).length > 0) {
    if (inputs.state === "off") await powerTo(operation, machineId, "off");
    const refusal = {
      doing: `change the ${Object.keys(resize).join(" and ")} of machine ${machineId}`,
      rule: "resizes only",
      work: "resize",
    };
    const what = `the resize of machine "${inputs.name}"`;
    await withMachineOff(operation, machineId, { consent: inputs.powerOffMachine, what, refusal }, () =>
      put({ ...resize, ...settings }),
    );
  } else if (Object.keys(settings).length > 0) {
    await put(settings);
  }
  if ("startupScriptId" in changes && olds.startupScriptId !== inputs.startupScriptId) {
    if (olds.startupScriptId) await unassign(operation, olds.startupScriptId, machineId);
    if (inputs.startupScriptId) await api.startupScripts.assign(inputs.startupScriptId, { machineId });
  }
  // Without a change of state, the machine stays as it is (an idle one auto-shutdown stopped stays off).
  return "state" in changes ? powerTo(operation, machineId, inputs.state) : api.machines.get(machineId);
}

/** Unassigns a script; one already unassigned, or gone, is done already. */
async function unassign({ api }: Operation<MachineInputs>, scriptId: string, machineId: string): Promise<void> {
  const script = await unlessNotFound(api.startupScripts.get(scriptId));
  if (script?.assignedMachineIds.includes(machineId)) await api.startupScripts.unassign(scriptId, { machineId });
}

/** A whole number of GB, which may only grow: a smaller disk would need a new machine, and that destroys this one's. */
function checkDiskSize(
  value: unknown,
  property: string,
  _inputs: unknown,
  olds: Record<string, unknown>,
): CheckFailure[] {
  const failures = checkCount(value, property, 1, { required: true });
  if (failures.length > 0 || isUnknown(value) || typeof olds.diskSize !== "number") return failures;
  if ((value as number) >= olds.diskSize) return [];
  return [
    {
      property,
      reason:
        `cannot shrink from ${olds.diskSize} to ${value} GB: Paperspace only grows a disk, and replacing the machine ` +
        `would destroy this one's. Keep ${olds.diskSize} or more, or declare a new Machine.`,
    },
  ];
}
