import * as pulumi from "@pulumi/pulumi";
import * as paperspace from "pulumi-paperspace";

const config = new pulumi.Config();

// A machine of your team, by name. The demo's emulator has a running one called "training-box".
const machineId = pulumi.output(paperspace.getMachine({ name: config.get("machineName") ?? "training-box" })).id;

// A boot script, run on the machine's first boot. Its body is stored as a secret; change it and it updates in place.
const bootstrap = new paperspace.StartupScript("bootstrap", {
  script: ["#!/bin/bash", "set -euo pipefail", "apt-get update", "apt-get install -y htop nvtop"].join("\n"),
  isRunOnce: true,
});
new paperspace.StartupScriptAssignment("bootstrap-on-machine", { startupScriptId: bootstrap.id, machineId });

// A snapshot of the machine as it is, then a template of it. Templates need the machine off: `powerOffMachine`
// stops it for the template and starts it again afterwards.
const snapshot = new paperspace.Snapshot("before-image", { machineId });
const image = new paperspace.CustomTemplate("image", { machineId, powerOffMachine: true }, { dependsOn: [snapshot] });

// A machine made from the template. Auto-shutdown stops an idle GPU from costing; `state: "off"` would keep it off.
const worker = new paperspace.Machine("worker", {
  templateId: image.id,
  machineType: "A4000",
  region: image.region,
  diskSize: 50,
  autoShutdownEnabled: true,
  autoShutdownTimeout: 1,
});

export const startupScriptId = bootstrap.id;
export const snapshotId = snapshot.id;
export const templateId = image.id;
export const templateName = image.name;
export const workerId = worker.id;
