import * as pulumi from "@pulumi/pulumi";
import * as paperspace from "pulumi-paperspace";

/** A stack downstream of the golden image: it takes the template from the golden-image stack's outputs. */
const config = new pulumi.Config();
const golden = new pulumi.StackReference(config.require("goldenStack"));
const templateId = golden.requireOutput("templateId") as pulumi.Output<string>;
const template = templateId.apply((id) => paperspace.getCustomTemplate({ id }));

export const goldenTemplateId = templateId;
export const machineTypes = template.apply((t) =>
  t.availableMachineTypes.filter((type) => type.isAvailable).map((type) => type.machineTypeLabel),
);
