import { boolean, name, parentMachine } from "../lifecycle/attributes";
import { declareObject } from "../lifecycle/declaration";
import { MINUTE } from "../lifecycle/timeouts";

const describe = (inputs: { name: string; machineId: string }) =>
  `custom template "${inputs.name}" from machine ${inputs.machineId}`;

/**
 * A custom template: an image made from a machine that is off, by a `template-create` event that can take many
 * minutes. A new machine makes a new template; a new name is a rename.
 */
export const customTemplate = declareObject({
  type: "CustomTemplate",
  noun: "custom template",
  describe,
  doc:
    "A custom template (a machine image) made from a machine that is off, or stopped for it with `powerOffMachine`.\n" +
    "Creating it waits until Paperspace's `template-create` event is done, which can take many minutes. `name` updates\n" +
    "in place; `machineId` replaces.",
  example: { name: "golden", args: { machineId: { machine: "off" } } },
  timeouts: { create: 60 * MINUTE, update: 5 * MINUTE, delete: 10 * MINUTE },
  attributes: {
    machineId: parentMachine({
      shownAs: "parentMachineId",
      doc: "The machine to make the template from. It must be off. Changing it makes a new template (replace).",
    }),
    name: name(),
    powerOffMachine: boolean({
      onChange: "stored",
      default: false,
      doc:
        "Stop a running machine for the template, and start it again afterwards (also when the template fails).\n" +
        "Without it (the default), a machine that is not off is refused.",
    }),
  },
  wire: "CustomTemplate",
  copies: [
    "agentType",
    "operatingSystemLabel",
    "region",
    "defaultSizeGb",
    "availableMachineTypes",
    "parentMachineId",
    "dtCreated",
  ],
  calls: {
    collection: "/custom-templates",
    listedBy: ({ machineId, name }) => ({ machineId, name }),
    create: {
      body: ({ machineId, name }) => ({ machineId, name }),
      waitsFor: { event: "template-create", on: (inputs) => inputs.machineId },
      // Paperspace makes templates only from a machine that is off.
      needs: {
        machine: (inputs) => inputs.machineId,
        consent: (inputs) => inputs.powerOffMachine,
        what: (inputs) => `custom template "${inputs.name}"`,
        refusal: (inputs) => ({
          doing: `make ${describe(inputs)}`,
          rule: "makes templates only from",
          work: "template",
        }),
      },
      // Its fields are complete once its event is done.
      readAfter: true,
    },
    // Answers at once, with no event.
    delete: {},
  },
  steps: [{ name: "rename", applies: ["name"] }],
});
