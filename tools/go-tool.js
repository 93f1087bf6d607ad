// Builds one of the Go commands of tools/pulumi, named by its folder there (sdkgen, modzip, launcher, java/sdkgen-java),
// into .tools/bin and returns its path. The go command rebuilds only what changed, so each use builds. A command is
// built in the module that holds it: java/ is a module of its own (the Java host and generator), so that pulumi-java's
// requirements stay out of the module the CLI is built from.
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { ROOT } = require("./bootstrap");

const MODULES = path.join(ROOT, "tools", "pulumi");

function goTool(command) {
  const dir = path.join(MODULES, command);
  let module = dir;
  while (!fs.existsSync(path.join(module, "go.mod"))) module = path.dirname(module);
  const binary = path.join(ROOT, ".tools", "bin", path.basename(command));
  const env = {
    ...process.env,
    CGO_ENABLED: "0",
    GOFLAGS: "-mod=readonly -buildvcs=false",
    GONOSUMDB: "github.com/pulumi/pulumi,github.com/pulumi/pulumi-java",
  };
  execFileSync("go", ["build", "-trimpath", "-o", binary, `./${path.relative(module, dir) || "."}`], {
    cwd: module,
    env,
    stdio: ["ignore", 2, 2],
  });
  return binary;
}

module.exports = { goTool };
