import { DISK_SIZES, GIB, MACHINE_TYPES, OS_TEMPLATES, REGIONS, regionCode } from "../catalog";
import { apiError } from "../errors";
import type { Handlers, RequestContext } from "../handler";
import { pageOfIndex } from "../pagination";
import type { MachineEventRecord, MachineRecord, MachineState } from "../store";
import { networkAllowed, publicNetworkId } from "./account";
import { findOr404, listPage, machineOr404, readOr404, repeatsItems, validateName, visible } from "./common";

export const viewMachine = (machine: MachineRecord) => visible(machine, "templateId");
export const viewEvent = (event: MachineEventRecord) => visible(event, "plan");

const RUNNING: MachineState[] = ["ready", "serviceready"];

/** An OS template, or one of the team's custom templates. */
function templateOf(context: RequestContext, templateId: string) {
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

/** A power operation: checks the state it needs, moves the machine, starts the event. */
function power(
  name: "start" | "stop" | "restart",
  allowed: MachineState[],
  during: MachineState,
): (context: RequestContext) => unknown {
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

export const machineHandlers = {
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
    return listPage(context, "machines", keep, viewMachine, sortKeys);
  },

  /**
   * From an OS template or one of the team's custom templates; `provisioning` until its `create` event is done, then
   * `ready`, or `off` when `startOnCreate` is false.
   */
  "machines-create": (context) => {
    const { state, team, body } = context;
    if (body.name.trim() === "") throw apiError.badRequest("name must not be empty", "name");
    validateName(body.name);
    const template = templateOf(context, body.templateId);
    if (!template) throw apiError.badRequest(`templateId: no template ${body.templateId}`, "templateId");
    checkMachineType(body.machineType, availableTypes(template));
    const region = regionCode(body.region);
    if (!region) {
      const known = Object.entries(REGIONS).map(([code, display]) => `${code} (${display})`);
      throw apiError.badRequest(`region must be one of ${known.join(", ")}, got ${body.region}`, "region");
    }
    checkDiskSize(body.diskSize);
    if (template.defaultSizeGb && body.diskSize < template.defaultSizeGb) {
      throw apiError.badRequest(`diskSize must be at least the template's ${template.defaultSizeGb} GB`, "diskSize");
    }
    if (body.networkId !== undefined && !networkAllowed(team, region, body.networkId)) {
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
    const machine = state.addMachine(team.id, {
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
      subjectId: body.takeInitialSnapshot ? state.newId("snapshot") : undefined,
    });
    return { data: viewMachine(machine), event: viewEvent(event) };
  },

  "machines-get": (context) => viewMachine(readOr404(context, "machines", context.params.id, "Machine")),

  /**
   * Settings change at once, with no event. A resize (machine type, disk size) needs the machine off, only grows the
   * disk, and runs as a `vm-upgrade` event: the machine is `upgrading`, then `off` with its new size.
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
    if (settings.networkId !== undefined && !networkAllowed(team, machine.region, settings.networkId)) {
      throw apiError.badRequest(
        `networkId: no network ${settings.networkId} of the team in ${machine.region}`,
        "networkId",
      );
    }
    const changed = { ...machine, ...definedOnly(settings), dtModified: state.now() };
    if (settings.publicIpType === "none") changed.publicIp = null;
    else if (settings.publicIpType && machine.publicIp === null)
      changed.publicIp = `184.105.${machine.privateIp?.slice(5)}`;
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

  /**
   * Paged from the events' index, so a page costs the same however long the team's history. Each event listed counts
   * as read, as by `GET /machine-events/{id}` (an event done at its n-th read may be seen done in a list).
   */
  "machineEvents-list": (context) => {
    const { state, team, query } = context;
    const positions = state.eventPositions(team.id, query.machineId);
    const fetch = (id: string) => viewEvent(state.events.observe(state.store.machineEvents.get(team.id, id)!));
    return pageOfIndex(positions, query, fetch, repeatsItems(context));
  },

  "machineEvents-get": ({ state, team, params }) => {
    const event = findOr404(state.store.machineEvents, team.id, params.id, "Machine event");
    return viewEvent(state.events.observe(event));
  },
} satisfies Partial<Handlers>;

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
