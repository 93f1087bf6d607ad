#!/usr/bin/env node
// The command. It is a file of the source tree (npm links a workspace's commands before it builds it) that runs the
// built emulator.
"use strict";

const path = require("node:path");

const built = path.join(__dirname, "..", "dist", "emulator", "bin.js");
try {
  require.resolve(built);
} catch {
  process.stderr.write(`paperspace-emulator is not built (${built} is missing): run \`npm run build\` first.\n`);
  process.exit(1);
}
require(built);
