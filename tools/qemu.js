#!/usr/bin/env node
// Runs a linux-arm64 executable on this linux-amd64 machine: Debian's qemu-user-static and the arm64 C and C++
// runtimes (the cross-compilers' libc6, libstdc++6 and libgcc-s1 packages, whose files are the target's own), fetched
// with `apt-get download` and unpacked with `dpkg -x` into a machine-wide cache: no root, nothing installed system-wide.
//
//   node tools/qemu.js <executable> [args...]   runs it; as a module, `arm64Runner()` answers the command and its
//                                               leading arguments.
"use strict";

const { execFileSync, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { cacheDir } = require("./bootstrap");

const PACKAGES = ["qemu-user-static", "libc6-arm64-cross", "libstdc++6-arm64-cross", "libgcc-s1-arm64-cross"];
const CACHE = cacheDir("qemu");

/** The emulator and the folder of the arm64 runtime it loads the executable's libraries from, fetched once. */
function arm64Runner() {
  const root = path.join(CACHE, "root");
  const qemu = path.join(root, "usr", "bin", "qemu-aarch64-static");
  const sysroot = path.join(root, "usr", "aarch64-linux-gnu");
  if (!fs.existsSync(path.join(CACHE, "complete"))) {
    fs.rmSync(CACHE, { recursive: true, force: true });
    const debs = path.join(CACHE, "debs");
    fs.mkdirSync(debs, { recursive: true });
    try {
      execFileSync("apt-get", ["download", ...PACKAGES], { cwd: debs, stdio: ["ignore", "ignore", "pipe"] });
    } catch (error) {
      throw new Error(`apt-get download ${PACKAGES.join(" ")} failed: ${error.stderr || error.message}`, {
        cause: error,
      });
    }
    for (const deb of fs.readdirSync(debs)) execFileSync("dpkg", ["-x", path.join(debs, deb), root]);
    fs.rmSync(debs, { recursive: true });
    fs.writeFileSync(path.join(CACHE, "complete"), `${PACKAGES.join("\n")}\n`);
  }
  return { command: qemu, args: ["-L", sysroot] };
}

module.exports = { arm64Runner };

if (require.main === module) {
  const { command, args } = arm64Runner();
  const result = spawnSync(command, [...args, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}
