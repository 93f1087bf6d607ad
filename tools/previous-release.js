#!/usr/bin/env node
// Builds the previous release, the one users upgrade from, from its commit, and prints, as its last line, the folder
// that holds what users had of it:
// - `pulumi-paperspace-<version>.tgz`, the dynamic package as `npm pack` made it;
// - `pulumi-resource-paperspace-v<version>.tar.gz`, the provider plugin as `npm run plugin` made it (it runs on the
//   `node` first on the PATH);
// - `sdk/`, the commit's SDKs: sdk/python (pip-installable), sdk/go and the Go module's go.mod.
// The commit is in this repository's history (CI clones it whole). The build runs once per machine: it is kept in the
// machine-wide cache under the commit's name, which never changes.
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { cacheDir, ROOT } = require("./bootstrap");

/** 0.1.0: the last commit before the 0.2.0 release work. */
const PREVIOUS_RELEASE = { version: "0.1.0", commit: "e9668e2b6c26ded4eb780127705c79fc5d98271d" };

function log(message) {
  process.stderr.write(`previous-release: ${message}\n`);
}

function cacheFolder({ version, commit }) {
  return path.join(cacheDir("previous-release"), `v${version}-${commit.slice(0, 12)}`);
}

/** Runs a command, its output on this process's stderr, so that the last line on stdout stays the folder. */
function run(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: ["ignore", 2, 2], env: { ...process.env, npm_config_loglevel: "error" } });
}

function build({ version, commit }, into) {
  try {
    execFileSync("git", ["cat-file", "-e", `${commit}^{commit}`], { cwd: ROOT, stdio: "ignore" });
  } catch {
    throw new Error(
      `commit ${commit} (${version}) is not in this clone's history: \`git fetch --unshallow\` brings it`,
    );
  }
  const started = Date.now();
  log(`building ${version} from commit ${commit.slice(0, 7)} (npm ci, npm run plugin, npm pack; once per machine)`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-paperspace-previous-"));
  try {
    const source = path.join(work, "source");
    fs.mkdirSync(source);
    const archive = path.join(work, "source.tar");
    execFileSync("git", ["archive", "--format=tar", "-o", archive, commit], { cwd: ROOT });
    execFileSync("tar", ["-xf", archive, "-C", source]);
    const found = JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8")).version;
    if (found !== version) throw new Error(`commit ${commit} is version ${found}, not ${version}`);
    // npm ci runs the package's prepare script, which builds it: npm pack then needs no scripts.
    run("npm", ["ci", "--no-audit", "--no-fund"], source);
    run(process.execPath, [path.join(source, "tools", "plugin.js")], source);
    const partial = `${into}.partial-${process.pid}`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial, { recursive: true });
    run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", partial], source);
    const plugin = `pulumi-resource-paperspace-v${version}.tar.gz`;
    fs.copyFileSync(path.join(source, "dist", "plugin", plugin), path.join(partial, plugin));
    fs.cpSync(path.join(source, "sdk"), path.join(partial, "sdk"), { recursive: true });
    // Another run may have finished first: its folder is the same build, and is kept.
    try {
      fs.renameSync(partial, into);
    } catch (error) {
      if (!fs.existsSync(into)) throw error;
      fs.rmSync(partial, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  log(`built ${version} in ${Math.round((Date.now() - started) / 1000)}s (${into})`);
}

/** The folder of the previous release's artifacts, built when this machine has none. */
function ensurePreviousRelease(release = PREVIOUS_RELEASE) {
  const folder = cacheFolder(release);
  if (!fs.existsSync(folder)) {
    fs.mkdirSync(path.dirname(folder), { recursive: true });
    build(release, folder);
  }
  return folder;
}

module.exports = { ensurePreviousRelease, PREVIOUS_RELEASE };

if (require.main === module) {
  try {
    process.stdout.write(`${ensurePreviousRelease()}\n`);
  } catch (error) {
    log(error.message);
    process.exit(1);
  }
}
