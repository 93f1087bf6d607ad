import * as paperspace from "pulumi-paperspace";

// A boot script for new machines. Its body is stored as a secret; change it and `pulumi up` updates it in place.
const bootstrap = new paperspace.StartupScript("bootstrap", {
  script: ["#!/bin/bash", "set -euo pipefail", "apt-get update", "apt-get install -y htop nvtop"].join("\n"),
  isRunOnce: true,
});

export const startupScriptId = bootstrap.id;
export const startupScriptName = bootstrap.name;
