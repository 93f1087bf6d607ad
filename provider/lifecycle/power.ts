/**
 * Machine power: the work a resource does on a machine that must be off (a template, a restore, a machine's resize),
 * and a machine's declared power state. A machine that is starting, stopping or being made is waited for first, never
 * fought; power work on one machine takes turns across the provider process, so that two resources never fight over it.
 */
import type { PaperspaceClient } from "../api/client";
import { OperationTimeoutError, PaperspaceError, unlessNotFound } from "../api/errors";
import { poll } from "../api/poll";
import type { Machine, MachineState } from "../api/types";
import { type Effect, waitForEvent } from "../api/waiter";
import type { MachineOff, Operation } from "./declaration";
import { PartialCreateError } from "./errors";

const RUNNING: MachineState[] = ["ready", "serviceready"];

/** The power states a machine may be declared in. */
export type DeclaredState = "ready" | "off";

/** True for the states a machine declared `ready` may be in when it is (the agent may not be up yet). */
export function isRunning(state: MachineState): boolean {
  return RUNNING.includes(state);
}

/** The machine once it is off or running, polling while it is on its way (saying so once). */
function settled(api: PaperspaceClient, machineId: string, deadline: number): Promise<Machine> {
  let said = false;
  return poll({
    read: () => api.machines.get(machineId),
    settle: (machine) => (machine.state === "off" || isRunning(machine.state) ? machine : undefined),
    deadline,
    timedOut: (machine) =>
      new OperationTimeoutError(`Timed out waiting for machine ${machineId} to settle; it is ${machine.state}.`),
    pending: (machine) => {
      if (!said) console.log(`Waiting for machine ${machineId}, which is ${machine.state}, to settle`);
      said = true;
    },
  });
}

/**
 * Runs `work` on a machine that must be off (`needs`): one declared off is stopped first; with consent, a running one
 * is stopped for the work and started again afterwards; without it, one that is not off is refused before any change.
 */
export async function withMachineOff<I, T>(
  operation: Operation<I>,
  needs: MachineOff<I>,
  on: { id?: string; changes: Partial<I> },
  work: () => Promise<T>,
): Promise<T> {
  const { inputs, api } = operation;
  const machineId = needs.machine(inputs, on.id);
  if (needs.declaredOff?.(inputs)) await powerTo(operation, machineId, "off");
  if (needs.consent(inputs)) return whileOff(operation, machineId, needs.what(inputs), work);
  const machine = await api.machines.get(machineId);
  if (machine.state !== "off") {
    const { doing, rule, work: around } = needs.refusal(inputs, on.id, on.changes);
    throw new PaperspaceError(
      `Cannot ${doing}: the machine is ${machine.state}, and Paperspace ${rule} a machine that is off. ` +
        `Set \`powerOffMachine: true\` to have it stopped and started again around the ${around}, or stop it yourself, ` +
        "then run `pulumi up` again.",
    );
  }
  return work();
}

/**
 * Runs `work` with the machine off. A running machine is stopped first (waiting for its `stop` event) and started
 * again afterwards (waiting for `start`), whether the work succeeded or failed; a machine that was off stays off.
 */
async function whileOff<I, T>(
  { api, deadline, context }: Operation<I>,
  machineId: string,
  what: string,
  work: () => Promise<T>,
): Promise<T> {
  return context.machineTurns.take(machineId, async () => {
    const machine = await settled(api, machineId, deadline);
    const wasRunning = isRunning(machine.state);
    if (wasRunning) {
      console.log(`Stopping machine ${machineId} (${machine.state}) for ${what}; it is started again afterwards`);
      const stop = await api.machines.stop(machineId);
      await waitForEvent(api, stop.event, {
        deadline,
        what: `machine ${machineId} to stop`,
        look: lookFor(api, machineId, "off"),
      });
    }
    let result: T;
    try {
      result = await work();
    } catch (failure) {
      if (wasRunning) {
        await startAgain(api, machineId, deadline).catch((error: Error) => {
          throw new PaperspaceError(
            `${(failure as Error).message}; and machine ${machineId} could not be started again (${error.message}): start it by hand.`,
          );
        });
      }
      throw failure;
    }
    if (wasRunning) {
      try {
        await startAgain(api, machineId, deadline);
      } catch (error) {
        const message = `Machine ${machineId} could not be started again (${(error as Error).message}); start it by hand.`;
        throw new PartialCreateError(result, error as Error, message);
      }
    }
    return result;
  });
}

async function startAgain(api: PaperspaceClient, machineId: string, deadline: number): Promise<void> {
  const started = await api.machines.start(machineId);
  // Starting is given its own time: the machine must not be left off because the work used up the deadline.
  const until = Math.max(deadline, Date.now() + 10 * 60_000);
  await waitForEvent(api, started.event, {
    deadline: until,
    what: `machine ${machineId} to start again`,
    look: lookFor(api, machineId, "ready"),
  });
}

/**
 * Brings a machine to a declared power state: one on its way somewhere is waited for first, then it is started or
 * stopped as needed, waiting for the `start` or `stop` event. Answers the machine as it ends up.
 */
export async function powerTo<I>(
  { api, deadline, context }: Operation<I>,
  machineId: string,
  target: DeclaredState,
): Promise<Machine> {
  return context.machineTurns.take(machineId, async () => {
    const machine = await settled(api, machineId, deadline);
    const running = isRunning(machine.state);
    if ((target === "ready") === running) return machine;
    console.log(
      `${running ? "Stopping" : "Starting"} machine ${machineId} (${machine.state}): it is declared ${target}`,
    );
    const { event } = running ? await api.machines.stop(machineId) : await api.machines.start(machineId);
    await waitForEvent(api, event, {
      deadline,
      what: `machine ${machineId} to be ${target}`,
      look: lookFor(api, machineId, target),
    });
    return settled(api, machineId, deadline);
  });
}

/** Whether a machine shows a power event done: in the state it was to reach (running, for `ready`), or gone. */
function lookFor(api: PaperspaceClient, machineId: string, target: DeclaredState): () => Promise<Effect> {
  return async () => {
    const machine = await unlessNotFound(api.machines.get(machineId));
    if (!machine) return "missing";
    return (target === "ready" ? isRunning(machine.state) : machine.state === "off") ? "made" : "pending";
  };
}
