import type * as pulumi from "@pulumi/pulumi";
import { BadRequestError, PaperspaceError } from "../api/errors";
import type {
  StartupScriptAssignmentInputs,
  StartupScriptAssignmentOutputs,
} from "../resources/startupScriptAssignment";
import { COMMON_KEYS, type CheckFailure, checkId, checkTimeouts, isUnknown, typeOf, unknownProperties } from "./check";
import { client, plain, settingsChanged, unlessNotFound } from "./common";
import { MINUTE, deadline } from "./timeouts";

export const TIMEOUTS = { create: 5 * MINUTE, update: 5 * MINUTE, delete: 5 * MINUTE };

const INPUT_KEYS = ["startupScriptId", "machineId", ...COMMON_KEYS];

/** The assignment's id: both ids, so that one can be adopted by naming the pair. */
export const assignmentId = (startupScriptId: string, machineId: string) => `${startupScriptId}/${machineId}`;

export async function check(
  _olds: Partial<StartupScriptAssignmentInputs>,
  news: Partial<StartupScriptAssignmentInputs>,
): Promise<pulumi.dynamic.CheckResult<StartupScriptAssignmentInputs>> {
  const failures: CheckFailure[] = [
    ...unknownProperties(news, INPUT_KEYS),
    ...checkId(news.startupScriptId, "startupScriptId"),
    ...checkId(news.machineId, "machineId"),
    ...checkTimeouts(news.timeouts),
  ];
  const { adoptId, startupScriptId, machineId } = news;
  if (adoptId !== undefined && typeof adoptId !== "string") {
    failures.push({ property: "adoptId", reason: `must be "<startupScriptId>/<machineId>", got ${typeOf(adoptId)}` });
  } else if (
    failures.length === 0 &&
    typeof adoptId === "string" &&
    !isUnknown(adoptId) &&
    !isUnknown(startupScriptId) &&
    !isUnknown(machineId) &&
    adoptId !== assignmentId(startupScriptId as string, machineId as string)
  ) {
    failures.push({
      property: "adoptId",
      reason: `must be "<startupScriptId>/<machineId>", here "${assignmentId(startupScriptId as string, machineId as string)}"`,
    });
  }
  if (failures.length > 0) return { failures };
  return { inputs: plain({ ...news }) as StartupScriptAssignmentInputs };
}

/** Every change replaces the assignment; only a change of timeouts is stored in place. */
export async function diff(
  _id: string,
  olds: StartupScriptAssignmentOutputs,
  news: StartupScriptAssignmentInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const replaces = (["startupScriptId", "machineId"] as const).filter(
    (key) => isUnknown(news[key]) || news[key] !== olds[key],
  );
  return { changes: replaces.length > 0 || settingsChanged(olds, news), replaces, deleteBeforeReplace: false };
}

/** Assigning is idempotent, so adopting an assignment is the same as making it. */
export async function create(
  inputs: StartupScriptAssignmentInputs,
): Promise<pulumi.dynamic.CreateResult<StartupScriptAssignmentOutputs>> {
  const api = client(deadline(inputs.timeouts, "create", TIMEOUTS));
  const { startupScriptId, machineId } = inputs;
  const script = await api.startupScripts.assign(startupScriptId, { machineId });
  if (!script.assignedMachineIds.includes(machineId)) {
    throw new PaperspaceError(`Assigning startup script ${startupScriptId} to machine ${machineId} did not take.`);
  }
  return { id: assignmentId(startupScriptId, machineId), outs: outputs(inputs) };
}

export async function read(
  id: string,
  props: StartupScriptAssignmentOutputs,
): Promise<pulumi.dynamic.ReadResult<StartupScriptAssignmentOutputs>> {
  const script = await unlessNotFound(client().startupScripts.get(props.startupScriptId));
  if (!script || !script.assignedMachineIds.includes(props.machineId)) return {};
  return { id, props: outputs(props), inputs: outputs(props) };
}

export async function update(
  _id: string,
  _olds: StartupScriptAssignmentOutputs,
  news: StartupScriptAssignmentInputs,
): Promise<pulumi.dynamic.UpdateResult<StartupScriptAssignmentOutputs>> {
  return { outs: outputs(news) };
}

/** Unassigning what is no longer assigned (or whose script is gone) is done already. */
export async function remove(_id: string, props: StartupScriptAssignmentOutputs): Promise<void> {
  const api = client(deadline(props.timeouts, "delete", TIMEOUTS));
  try {
    await unlessNotFound(api.startupScripts.unassign(props.startupScriptId, { machineId: props.machineId }));
  } catch (error) {
    if (!(error instanceof BadRequestError)) throw error;
    const script = await unlessNotFound(api.startupScripts.get(props.startupScriptId));
    if (script?.assignedMachineIds.includes(props.machineId)) throw error;
  }
}

function outputs(inputs: StartupScriptAssignmentInputs): StartupScriptAssignmentOutputs {
  return plain({ ...inputs, __provider: undefined });
}
