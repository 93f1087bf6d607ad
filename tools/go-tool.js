// Builds one of the Go commands of tools/pulumi (sdkgen, sdkgen-java, modzip, launcher) into .tools/bin and returns
// its path. The go command rebuilds only what changed, so each use builds. A command with a go.mod of its own
// (sdkgen-java) is built in its folder, so that its requirements stay out of the module the CLI is built from.
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { ROOT } = require("./bootstrap");

const MODULES = path.join(ROOT, "tools", "pulumi");

function goTool(name) {
  const binary = path.join(ROOT, ".tools", "bin", name);
  const env = {
    ...process.env,
    CGO_ENABLED: "0",
    GOFLAGS: "-mod=readonly -buildvcs=false",
    GONOSUMDB: "github.com/pulumi/pulumi,github.com/pulumi/pulumi-java",
  };
  const ownModule = fs.existsSync(path.join(MODULES, name, "go.mod"));
  execFileSync("go", ["build", "-trimpath", "-o", binary, ownModule ? "." : `./${name}`], {
    cwd: ownModule ? path.join(MODULES, name) : MODULES,
    env,
    stdio: ["ignore", 2, 2],
  });
  return binary;
}

module.exports = { goTool };
