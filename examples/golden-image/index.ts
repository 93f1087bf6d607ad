import * as pulumi from "@pulumi/pulumi";
import * as paperspace from "pulumi-paperspace";

/**
 * The golden-image pipeline: a configured machine, a snapshot of it as a baseline, and a custom template that new
 * machines are made from. Its outputs are what the next stack takes (see next-stack/).
 */
export = async () => {
  const config = new pulumi.Config();
  const machine = await paperspace.getMachine({ name: config.require("machineName") });
  const osName = config.get("osTemplate") ?? "Ubuntu 22.04";
  const [os] = await paperspace.getOsTemplates({ name: osName });
  if (!os) throw new Error(`No OS template is named "${osName}": set osTemplate to one getOsTemplates() lists.`);
  if (machine.os !== os.operatingSystemLabel) {
    pulumi.log.warn(`Machine ${machine.name} runs ${machine.os}, not ${os.operatingSystemLabel} (${osName}).`);
  }

  // What the golden machine runs on its next boot, before the image is taken.
  const setup = new paperspace.StartupScript("setup", {
    script: config.get("setupScript") ?? "#!/bin/bash\nset -euo pipefail\npip install --upgrade torch torchvision\n",
    isRunOnce: true,
  });
  const assigned = new paperspace.StartupScriptAssignment("setup-on-golden", {
    startupScriptId: setup.id,
    machineId: machine.id,
  });
  const baseline = new paperspace.Snapshot("baseline", { machineId: machine.id }, { dependsOn: [assigned] });
  const template = new paperspace.CustomTemplate(
    "golden",
    { machineId: machine.id, powerOffMachine: true, timeouts: { create: "2h" } },
    { dependsOn: [baseline] },
  );

  return {
    templateId: template.id,
    templateName: template.name,
    region: template.region,
    baselineSnapshotId: baseline.id,
    osTemplateId: os.id,
    goldenMachineId: machine.id,
  };
};
