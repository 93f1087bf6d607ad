import { apiError } from "../errors";
import type { Handlers, RequestContext } from "../handler";
import { paginate } from "../pagination";
import type { MachineEventRecord, MachineRecord, MachineState } from "../store";
import { findOr404, machineOr404, visible } from "./common";

export const viewMachine = (machine: MachineRecord) => visible(machine);
export const viewEvent = (event: MachineEventRecord) => visible(event, "plan");

const RUNNING: MachineState[] = ["ready", "serviceready"];

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
  "machines-list": ({ state, team, query }) => {
    const items = state.store.machines
      .list(team.id)
      .filter(
        (m) =>
          (query.name === undefined || m.name === query.name) &&
          (query.region === undefined || m.region === query.region) &&
          (query.agentType === undefined || m.agentType === query.agentType) &&
          (query.machineType === undefined || m.machineType === query.machineType),
      );
    const page = paginate(
      items,
      query,
      { dtCreated: (m) => m.dtCreated, name: (m) => m.name, state: (m) => m.state },
      "dtCreated",
    );
    return { ...page, items: page.items.map(viewMachine) };
  },

  "machines-get": (context) => viewMachine(machineOr404(context, context.params.id)),

  "machines-start": power("start", ["off"], "starting"),
  "machines-stop": power("stop", RUNNING, "stopping"),
  "machines-restart": power("restart", RUNNING, "restarting"),

  "machineEvents-list": ({ state, team, query }) => {
    const items = state.store.machineEvents
      .list(team.id)
      .filter((event) => query.machineId === undefined || event.machineId === query.machineId);
    const page = paginate(items, query, { dtCreated: (e) => e.dtCreated }, "dtCreated");
    return { ...page, items: page.items.map(viewEvent) };
  },

  "machineEvents-get": ({ state, team, params }) => {
    const event = findOr404(state.store.machineEvents, team.id, params.id, "Machine event");
    return viewEvent(state.events.observe(event));
  },
} satisfies Partial<Handlers>;
