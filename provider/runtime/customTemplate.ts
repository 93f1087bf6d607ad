import type * as pulumi from "@pulumi/pulumi";
import type { PaperspaceClient } from "../api/client";
import { EventFailedError, PaperspaceError } from "../api/errors";
import type { AsyncResult, CustomTemplate as ApiTemplate } from "../api/types";
import { waitForEvent } from "../api/waiter";
import type { CustomTemplateInputs, CustomTemplateOutputs } from "../resources/customTemplate";
import {
  COMMON_KEYS,
  type CheckFailure,
  checkId,
  checkNameOrAutoName,
  checkTimeouts,
  isUnknown,
  unknownProperties,
} from "./check";
import { client, createOnce, madeSince, plain, recentEvent, timeoutsChanged, unlessNotFound } from "./common";
import { MINUTE, deadline } from "./timeouts";

/** Templates can take many minutes to make. */
export const TIMEOUTS = { create: 60 * MINUTE, update: 5 * MINUTE, delete: 10 * MINUTE };

const INPUT_KEYS = ["machineId", "name", "autoName", ...COMMON_KEYS];

export async function check(
  _olds: Partial<CustomTemplateInputs>,
  news: Partial<CustomTemplateInputs>,
): Promise<pulumi.dynamic.CheckResult<CustomTemplateInputs>> {
  const failures: CheckFailure[] = [
    ...unknownProperties(news, INPUT_KEYS),
    ...checkId(news.machineId, "machineId"),
    ...checkNameOrAutoName(news),
    ...checkId(news.adoptId, "adoptId", { required: false }),
    ...checkTimeouts(news.timeouts),
  ];
  if (failures.length > 0) return { failures };
  return {
    inputs: plain({ ...news, machineId: news.machineId as string, name: news.name ?? (news.autoName as string) }),
  };
}

export async function diff(
  _id: string,
  olds: CustomTemplateOutputs,
  news: CustomTemplateInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const replaces = isUnknown(news.machineId) || news.machineId !== olds.machineId ? ["machineId"] : [];
  const updates = isUnknown(news.name) || news.name !== olds.name || timeoutsChanged(olds, news);
  return { changes: replaces.length > 0 || updates, replaces, deleteBeforeReplace: false };
}

const describe = (inputs: CustomTemplateInputs) => `custom template "${inputs.name}" from machine ${inputs.machineId}`;

export async function create(
  inputs: CustomTemplateInputs,
): Promise<pulumi.dynamic.CreateResult<CustomTemplateOutputs>> {
  const until = deadline(inputs.timeouts, "create", TIMEOUTS);
  const api = client(until);
  if (inputs.adoptId) return adopt(api, inputs);

  const machine = await api.machines.get(inputs.machineId);
  if (machine.state !== "off") {
    throw new PaperspaceError(
      `Cannot make ${describe(inputs)}: the machine is ${machine.state}, and Paperspace makes templates only from ` +
        "a machine that is off. Stop it (`pspace machine stop` or the console), then run `pulumi up` again.",
    );
  }
  const started = await createOnce(
    describe(inputs),
    () => api.customTemplates.create({ machineId: inputs.machineId, name: inputs.name }),
    (since) => findMade(api, inputs, since),
  );
  const template = started.data;
  try {
    await waitForEvent(api, started.event, { deadline: until, what: describe(inputs) });
  } catch (error) {
    if (error instanceof EventFailedError) {
      // The API removes a failed template; make sure nothing is left that would be billed.
      if (await unlessNotFound(api.customTemplates.get(template.id)))
        await unlessNotFound(api.customTemplates.delete(template.id));
    }
    throw error;
  }
  const current = (await unlessNotFound(api.customTemplates.get(template.id))) ?? template;
  return { id: template.id, outs: outputs(inputs, current) };
}

/** Templates this attempt may have made: its name, from its machine, created since it started. */
async function findMade(
  api: PaperspaceClient,
  inputs: CustomTemplateInputs,
  since: number,
): Promise<AsyncResult<ApiTemplate>[]> {
  const found: AsyncResult<ApiTemplate>[] = [];
  for await (const template of api.customTemplates.list({ name: inputs.name, machineId: inputs.machineId })) {
    if (template.name !== inputs.name || !madeSince(template.dtCreated, since)) continue;
    const event = await recentEvent(api, inputs.machineId, "template-create", since);
    if (event) found.push({ data: template, event });
  }
  return found;
}

async function adopt(
  api: PaperspaceClient,
  inputs: CustomTemplateInputs,
): Promise<pulumi.dynamic.CreateResult<CustomTemplateOutputs>> {
  const id = inputs.adoptId as string;
  const template = await unlessNotFound(api.customTemplates.get(id));
  if (!template) throw new PaperspaceError(`adoptId: no custom template ${id} in the team of this API key.`);
  if (template.parentMachineId !== inputs.machineId) {
    throw new PaperspaceError(
      `adoptId: custom template ${id} was made from machine ${template.parentMachineId}, but machineId is ` +
        `${inputs.machineId}. Set machineId to ${template.parentMachineId} to adopt it.`,
    );
  }
  const current =
    template.name === inputs.name ? template : await api.customTemplates.update(id, { name: inputs.name });
  return { id, outs: outputs(inputs, current) };
}

export async function read(
  id: string,
  props: CustomTemplateOutputs,
): Promise<pulumi.dynamic.ReadResult<CustomTemplateOutputs | CustomTemplateInputs>> {
  const template = await unlessNotFound(client().customTemplates.get(id));
  if (!template) return {};
  const inputs: CustomTemplateInputs = plain({
    machineId: template.parentMachineId,
    name: template.name,
    autoName: props.autoName,
    adoptId: props.adoptId,
    timeouts: props.timeouts,
  });
  return { id, props: outputs(inputs, template), inputs };
}

export async function update(
  id: string,
  olds: CustomTemplateOutputs,
  news: CustomTemplateInputs,
): Promise<pulumi.dynamic.UpdateResult<CustomTemplateOutputs>> {
  if (news.name === olds.name) return { outs: plain({ ...olds, ...news, __provider: undefined }) };
  const updated = await client(deadline(news.timeouts, "update", TIMEOUTS)).customTemplates.update(id, {
    name: news.name,
  });
  return { outs: outputs(news, updated) };
}

export async function remove(id: string, props: CustomTemplateOutputs): Promise<void> {
  await unlessNotFound(client(deadline(props.timeouts, "delete", TIMEOUTS)).customTemplates.delete(id));
}

function outputs(inputs: CustomTemplateInputs, template: ApiTemplate): CustomTemplateOutputs {
  return plain({
    ...inputs,
    __provider: undefined,
    name: template.name,
    agentType: template.agentType,
    operatingSystemLabel: template.operatingSystemLabel,
    region: template.region,
    defaultSizeGb: template.defaultSizeGb,
    availableMachineTypes: template.availableMachineTypes,
    parentMachineId: template.parentMachineId,
    dtCreated: template.dtCreated,
  });
}
