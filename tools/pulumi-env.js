// The environment every local Pulumi run of this repository uses: the engine built here, a file backend,
// passphrase secrets, and nothing that reaches the network (no update check, no plugin downloads).
"use strict";

const path = require("node:path");

/** The passphrase of the local stacks' secrets. These stacks only ever hold emulator state. */
const LOCAL_PASSPHRASE = "pulumi-paperspace-local";

/**
 * @param {{ engineDir: string, stateDir: string, nodeDir?: string }} options
 *   engineDir: the folder holding `pulumi` (from tools/engine.js); stateDir: where the backend and PULUMI_HOME go;
 *   nodeDir: the folder of the `node` that runs programs and providers, when not the one first on PATH.
 */
function pulumiEnv({ engineDir, stateDir, nodeDir }) {
  const dirs = [engineDir, ...(nodeDir ? [nodeDir] : []), process.env.PATH ?? ""];
  return {
    ...process.env,
    PATH: dirs.join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${path.join(stateDir, "backend")}`,
    PULUMI_HOME: path.join(stateDir, "home"),
    PULUMI_CONFIG_PASSPHRASE: LOCAL_PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  };
}

module.exports = { pulumiEnv, LOCAL_PASSPHRASE };
