import type { AvailableMachineType, CustomTemplate as ApiTemplate } from "../api/types";
import { type CommonInputs, type ObjectDeclaration, boolean, id, name } from "./declaration";
import { withMachineOff } from "./power";
import { MINUTE } from "./timeouts";

export interface CustomTemplateInputs extends CommonInputs {
  machineId: string;
  name: string;
  autoName?: string;
  powerOffMachine: boolean;
}

export interface CustomTemplateOutputs extends CustomTemplateInputs {
  agentType: string;
  operatingSystemLabel: string;
  region: string;
  defaultSizeGb: number;
  availableMachineTypes: AvailableMachineType[];
  parentMachineId: string;
  dtCreated: string;
}

/**
 * A custom template: an image made from a machine that is off, by a `template-create` event that can take many
 * minutes. A new machine makes a new template; a new name is a rename.
 */
export const customTemplate: ObjectDeclaration<CustomTemplateInputs, CustomTemplateOutputs, ApiTemplate> = {
  type: "CustomTemplate",
  noun: "custom template",
  describe: (inputs) => `custom template "${inputs.name}" from machine ${inputs.machineId}`,
  inputs: {
    machineId: id("replace", { parent: "machine" }),
    name: name(),
    powerOffMachine: boolean("setting", false),
  },
  outputs: {
    agentType: (template) => template.agentType,
    operatingSystemLabel: (template) => template.operatingSystemLabel,
    region: (template) => template.region,
    defaultSizeGb: (template) => template.defaultSizeGb,
    availableMachineTypes: (template) => template.availableMachineTypes,
    parentMachineId: (template) => template.parentMachineId,
    dtCreated: (template) => template.dtCreated,
  },
  observe: (template) => ({ machineId: template.parentMachineId, name: template.name }),
  timeouts: { create: 60 * MINUTE, update: 5 * MINUTE, delete: 10 * MINUTE },
  adoption: {},
  events: { on: (inputs) => inputs.machineId, create: "template-create" },
  // Its fields are complete once its event is done.
  readAfterCreate: true,
  api: (client) => ({
    get: (templateId) => client.customTemplates.get(templateId),
    create: ({ machineId, name }) => client.customTemplates.create({ machineId, name }),
    update: (templateId, { name }) => client.customTemplates.update(templateId, { name: name! }),
    // Answers at once, with no event.
    delete: (templateId) => client.customTemplates.delete(templateId),
    list: ({ machineId, name }) => client.customTemplates.list({ machineId, name }),
  }),
  // Paperspace makes templates only from a machine that is off.
  around: (operation, make) =>
    withMachineOff(
      operation,
      operation.inputs.machineId,
      {
        consent: operation.inputs.powerOffMachine,
        what: `custom template "${operation.inputs.name}"`,
        refusal: {
          doing: `make ${customTemplate.describe(operation.inputs)}`,
          rule: "makes templates only from",
          work: "template",
        },
      },
      make,
    ),
};
