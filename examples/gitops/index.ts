import * as pulumi from "@pulumi/pulumi";
import * as paperspace from "pulumi-paperspace";

/** Every machine listed in the stack config runs the same boot script; a merged pull request rolls a change out. */
const config = new pulumi.Config();
const machines = config.requireObject<string[]>("machines");
const driverVersion = config.require("driverVersion");

const boot = new paperspace.StartupScript("gpu-boot", {
  script: [
    "#!/bin/bash",
    "set -euo pipefail",
    `apt-get install -y nvidia-driver-${driverVersion}`,
    "nvidia-smi --persistence-mode=1",
  ].join("\n"),
});

for (const name of machines) {
  const machineId = pulumi.output(paperspace.getMachine({ name })).id;
  new paperspace.StartupScriptAssignment(`gpu-boot-on-${name}`, { startupScriptId: boot.id, machineId });
}

export const startupScriptId = boot.id;
