import type * as pulumi from "@pulumi/pulumi";
import type { PaperspaceClient } from "../api/client";
import { PaperspaceError } from "../api/errors";
import type { AsyncResult, CustomTemplate as ApiTemplate } from "../api/types";
import type { CustomTemplateInputs, CustomTemplateOutputs } from "../resources/customTemplate";
import { checkBoolean } from "./check";
import { PartialCreateError, client, createOnce, madeSince, plain, recentEvent, unlessNotFound } from "./common";
import * as fromMachine from "./fromMachine";
import { RestartFailedError, whileOff } from "./power";
import { MINUTE, deadline } from "./timeouts";

/** Templates can take many minutes to make. */
export const TIMEOUTS = { create: 60 * MINUTE, update: 5 * MINUTE, delete: 10 * MINUTE };

export async function check(_olds: Partial<CustomTemplateInputs>, news: Partial<CustomTemplateInputs>) {
  const own = { keys: ["powerOffMachine"], failures: checkBoolean(news.powerOffMachine, "powerOffMachine") };
  const result = await fromMachine.check<CustomTemplateInputs>(news, own);
  if (result.inputs) result.inputs.powerOffMachine = news.powerOffMachine ?? false;
  return result;
}

/** `powerOffMachine` only changes how a template is made: a change is stored without a request. */
export const diff = async (_id: string, olds: CustomTemplateOutputs, news: CustomTemplateInputs) =>
  fromMachine.diff<CustomTemplateInputs>(olds, news, ["powerOffMachine"]);

const describe = (inputs: CustomTemplateInputs) => `custom template "${inputs.name}" from machine ${inputs.machineId}`;

const templatesOf = (api: PaperspaceClient) => ({
  get: api.customTemplates.get,
  delete: api.customTemplates.delete,
  rename: (id: string, name: string) => api.customTemplates.update(id, { name }),
});

export async function create(
  inputs: CustomTemplateInputs,
): Promise<pulumi.dynamic.CreateResult<CustomTemplateOutputs>> {
  const until = deadline(inputs.timeouts, "create", TIMEOUTS);
  const api = client(until);
  if (inputs.adoptId) {
    const adopted = await fromMachine.adopt("custom template", inputs, templatesOf(api), (t) => t.parentMachineId);
    return { id: adopted.id, outs: outputs(inputs, adopted) };
  }
  const make = async () => {
    const candidates = api.customTemplates.list({ name: inputs.name, machineId: inputs.machineId });
    const started =
      (await fromMachine.leftBehind(api, inputs, candidates, "template-create")) ??
      (await createOnce(
        describe(inputs),
        () => api.customTemplates.create({ machineId: inputs.machineId, name: inputs.name }),
        (since) => findMade(api, inputs, since),
      ));
    const record = (made: ApiTemplate) => ({ ...outputs(inputs, made), __provider: inputs.__provider });
    await fromMachine.waitMade(api, templatesOf(api), started, { deadline: until, what: describe(inputs), record });
    return (await unlessNotFound(api.customTemplates.get(started.data.id))) ?? started.data;
  };

  let template: ApiTemplate;
  if (inputs.powerOffMachine) {
    try {
      const what = `custom template "${inputs.name}"`;
      template = await whileOff(api, inputs.machineId, { deadline: until, what }, make);
    } catch (error) {
      if (!(error instanceof RestartFailedError)) throw error;
      // The template exists: record it, and fail the update so that the stopped machine is seen.
      const made = error.result as ApiTemplate;
      throw new PartialCreateError(made.id, { ...outputs(inputs, made), __provider: inputs.__provider }, error);
    }
  } else {
    const machine = await api.machines.get(inputs.machineId);
    if (machine.state !== "off") {
      throw new PaperspaceError(
        `Cannot make ${describe(inputs)}: the machine is ${machine.state}, and Paperspace makes templates only from ` +
          "a machine that is off. Set `powerOffMachine: true` to have it stopped and started again around the " +
          "template, or stop it yourself, then run `pulumi up` again.",
      );
    }
    template = await make();
  }
  return { id: template.id, outs: outputs(inputs, template) };
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

export async function read(
  id: string,
  props: CustomTemplateOutputs,
): Promise<pulumi.dynamic.ReadResult<CustomTemplateOutputs | CustomTemplateInputs>> {
  const template = await unlessNotFound(client().customTemplates.get(id));
  if (!template) return {};
  const inputs: CustomTemplateInputs = plain({
    machineId: template.parentMachineId,
    name: template.name,
    powerOffMachine: props.powerOffMachine ?? false,
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
  const api = client(deadline(news.timeouts, "update", TIMEOUTS));
  const rename = (name: string) => templatesOf(api).rename(id, name);
  return fromMachine.update(olds, news, rename, outputs, ["powerOffMachine"]);
}

/** Template deletion answers at once, with no event. */
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
