#!/usr/bin/env node
// The main job, as the README's first command runs it, on the project's Node.js (tools/node.js): install and build
// what is missing, find or build the Pulumi engine, start a local Paperspace API, run `pulumi up` on the root demo
// project, show what now exists, and show that a second `pulumi up` has nothing to change.
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { bootstrap, ROOT } = require("./bootstrap");
const { ensureEngine } = require("./engine");
const { onProjectNode } = require("./node");
const { pulumiEnv } = require("./pulumi-env");

const STACK = "demo";

function step(message) {
  process.stdout.write(`\n==> ${message}\n`);
}

/** Runs the CLI without blocking this process, which also serves the emulator. */
function pulumi(env, args, { quiet = false, allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", args, { cwd: ROOT, env, stdio: quiet ? "pipe" : "inherit" });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0 || allowFailure) return resolve();
      reject(new Error(`pulumi ${args.join(" ")} failed (exit ${code})${quiet ? `\n${output}` : ""}`));
    });
  });
}

/** The emulated account, as a short table: every machine, startup script, snapshot and template of the team. */
function accountTable(state) {
  const rows = [["KIND", "ID", "NAME", "DETAILS"]];
  for (const team of state.teams) {
    for (const machine of team.machines) {
      const details = `state=${machine.state} type=${machine.machineType} region=${machine.region}`;
      rows.push(["machine", machine.id, machine.name, details]);
    }
    for (const script of team.startupScripts) {
      const details = [
        `runOnce=${script.isRunOnce}`,
        `enabled=${script.isEnabled}`,
        `bytes=${Buffer.byteLength(script.script)}`,
      ];
      if (script.assignedMachineIds.length) details.push(`assigned=${script.assignedMachineIds.join(",")}`);
      rows.push(["startup script", script.id, script.name, details.join(" ")]);
    }
    for (const snapshot of team.snapshots) {
      rows.push(["snapshot", snapshot.id, snapshot.name, `machine=${snapshot.machineId}`]);
    }
    for (const template of team.customTemplates) {
      const details = `from=${template.parentMachineId} os="${template.operatingSystemLabel}"`;
      rows.push(["custom template", template.id, template.name, details]);
    }
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

async function main() {
  await onProjectNode();
  step("Installing and building what is missing");
  bootstrap();
  const engineDir = await ensureEngine();
  const { startEmulator, DEFAULT_API_KEY } = require("paperspace-emulator");

  step("Starting the Paperspace API emulator");
  const emulator = await startEmulator();
  process.stdout.write(`API: ${emulator.url}  (control: ${emulator.rootUrl}/_emulator)\n`);
  try {
    const stateDir = path.join(ROOT, ".pulumi-local", "demo");
    fs.mkdirSync(path.join(stateDir, "backend"), { recursive: true });
    const env = pulumiEnv({ engineDir, stateDir });

    // Each demo starts a fresh emulator, so it starts a fresh stack too.
    await pulumi(env, ["stack", "rm", STACK, "--yes", "--force"], { quiet: true, allowFailure: true });
    await pulumi(env, ["stack", "init", STACK], { quiet: true });
    await pulumi(env, ["config", "set", "paperspace:apiUrl", emulator.url], { quiet: true });
    await pulumi(env, ["config", "set", "--secret", "paperspace:apiKey", DEFAULT_API_KEY], { quiet: true });

    step("pulumi up");
    await pulumi(env, ["up", "--yes"]);

    step("What now exists in the emulated Paperspace account");
    const response = await fetch(`${emulator.rootUrl}/_emulator/state`);
    process.stdout.write(`${accountTable(await response.json())}\n`);

    step("A second pulumi up: nothing to change");
    await pulumi(env, ["up", "--yes", "--expect-no-changes"]);
  } finally {
    await emulator.close();
  }
  process.stdout.write(
    "\nDone. The stack state is in .pulumi-local/demo; see README.md to run against the real API.\n",
  );
}

main().catch((error) => {
  process.stderr.write(`demo failed: ${error.message}\n`);
  process.exit(1);
});
