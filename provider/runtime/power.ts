/**
 * Machine power for work that needs the machine off (templates, snapshot restores): with the resource's consent
 * (`powerOffMachine`), stop it, do the work, bring it back to the state it was in, also when the work fails; without
 * it, refuse a machine that is not off before any change.
 */
import type { PaperspaceClient } from "../api/client";
import { OperationTimeoutError, PaperspaceError, unlessNotFound } from "../api/errors";
import type { Machine, MachineState } from "../api/types";
import { type Effect, waitForEvent } from "../api/waiter";
import type { Operation } from "./declaration";

const RUNNING: MachineState[] = ["ready", "serviceready"];

/** The work was done but the machine could not be started again; `result` is what the work produced. */
export class RestartFailedError<T> extends PaperspaceError {
  constructor(
    readonly machineId: string,
    readonly result: T,
    cause: Error,
  ) {
    super(`Machine ${machineId} could not be started again (${cause.message}); start it by hand.`);
  }
}

/** A machine that is starting, stopping or restarting is waited for, not fought: polls until it settles. */
async function settled(
  api: PaperspaceClient,
  machineId: string,
  deadline: number,
  log: (line: string) => void = (line) => console.log(line),
): Promise<Machine> {
  let machine = await api.machines.get(machineId);
  let delay = 250;
  let said = false;
  while (machine.state !== "off" && !RUNNING.includes(machine.state)) {
    if (Date.now() >= deadline) {
      throw new OperationTimeoutError(`Timed out waiting for machine ${machineId} to settle; it is ${machine.state}.`);
    }
    if (!said) {
      log(`Waiting for machine ${machineId}, which is ${machine.state}, to settle`);
      said = true;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(0, deadline - Date.now()))));
    delay = Math.min(delay * 1.4, 10_000);
    machine = await api.machines.get(machineId);
  }
  return machine;
}

/** What work on a machine that must be off says of itself, for messages. */
interface OffWork {
  /** The resource's `powerOffMachine`. */
  consent: boolean;
  /** For progress: `custom template "golden"`. */
  what: string;
  /** For a refusal: what cannot be done (`make custom template ...`), the rule (`makes templates only from`), the work. */
  refusal: { doing: string; rule: string; work: string };
}

/** Runs `work` on a machine that must be off: stopped for it with consent, else refused unless it is off. */
export async function withMachineOff<T>(
  operation: Operation<unknown>,
  machineId: string,
  off: OffWork,
  work: () => Promise<T>,
): Promise<T> {
  if (off.consent) return whileOff(operation, machineId, off.what, work);
  const machine = await operation.api.machines.get(machineId);
  if (machine.state !== "off") {
    const { doing, rule, work: around } = off.refusal;
    throw new PaperspaceError(
      `Cannot ${doing}: the machine is ${machine.state}, and Paperspace ${rule} a machine that is off. ` +
        `Set \`powerOffMachine: true\` to have it stopped and started again around the ${around}, or stop it yourself, ` +
        "then run `pulumi up` again.",
    );
  }
  return work();
}

/**
 * Runs `work` with the machine off. A running machine is stopped first (waiting for its event) and started again
 * afterwards (waiting too), whether the work succeeded or failed; a machine that was off stays off.
 */
async function whileOff<T>(
  { api, deadline, context }: Operation<unknown>,
  machineId: string,
  what: string,
  work: () => Promise<T>,
): Promise<T> {
  const options = { deadline, what };
  // The provider process serves the whole deployment: its turns keep two resources of one machine from fighting.
  return context.machineTurns.take(machineId, async () => {
    const machine = await settled(api, machineId, options.deadline);
    const wasRunning = RUNNING.includes(machine.state);
    if (wasRunning) {
      console.log(
        `Stopping machine ${machineId} (${machine.state}) for ${options.what}; it is started again afterwards`,
      );
      const stop = await api.machines.stop(machineId);
      await waitForEvent(api, stop.event, {
        deadline: options.deadline,
        what: `machine ${machineId} to stop`,
        look: lookFor(api, machineId, "off"),
      });
    }
    let result: T;
    try {
      result = await work();
    } catch (failure) {
      if (wasRunning) {
        await start(api, machineId, options.deadline).catch((error: Error) => {
          throw new PaperspaceError(
            `${(failure as Error).message}; and machine ${machineId} could not be started again (${error.message}): start it by hand.`,
          );
        });
      }
      throw failure;
    }
    if (wasRunning) {
      try {
        await start(api, machineId, options.deadline);
      } catch (error) {
        throw new RestartFailedError(machineId, result, error as Error);
      }
    }
    return result;
  });
}

async function start(api: PaperspaceClient, machineId: string, deadline: number): Promise<void> {
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
 * Brings a machine to its declared power state: one that is starting, stopping or being made is waited for first, then
 * it is started or stopped as needed, waiting for the event. Answers the machine as it ends up.
 */
export async function powerTo(
  { api, deadline, context }: Operation<unknown>,
  machineId: string,
  target: "ready" | "off",
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
function lookFor(api: PaperspaceClient, machineId: string, target: "ready" | "off"): () => Promise<Effect> {
  return async () => {
    const machine = await unlessNotFound(api.machines.get(machineId));
    if (!machine) return "missing";
    return (target === "ready" ? isRunning(machine.state) : machine.state === "off") ? "made" : "pending";
  };
}

/** True for the states a machine declared `ready` may be in when it is (the agent may not be up yet). */
export function isRunning(state: MachineState): boolean {
  return RUNNING.includes(state);
}
