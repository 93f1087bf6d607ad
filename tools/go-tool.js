// Builds one of the Go commands of tools/pulumi (sdkgen, modzip) into .tools/bin and returns its path. The go command
// rebuilds only what changed, so each use builds.
"use strict";

const { execFileSync } = require("node:child_process");
const path = require("node:path");
const { ROOT } = require("./bootstrap");

function goTool(name) {
  const binary = path.join(ROOT, ".tools", "bin", name);
  const env = {
    ...process.env,
    CGO_ENABLED: "0",
    GOFLAGS: "-mod=readonly -buildvcs=false",
    GONOSUMDB: "github.com/pulumi/pulumi",
  };
  execFileSync("go", ["build", "-trimpath", "-o", binary, `./${name}`], {
    cwd: path.join(ROOT, "tools", "pulumi"),
    env,
    stdio: ["ignore", 2, 2],
  });
  return binary;
}

module.exports = { goTool };
