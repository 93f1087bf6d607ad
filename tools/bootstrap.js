// Installs the npm dependencies when they are missing or stale, and builds the package into dist/.
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");

/** A folder of the machine-wide cache every clone shares: `~/.cache/pulumi-paperspace/<name>` (`$XDG_CACHE_HOME` moves it). */
function cacheDir(name) {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "pulumi-paperspace", name);
}

function log(message) {
  process.stderr.write(`bootstrap: ${message}\n`);
}

function npm(args) {
  execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", args, { cwd: ROOT, stdio: ["ignore", 2, 2] });
}

function dependenciesStale() {
  const installed = path.join(ROOT, "node_modules", ".package-lock.json");
  if (!fs.existsSync(installed)) return true;
  return fs.statSync(path.join(ROOT, "package-lock.json")).mtimeMs > fs.statSync(installed).mtimeMs;
}

function installDependencies() {
  if (dependenciesStale()) {
    log("installing npm dependencies (npm ci)");
    npm(["ci", "--no-audit", "--no-fund"]);
  }
}

function bootstrap() {
  installDependencies();
  log("building the package (tsc)");
  npm(["run", "--silent", "build"]);
}

module.exports = { bootstrap, cacheDir, installDependencies, ROOT };

if (require.main === module) bootstrap();
