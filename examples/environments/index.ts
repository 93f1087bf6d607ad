import * as pulumi from "@pulumi/pulumi";
import * as paperspace from "pulumi-paperspace";

/** The same environment in every stack; what differs (machine, run-once, snapshots) is the stack's config. */
const config = new pulumi.Config();
const environment = pulumi.getStack();
const machineId = pulumi.output(paperspace.getMachine({ name: config.require("machineName") })).id;

const setup = new paperspace.StartupScript("setup", {
  name: `${environment}-setup`,
  script: `#!/bin/bash\necho "ENVIRONMENT=${environment}" >> /etc/environment\n`,
  isRunOnce: config.requireBoolean("runOnce"),
});
new paperspace.StartupScriptAssignment("setup-on-machine", { startupScriptId: setup.id, machineId });

export const startupScriptId = setup.id;
export const snapshotId = config.requireBoolean("keepSnapshot")
  ? new paperspace.Snapshot("keep", { machineId, name: `${environment}-keep` }).id
  : undefined;
