/**
 * Machines: made from an OS template or a custom template through a `create` event, resized through `vm-upgrade`,
 * started, stopped and restarted, deleted through `deactivate`, which takes their snapshots and accessors with them.
 */
import type { FastifyInstance } from "fastify";
import { type Machine, type MachineState, machineStateValues } from "../../contract/paperspace-api";
import { DISK_SIZES, GIB, MACHINE_TYPES, OS_TEMPLATES } from "../catalog";
import type { Collection, Owned, Team } from "../collection";
import { EmulatorError, apiError } from "../errors";
import type { MachineEventRecord } from "../events";
import type { RequestContext } from "../handler";
import type { Kind, KindState } from "../kind";
import { findOr404, listPage, readOr404, regionOr400, validateName, visible } from "../kindHelpers";
import type { CustomTemplateRecord } from "./customTemplates";
import type { MachineAccessorRecord } from "./machineAccessors";
import { viewEvent } from "./machineEvents";
import { type PrivateNetworkRecord, networkAllowed, publicNetworkId } from "./privateNetworks";
import { type PublicIpRecord, detachIp } from "./publicIps";
import type { SnapshotRecord } from "./snapshots";
import type { StartupScriptRecord } from "./startupScripts";

/** The emulator also keeps which template a machine was made from (the API's object does not say). */
export type MachineRecord = Machine & Owned & { templateId?: string | null };

/** The machine states of the contract, in its order. */
export const MACHINE_STATES: readonly MachineState[] = machineStateValues;

/** A seeded machine: its name, and its state (`off` unless told otherwise). */
export interface SeedMachine {
  name: string;
  state?: MachineState;
}

/** A machine to add: a seeded one's name and state, or everything a create request said. */
export type MachineSpec = SeedMachine &
  Partial<
    Pick<
      MachineRecord,
      | "machineType"
      | "region"
      | "os"
      | "agentType"
      | "networkId"
      | "publicIpType"
      | "autoShutdownEnabled"
      | "autoShutdownForce"
      | "autoShutdownTimeout"
      | "autoSnapshotEnabled"
      | "autoSnapshotFrequency"
      | "autoSnapshotSaveCount"
      | "restorePointEnabled"
      | "restorePointFrequency"
      | "templateId"
    >
  > & { diskSizeGb?: number };

/**
 * Machines are made from templates, on a network, take a startup script, leave snapshots, have accessors and may
 * have a public IP; when they go, they take their snapshots and accessors with them and leave the script and the IP.
 */
export type State = KindState<
  {
    machines: Collection<MachineRecord>;
    customTemplates: Collection<CustomTemplateRecord>;
    startupScripts: Collection<StartupScriptRecord>;
    snapshots: Collection<SnapshotRecord>;
    privateNetworks: Collection<PrivateNetworkRecord>;
    publicIps: Collection<PublicIpRecord>;
    machineAccessors: Collection<MachineAccessorRecord>;
  },
  "create" | "deactivate" | "vm-upgrade" | "start" | "stop" | "restart"
>;

type Context = RequestContext<unknown, unknown, State>;

export const viewMachine = (machine: MachineRecord) => visible(machine, "templateId");

/** The machine's own public address, drawn from its id when it was made (as its private one is). */
const ownPublicIp = (machine: MachineRecord) => `184.105.${machine.privateIp?.slice(5)}`;

/**
 * A new machine: a seeded one (an A4000 in ny2 with a 50 GB Ubuntu disk, unless told otherwise), or one a create
 * request asked for, with its settings.
 */
export function addMachine(state: State, teamId: string, spec: MachineSpec): MachineRecord {
  const now = state.now();
  const id = state.newId("machines");
  const machineType = spec.machineType ?? "A4000";
  const { cpus, ramGb, gpu, usageRate } = MACHINE_TYPES[machineType] ?? MACHINE_TYPES.A4000;
  const publicIpType = spec.publicIpType ?? "dynamic";
  const address = `${parseInt(id.slice(-4), 36) % 250}.${parseInt(id.slice(-2), 36) % 250}`;
  return state.store.machines.put({
    id,
    teamId,
    name: spec.name,
    state: spec.state ?? "off",
    agentType: spec.agentType ?? "LinuxHeadless",
    accelerators: gpu ? [{ name: gpu.name, memory: gpu.memoryGb * GIB, count: 1 }] : null,
    autoShutdownEnabled: spec.autoShutdownEnabled ?? false,
    autoShutdownForce: spec.autoShutdownForce ?? null,
    autoShutdownTimeout: spec.autoShutdownTimeout ?? null,
    autoSnapshotEnabled: spec.autoSnapshotEnabled ?? false,
    autoSnapshotFrequency: spec.autoSnapshotFrequency ?? null,
    autoSnapshotSaveCount: spec.autoSnapshotSaveCount ?? null,
    cpus,
    dtCreated: now,
    dtDeleted: null,
    dtModified: now,
    machineType,
    networkId: spec.networkId ?? publicNetworkId(teamId, spec.region ?? "ny2"),
    os: spec.os ?? "Ubuntu 22.04",
    privateIp: `10.0.${address}`,
    publicIp: publicIpType === "none" ? null : `184.105.${address}`,
    publicIpType,
    ram: ramGb * GIB,
    region: spec.region ?? "ny2",
    reservation: null,
    restorePointEnabled: spec.restorePointEnabled ?? false,
    restorePointFrequency: spec.restorePointFrequency ?? null,
    restorePointSnapshotId: null,
    storageRate: 0.29,
    storageTotal: (spec.diskSizeGb ?? 50) * GIB,
    storageUsed: 12 * GIB,
    updatesPending: false,
    usageRate,
    templateId: spec.templateId ?? null,
  });
}

/**
 * Deletes a machine with its snapshots and accessors, unassigns the scripts assigned to it, and leaves its public IP
 * claimed and assigned to none; its events stay as history.
 */
function removeMachine(state: State, teamId: string, machineId: string): MachineRecord | undefined {
  const { store } = state;
  const machine = store.machines.delete(teamId, machineId);
  if (!machine) return undefined;
  for (const snapshot of store.snapshots.list(teamId)) {
    if (snapshot.machineId === machineId) store.snapshots.delete(teamId, snapshot.id);
  }
  for (const accessor of store.machineAccessors.list(teamId)) {
    if (accessor.machineId === machineId) store.machineAccessors.delete(teamId, accessor.id);
  }
  detachIp(store.publicIps, teamId, machineId);
  for (const script of store.startupScripts.list(teamId)) {
    if (script.assignedMachineIds.includes(machineId)) {
      const assignedMachineIds = script.assignedMachineIds.filter((id) => id !== machineId);
      store.startupScripts.put({ ...script, assignedMachineIds });
    }
  }
  return machine;
}

function setMachineState(state: State, event: MachineEventRecord, to: MachineState | null, now: string): void {
  const machine = event.machineId ? state.store.machines.get(event.teamId, event.machineId) : undefined;
  if (machine && to) state.store.machines.put({ ...machine, state: to, dtModified: now });
}

/** A failed power event or resize puts the machine back where it was. */
const putBack = (state: State, event: MachineEventRecord, now: string) =>
  setMachineState(state, event, event.plan.machineStateBefore, now);

/** A new machine is ready (or off when not started on create), with its initial snapshot when one was asked for. */
function machineMade(state: State, event: MachineEventRecord, now: string): void {
  setMachineState(state, event, event.plan.machineStateAfter ?? "ready", now);
  const machine = event.machineId ? state.store.machines.get(event.teamId, event.machineId) : undefined;
  if (machine && event.plan.initialSnapshot && event.plan.subjectId) {
    state.store.snapshots.put({
      id: event.plan.subjectId,
      teamId: event.teamId,
      name: `${machine.name} (initial)`,
      machineId: machine.id,
      isAutoSnapshot: false,
      dtCreated: now,
    });
  }
}

/** A resize applies its changes when done, and leaves the machine off. */
function machineResized(state: State, event: MachineEventRecord, now: string): void {
  const machine = event.machineId ? state.store.machines.get(event.teamId, event.machineId) : undefined;
  if (!machine) return;
  const after = event.plan.machineStateAfter ?? "off";
  state.store.machines.put({ ...machine, ...event.plan.machineChanges, state: after, dtModified: now });
}

const RUNNING: MachineState[] = ["ready", "serviceready"];

/** An OS template, or one of the team's custom templates. */
function templateOf(context: Context, templateId: string) {
  return (
    OS_TEMPLATES.find((t) => t.id === templateId) ??
    context.state.store.customTemplates.get(context.team.id, templateId)
  );
}

/** The machine types a template may run on. */
function availableTypes(template: NonNullable<ReturnType<typeof templateOf>>): string[] {
  return template.availableMachineTypes.filter((t) => t.isAvailable).map((t) => t.machineTypeLabel);
}

function checkMachineType(machineType: string, available: string[]): void {
  if (!available.includes(machineType) || !(machineType in MACHINE_TYPES)) {
    throw apiError.badRequest(
      `machineType ${machineType} is not available for this template (available: ${available.join(", ")})`,
      "machineType",
    );
  }
}

function checkDiskSize(diskSize: number): void {
  if (!DISK_SIZES.includes(diskSize)) {
    throw apiError.badRequest(`diskSize must be one of ${DISK_SIZES.join(", ")} (GB), got ${diskSize}`, "diskSize");
  }
}

function machineOr404(context: Context, machineId: string): MachineRecord {
  return findOr404(context.state.store.machines, context.team.id, machineId, "Machine");
}

/** A power operation: checks the state it needs, moves the machine, starts the event. */
function power(
  name: "start" | "stop" | "restart",
  allowed: MachineState[],
  during: MachineState,
): (context: Context) => unknown {
  return (context) => {
    const machine = machineOr404(context, context.params.id);
    if (!allowed.includes(machine.state)) {
      throw apiError.badRequest(
        `Cannot ${name} machine ${machine.id}: it is ${machine.state} (needs ${allowed.join(" or ")})`,
      );
    }
    const { state, team } = context;
    const moved = state.store.machines.put({ ...machine, state: during, dtModified: state.now() });
    const event = state.startEvent(team.id, name, machine.id, context.eventOutcome, {
      machineStateBefore: machine.state,
    });
    return { data: viewMachine(moved), event: viewEvent(event) };
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The machine fields the live API sends as strings, though the contract types them as numbers. */
const STRING_NUMBER_FIELDS = ["ram", "storageTotal", "storageUsed"];

/** A machine (the one object of the API with a `machineType`) as the live API sends it: those fields and its GPUs' memory as text. */
function liveForm(object: Record<string, unknown>): void {
  if (!("machineType" in object)) return;
  const asText = (value: unknown) => (typeof value === "number" ? String(value) : value);
  for (const key of STRING_NUMBER_FIELDS) object[key] = asText(object[key]);
  if (Array.isArray(object.accelerators)) {
    object.accelerators = object.accelerators.map((gpu: Record<string, unknown>) => ({
      ...gpu,
      memory: asText(gpu.memory),
    }));
  }
}

export const machines = {
  collection: "machines",
  ids: { name: "machine", prefix: "ps", length: 10 },
  view: viewMachine,
  controlView: viewMachine,
  events: {
    // A machine whose create fails is not left behind.
    create: {
      durations: { fast: 50, realistic: 120_000 },
      onDone: machineMade,
      onFailed: (state, event) => void (event.machineId && removeMachine(state, event.teamId, event.machineId)),
    },
    deactivate: {
      durations: { fast: 50, realistic: 20_000 },
      onDone: (state, event) =>
        event.machineId && state.deleted("machines", removeMachine(state, event.teamId, event.machineId)),
    },
    "vm-upgrade": { durations: { fast: 50, realistic: 60_000 }, onDone: machineResized, onFailed: putBack },
    start: {
      durations: { fast: 50, realistic: 25_000 },
      onDone: (state, event, now) => setMachineState(state, event, "ready", now),
      onFailed: putBack,
    },
    stop: {
      durations: { fast: 50, realistic: 15_000 },
      onDone: (state, event, now) => setMachineState(state, event, "off", now),
      onFailed: putBack,
    },
    restart: {
      durations: { fast: 50, realistic: 35_000 },
      onDone: (state, event, now) => setMachineState(state, event, "ready", now),
      onFailed: putBack,
    },
  },
  quirks: { deleteLag: "sets dtDeleted" },
  liveForm,
  routes: {
    "machines-list": (context) => {
      const { query } = context;
      const keep = (m: MachineRecord) =>
        (query.name === undefined || m.name === query.name) &&
        (query.region === undefined || m.region === query.region) &&
        (query.agentType === undefined || m.agentType === query.agentType) &&
        (query.machineType === undefined || m.machineType === query.machineType);
      const sortKeys = {
        dtCreated: (m: MachineRecord) => m.dtCreated,
        name: (m: MachineRecord) => m.name,
        state: (m: MachineRecord) => m.state,
      };
      return listPage(context, context.state.store.machines, keep, viewMachine, sortKeys);
    },

    /**
     * From an OS template or one of the team's custom templates; `provisioning` until its `create` event is done,
     * then `ready`, or `off` when `startOnCreate` is false.
     */
    "machines-create": (context) => {
      const { state, team, body } = context;
      if (body.name.trim() === "") throw apiError.badRequest("name must not be empty", "name");
      validateName(body.name);
      const template = templateOf(context, body.templateId);
      if (!template) throw apiError.badRequest(`templateId: no template ${body.templateId}`, "templateId");
      checkMachineType(body.machineType, availableTypes(template));
      const region = regionOr400(body.region);
      checkDiskSize(body.diskSize);
      if (template.defaultSizeGb && body.diskSize < template.defaultSizeGb) {
        throw apiError.badRequest(`diskSize must be at least the template's ${template.defaultSizeGb} GB`, "diskSize");
      }
      if (
        body.networkId !== undefined &&
        !networkAllowed(state.store.privateNetworks, team.id, region, body.networkId)
      ) {
        throw apiError.badRequest(`networkId: no network ${body.networkId} of the team in ${region}`, "networkId");
      }
      const script = body.startupScriptId ? state.store.startupScripts.get(team.id, body.startupScriptId) : undefined;
      if (body.startupScriptId && !script) {
        throw apiError.badRequest(`startupScriptId: no startup script ${body.startupScriptId}`, "startupScriptId");
      }
      if (context.noCapacity) {
        throw apiError.badRequest(
          `No capacity for machine type ${body.machineType} in region ${region} right now; try another region or type`,
          "machineType",
        );
      }
      const machine = addMachine(state, team.id, {
        ...body,
        state: "provisioning",
        region,
        networkId: body.networkId ?? publicNetworkId(team.id, region),
        diskSizeGb: body.diskSize,
        os: template.operatingSystemLabel,
        agentType: template.agentType,
        templateId: body.templateId,
      });
      if (script) {
        state.store.startupScripts.put({ ...script, assignedMachineIds: [...script.assignedMachineIds, machine.id] });
      }
      const event = state.startEvent(team.id, "create", machine.id, context.eventOutcome, {
        machineStateAfter: body.startOnCreate === false ? "off" : "ready",
        initialSnapshot: body.takeInitialSnapshot ?? false,
        subjectId: body.takeInitialSnapshot ? state.newId("snapshots") : undefined,
      });
      return { data: viewMachine(machine), event: viewEvent(event) };
    },

    "machines-get": (context) =>
      viewMachine(readOr404(context, context.state.store.machines, context.params.id, "Machine")),

    /**
     * Settings change at once, with no event. A resize (machine type, disk size) needs the machine off, only grows
     * the disk, and runs as a `vm-upgrade` event: the machine is `upgrading`, then `off` with its new size.
     */
    "machines-update": (context) => {
      const { state, team, body } = context;
      const machine = machineOr404(context, context.params.id);
      validateName(body.name);
      const { machineType, diskSize, ...settings } = body;
      const resizing =
        (machineType !== undefined && machineType !== machine.machineType) ||
        (diskSize !== undefined && diskSize * GIB !== machine.storageTotal);
      if (resizing) {
        if (machine.state !== "off") {
          throw apiError.badRequest(`Machine ${machine.id} must be off to be resized; it is ${machine.state}`);
        }
        if (diskSize !== undefined) {
          checkDiskSize(diskSize);
          if (diskSize * GIB < machine.storageTotal) {
            const current = machine.storageTotal / GIB;
            throw apiError.badRequest(`diskSize can only grow: the disk is ${current} GB, got ${diskSize}`, "diskSize");
          }
        }
        if (machineType !== undefined) {
          const template = machine.templateId ? templateOf(context, machine.templateId) : undefined;
          checkMachineType(machineType, template ? availableTypes(template) : Object.keys(MACHINE_TYPES));
        }
      }
      if (
        settings.networkId !== undefined &&
        !networkAllowed(state.store.privateNetworks, team.id, machine.region, settings.networkId)
      ) {
        throw apiError.badRequest(
          `networkId: no network ${settings.networkId} of the team in ${machine.region}`,
          "networkId",
        );
      }
      const changed = { ...machine, ...definedOnly(settings), dtModified: state.now() };
      // A machine shows the IP assigned to it as its static address: asked for another kind, it gives the IP up.
      const ipTakenOff =
        settings.publicIpType !== undefined &&
        settings.publicIpType !== "static" &&
        detachIp(state.store.publicIps, team.id, machine.id);
      if (settings.publicIpType === "none") changed.publicIp = null;
      else if (settings.publicIpType && (machine.publicIp === null || ipTakenOff))
        changed.publicIp = ownPublicIp(machine);
      if (!resizing) return { data: viewMachine(state.store.machines.put(changed)) };
      const upgrading = state.store.machines.put({ ...changed, state: "upgrading" });
      const size = MACHINE_TYPES[machineType ?? machine.machineType];
      const event = state.startEvent(team.id, "vm-upgrade", machine.id, context.eventOutcome, {
        machineStateBefore: "off",
        machineStateAfter: "off",
        machineChanges: {
          machineType: machineType ?? machine.machineType,
          storageTotal: diskSize !== undefined ? diskSize * GIB : machine.storageTotal,
          cpus: size.cpus,
          ram: size.ramGb * GIB,
          usageRate: size.usageRate,
        },
      });
      return { data: viewMachine(upgrading), event: viewEvent(event) };
    },

    /** Through a `deactivate` event; when it is done, the machine answers 404 and its snapshots are gone. */
    "machines-delete": (context) => {
      const machine = machineOr404(context, context.params.id);
      const event = context.state.startEvent(context.team.id, "deactivate", machine.id, context.eventOutcome);
      return { data: viewMachine(machine), event: viewEvent(event) };
    },

    "machines-start": power("start", ["off"], "starting"),
    "machines-stop": power("stop", RUNNING, "stopping"),
    "machines-restart": power("restart", RUNNING, "restarting"),
  },
  controlRoutes: registerMachineControls,
} as const satisfies Kind<State>;

/** The control API's machines: made, moved and deleted as the platform (or the console) would. */
function registerMachineControls(app: FastifyInstance, state: State): void {
  /** A new machine, in the team of `apiKey` (else the default team), answered as `GET /machines/{id}` would. */
  app.post<{ Body: { name?: unknown; state?: unknown; apiKey?: unknown } }>("/_emulator/machines", async (request) => {
    const body = request.body ?? {};
    if (typeof body.name !== "string" || body.name.length === 0) throw apiError.badRequest("name is required", "name");
    const team = teamOf(state, body.apiKey);
    return viewMachine(addMachine(state, team.id, { name: body.name, state: machineState(body.state ?? "off") }));
  });

  /** Sets a machine's state, as if the platform had moved it. */
  app.patch<{ Params: { id: string }; Body: { state?: unknown } }>("/_emulator/machines/:id", async (request) => {
    const found = findMachine(state, request.params.id);
    const next = machineState(request.body?.state);
    return viewMachine(state.store.machines.put({ ...found, state: next, dtModified: state.now() }));
  });

  /** Deletes a machine at once, as a finished `deactivate` would: its snapshots go with it. */
  app.delete<{ Params: { id: string } }>("/_emulator/machines/:id", async (request) => {
    const found = findMachine(state, request.params.id);
    const machine = removeMachine(state, found.teamId, found.id);
    state.deleted("machines", machine);
    return viewMachine(machine ?? found);
  });
}

function machineState(value: unknown): MachineState {
  if (typeof value === "string" && MACHINE_STATES.includes(value as MachineState)) return value as MachineState;
  throw apiError.badRequest(`state must be one of ${MACHINE_STATES.join(", ")}`, "state");
}

function teamOf(state: State, apiKey: unknown): Team {
  if (apiKey === undefined) return state.store.teams()[0];
  const team = typeof apiKey === "string" ? state.store.teamForKey(apiKey) : undefined;
  if (!team) throw new EmulatorError("BAD_REQUEST", "apiKey belongs to no team", { field: "apiKey" });
  return team;
}

/** A machine of any team. */
function findMachine(state: State, id: string): MachineRecord {
  for (const team of state.store.teams()) {
    const machine = state.store.machines.get(team.id, id);
    if (machine) return machine;
  }
  throw apiError.notFound(`Machine ${id}`);
}
