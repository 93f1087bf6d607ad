#!/usr/bin/env node
// Runs a command with the project's Node.js (tools/node.js) first on PATH, for the npm scripts that run programs on
// it (the benchmarks): `node tools/with-node.js <command> [args...]`.
"use strict";

const { spawn } = require("node:child_process");
const path = require("node:path");
const { nodeDir } = require("./node");

const [command, ...args] = process.argv.slice(2);
const env = { ...process.env, PATH: `${nodeDir()}${path.delimiter}${process.env.PATH ?? ""}` };
const child = spawn(command, args, { stdio: "inherit", env });
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
