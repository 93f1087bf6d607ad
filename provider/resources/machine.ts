import { unlessNotFound } from "../api/errors";
import type { Machine as ApiMachine, MachineUpdateRequest } from "../api/types";
import { boolean, count, id, label, name, oneOf, region } from "../lifecycle/attributes";
import { type MachineOff, type Operation, declareObject } from "../lifecycle/declaration";
import { type DeclaredState, isRunning, powerTo } from "../lifecycle/power";
import { MINUTE } from "../lifecycle/timeouts";
import { type CheckFailure, isUnknown } from "../lifecycle/validators";

const GIB = 1024 ** 3;

/** The inputs one `PUT /machines/{id}` changes in place, with no event. */
const PUT_IN_PLACE = [
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

/** The values given, as the API takes them (it takes no `null`). */
function sent(values: Record<string, unknown>): MachineUpdateRequest {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined && value !== null),
  ) as MachineUpdateRequest;
}

/**
 * The disk's size in GB. The API's schema types `storageTotal` as an integer without a unit; it is read as bytes, but
 * a value under 1 GiB can only be GB (no disk is that small), so either unit reads the same.
 */
function diskSizeOf(machine: ApiMachine): number {
  const total = Number(machine.storageTotal);
  return total < GIB ? total : Math.round(total / GIB);
}

/** The declared state a machine's power state stands for; a machine on its way somewhere stands for neither. */
function declaredStateOf(state: unknown): DeclaredState | undefined {
  if (state === "off") return "off";
  return typeof state === "string" && isRunning(state as ApiMachine["state"]) ? "ready" : undefined;
}

/**
 * Whether the machine is to be started or stopped: the program changed its declared state, or the machine is in the
 * other one. A machine declared `ready` that auto-shutdown may have stopped is as declared when off: its shutting
 * down an idle machine is what the program asked for, and starting it again would undo the cost cap. The old
 * outputs' `declaredState` is the lifecycle's copy of the program's `state` (see `declaredCopy`), which reads keep.
 */
function stateDiffers(olds: Record<string, unknown>, news: Record<string, unknown>): boolean {
  if (isUnknown(news.state)) return true;
  if (olds.declaredState !== undefined && olds.declaredState !== news.state) return true;
  const observed = declaredStateOf(olds.state);
  if (observed === news.state) return false;
  const shutDownWhenIdle = olds.autoShutdownEnabled === true && news.autoShutdownEnabled !== false;
  return !(news.state === "ready" && observed === "off" && shutDownWhenIdle);
}

/** A disk only grows: a smaller one would need a new machine, and that destroys this one's disk. */
function onlyGrows(value: number, property: string, _inputs: unknown, olds: Record<string, unknown>): CheckFailure[] {
  if (typeof olds.diskSize !== "number" || value >= olds.diskSize) return [];
  return [
    {
      property,
      reason:
        `cannot shrink from ${olds.diskSize} to ${value} GB: Paperspace only grows a disk, and replacing the machine ` +
        `would destroy this one's. Keep ${olds.diskSize} or more, or declare a new Machine.`,
    },
  ];
}

/** What a resize's precondition reads of a machine's inputs. */
interface Declared {
  name: string;
  state: DeclaredState;
  powerOffMachine: boolean;
}

/**
 * Paperspace resizes only a machine that is off: one declared off is stopped first; with `powerOffMachine` a running
 * one is stopped for the resize and brought back; without, the resize is refused before any change.
 */
const offForResize: MachineOff<Declared> = {
  machine: (_inputs, machineId) => machineId!,
  consent: (inputs) => inputs.powerOffMachine,
  declaredOff: (inputs) => inputs.state === "off",
  what: (inputs) => `the resize of machine "${inputs.name}"`,
  refusal: (_inputs, machineId, changes) => ({
    doing: `change the ${Object.keys(changes).join(" and ")} of machine ${machineId}`,
    rule: "resizes only",
    work: "resize",
  }),
};

/** Unassigns a script; one already unassigned, or gone, is done already. */
async function unassign({ api }: Operation<unknown>, scriptId: string, machineId: string): Promise<void> {
  const script = await unlessNotFound(api.startupScripts.get(scriptId));
  if (script?.assignedMachineIds.includes(machineId)) await api.startupScripts.unassign(scriptId, { machineId });
}

/**
 * A Paperspace machine, made from an OS template or a custom template. Its template and region replace it (as does
 * NVLink, which only a create sets); its name, settings, machine type and disk (which only grows) change in place,
 * the last two with the machine off; its startup script is assigned and unassigned in place; and `state` is the
 * power state it is kept in: a machine stopped or started behind Pulumi's back is seen by `refresh` and brought back
 * by the next `up`.
 */
export const machine = declareObject({
  type: "Machine",
  noun: "machine",
  describe: (inputs) => `machine "${inputs.name}" (${inputs.machineType} from template ${inputs.templateId})`,
  doc:
    "A Paperspace machine, made from an OS template or a custom template. `pulumi up` returns once its `create` event is\n" +
    "done and it is in its declared `state`; destroy waits until it is gone. The template, region and NVLink replace it;\n" +
    "everything else changes in place.",
  example: { name: "worker", args: { templateId: "t0nspur5", machineType: "A4000", region: "ny2", diskSize: 50 } },
  // Machines from big templates take many minutes to make; a resize stops and starts one.
  timeouts: { create: 90 * MINUTE, update: 60 * MINUTE, delete: 30 * MINUTE },
  attributes: {
    templateId: id({
      onChange: "replace",
      required: true,
      doc: "The OS template or custom template to make it from. Changing it makes a new machine (replace).",
    }),
    machineType: label({
      onChange: "update",
      shownAs: "machineType",
      doc: 'A machine type the template lists as available, e.g. `"A4000"`. Changed in place, with the machine off.',
    }),
    region: region({
      onChange: "replace",
      doc: 'The region, e.g. `"ny2"`. Changing it makes a new machine (replace).',
    }),
    diskSize: count({
      onChange: "update",
      min: 1,
      required: true,
      shownAs: diskSizeOf,
      validators: [onlyGrows],
      doc: "The disk size in GB. It only grows, in place, with the machine off; a smaller one is refused at preview.",
    }),
    // Machines are looked for by name alone: a replacement needs a name of its own.
    name: name({
      followsReplacements: true,
      doc:
        "The machine's name, 1..128 characters. Defaults to the resource name plus a suffix fixed per stack, template,\n" +
        "region and NVLink, so that a replacement has a name of its own.",
    }),
    state: oneOf(["ready", "off"], {
      onChange: "update",
      default: "ready",
      shownAs: "state",
      declaredCopy: "declaredState",
      differs: stateDiffers,
      doc:
        'The power state to keep it in: `"ready"` (the default) or `"off"`. A machine stopped or started behind Pulumi\'s\n' +
        "back is brought back to it by the next `pulumi up` (after a `refresh` has seen it); with auto-shutdown enabled, a\n" +
        'machine declared `"ready"` that is found off is taken as shut down when idle, and left off.',
      output: {
        type: { kind: "string" },
        doc: "The machine's power state as the API last answered it (`ready`, `off`, `starting`, ...).",
      },
    }),
    startupScriptId: id({
      onChange: "update",
      doc: "A startup script to assign at create; changing it unassigns the old one and assigns the new one, in place.",
    }),
    publicIpType: oneOf(["static", "dynamic", "none"], {
      onChange: "update",
      keepsApiValue: true,
      shownAs: "publicIpType",
      doc: '`"static"`, `"dynamic"` or `"none"`. Unset: what Paperspace gives it.',
    }),
    networkId: id({
      onChange: "update",
      keepsApiValue: true,
      shownAs: (machine: ApiMachine) => machine.networkId ?? undefined,
      doc: "A private network to put it on. Unset: what Paperspace gives it.",
    }),
    autoShutdownEnabled: boolean({
      onChange: "update",
      keepsApiValue: true,
      shownAs: "autoShutdownEnabled",
      doc: "Shut it down after a while without activity, to cap the cost of an idle GPU (`state` then leaves it off).",
    }),
    autoShutdownTimeout: count({
      onChange: "update",
      min: 1,
      keepsApiValue: true,
      shownAs: "autoShutdownTimeout",
      doc: "Hours of inactivity before an auto-shutdown.",
    }),
    autoShutdownForce: boolean({
      onChange: "update",
      keepsApiValue: true,
      shownAs: "autoShutdownForce",
      doc: "Shut down even when someone is logged in.",
    }),
    autoSnapshotEnabled: boolean({
      onChange: "update",
      keepsApiValue: true,
      shownAs: "autoSnapshotEnabled",
      doc: "Take snapshots on a schedule.",
    }),
    autoSnapshotFrequency: oneOf(["hourly", "daily", "weekly", "monthly"], {
      onChange: "update",
      keepsApiValue: true,
      shownAs: "autoSnapshotFrequency",
      doc: '`"hourly"`, `"daily"`, `"weekly"` or `"monthly"`.',
    }),
    autoSnapshotSaveCount: count({
      onChange: "update",
      min: 1,
      keepsApiValue: true,
      shownAs: "autoSnapshotSaveCount",
      doc: "How many scheduled snapshots to keep.",
    }),
    restorePointEnabled: boolean({
      onChange: "update",
      keepsApiValue: true,
      shownAs: "restorePointEnabled",
      doc: "Go back to a restore point (`restorePointFrequency`).",
    }),
    restorePointFrequency: oneOf(["shutdown"], {
      onChange: "update",
      keepsApiValue: true,
      shownAs: "restorePointFrequency",
      doc: '`"shutdown"`: restore at each shutdown.',
    }),
    takeInitialSnapshot: boolean({
      onChange: "stored",
      default: false,
      doc: "Take a snapshot once the machine is made. Read at create only.",
    }),
    enableNvlink: boolean({
      onChange: "replace",
      default: false,
      doc: "Connect its GPUs with NVLink. Only a create sets it: changing it replaces the machine.",
    }),
    powerOffMachine: boolean({
      onChange: "stored",
      default: false,
      doc:
        "Stop a running machine for a change that needs it off (machine type, disk size), then bring it back to its declared\n" +
        "state. Without it (the default), such a change on a running machine fails before any change, saying what to do.",
    }),
  },
  wire: "Machine",
  copies: [
    "os",
    "cpus",
    "ram",
    "storageTotal",
    "storageUsed",
    "accelerators",
    "agentType",
    "publicIp",
    "privateIp",
    "usageRate",
    "storageRate",
    "restorePointSnapshotId",
    "updatesPending",
    "dtCreated",
    "dtModified",
  ],
  calls: {
    collection: "/machines",
    listedBy: ({ name }) => ({ name }),
    create: {
      body: (inputs) => ({
        name: inputs.name,
        machineType: inputs.machineType,
        templateId: inputs.templateId,
        diskSize: inputs.diskSize,
        region: inputs.region,
        startupScriptId: inputs.startupScriptId,
        startOnCreate: inputs.state === "ready",
        takeInitialSnapshot: inputs.takeInitialSnapshot,
        enableNvlink: inputs.enableNvlink,
        ...sent(Object.fromEntries(PUT_IN_PLACE.map((key) => [key, inputs[key]]))),
      }),
      waitsFor: { event: "create", on: (_inputs, machine) => machine.id },
      // Until its `create` event is done, a machine is provisioning.
      readAfter: true,
      made: (machine) => machine.state !== "provisioning",
    },
    // The machine still answers while its `deactivate` event runs.
    delete: { waitsFor: "deactivate" },
  },
  // In the order the API needs: a resize with the machine off, the settings, the startup script, the power state last.
  steps: [
    {
      name: "resize",
      applies: ["machineType", "diskSize"],
      carries: PUT_IN_PLACE,
      needs: offForResize,
      request: (api, machineId, values) => api.machines.update(machineId, sent(values)),
      waitsFor: ["vm-upgrade"],
      // Done once the machine is off again, with the type and disk it asked for.
      shows: (machine, { machineType, diskSize }) =>
        machine.state === "off" &&
        (machineType === undefined || machine.machineType === machineType) &&
        (diskSize === undefined || diskSizeOf(machine) === diskSize),
    },
    {
      name: "settings",
      applies: PUT_IN_PLACE,
      request: async (api, machineId, values) => (await api.machines.update(machineId, sent(values))).data,
    },
    {
      name: "startup script",
      applies: ["startupScriptId"],
      run: async (operation, machineId, { startupScriptId }, olds) => {
        if (olds.startupScriptId === startupScriptId) return undefined;
        if (olds.startupScriptId) await unassign(operation, olds.startupScriptId, machineId);
        if (startupScriptId) await operation.api.startupScripts.assign(startupScriptId, { machineId });
        return undefined;
      },
    },
    {
      // Without a change of state, the machine stays as it is (an idle one auto-shutdown stopped stays off).
      name: "power",
      applies: ["state"],
      waitsFor: ["start", "stop"],
      run: (operation, machineId, { state }) => powerTo(operation, machineId, state!),
    },
  ],
});
