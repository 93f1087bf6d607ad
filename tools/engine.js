#!/usr/bin/env node
// Makes sure the Pulumi engine is there and prints, as its last line, the folder that holds `pulumi`.
//
// Order: a `pulumi` already on PATH; else the one built before into .tools/bin; else a copy from the
// machine-wide cache of earlier builds; else a build from Go modules (tools/pulumi), which takes minutes the
// first time. The folder also gets `pulumi-resource-pulumi-nodejs` from @pulumi/pulumi, the dynamic provider
// plugin the engine looks for beside `pulumi`.
"use strict";

const { execFileSync, spawn } = require("node:child_process");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { installDependencies, ROOT } = require("./bootstrap");

const BIN = path.join(ROOT, ".tools", "bin");
const MODULES = path.join(ROOT, "tools", "pulumi");
const PULUMI_VERSION = "v3.276.0";
/** The Node.js language host is built from the last sdk/v3 release that contains it (see tools/pulumi/README.md). */
const LANGUAGE_HOST_VERSION = "v3.68.0";
const VERSION_VAR = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";
const TARGETS = [
  {
    binary: "pulumi",
    module: MODULES,
    pkg: "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
    version: PULUMI_VERSION,
  },
  {
    binary: "pulumi-language-nodejs",
    module: path.join(MODULES, "language-nodejs"),
    pkg: "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs",
    version: LANGUAGE_HOST_VERSION,
  },
];
const DYNAMIC_PLUGIN = "pulumi-resource-pulumi-nodejs";

function log(message) {
  process.stderr.write(`engine: ${message}\n`);
}

function onPath(name) {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    if (!dir || path.resolve(dir) === BIN) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return fs.realpathSync(candidate);
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Changes whenever what the build would produce changes: the module files, the versions, the Go toolchain. */
function buildKey() {
  const hash = createHash("sha256");
  for (const target of TARGETS) {
    hash.update(target.version);
    for (const file of ["go.mod", "go.sum"]) hash.update(fs.readFileSync(path.join(target.module, file)));
  }
  hash.update(execFileSync("go", ["env", "GOVERSION", "GOOS", "GOARCH"], { encoding: "utf8" }));
  return hash.digest("hex").slice(0, 16);
}

function cacheDir(key) {
  const base =
    process.env.PULUMI_PAPERSPACE_ENGINE_CACHE ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "pulumi-paperspace", "engine");
  return path.join(base, `${PULUMI_VERSION}-${key}`);
}

function hasBinaries(dir) {
  return TARGETS.every((target) => fs.existsSync(path.join(dir, target.binary)));
}

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"], ...options });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`)),
    );
  });
}

async function build(outDir) {
  const started = Date.now();
  log(`building the Pulumi CLI ${PULUMI_VERSION} and its Node.js language host from Go modules.`);
  log("The first build downloads about 1.5 GB of modules and compiles for a few minutes; later builds are cached.");
  const ticker = setInterval(() => log(`still building (${Math.round((Date.now() - started) / 1000)}s)...`), 30_000);
  try {
    fs.mkdirSync(outDir, { recursive: true });
    for (const target of TARGETS) {
      const env = {
        ...process.env,
        CGO_ENABLED: "0",
        GOFLAGS: "-mod=readonly -buildvcs=false",
        // The checksum database does not list every pulumi pkg release; go.sum (committed) pins them instead.
        GONOSUMDB: "github.com/pulumi/pulumi",
      };
      const ldflags = `-s -w -X ${VERSION_VAR}=${target.version}`;
      const args = ["build", "-trimpath", "-tags", "osusergo,grpcnotrace", "-ldflags", ldflags];
      await run("go", [...args, "-o", path.join(outDir, target.binary), target.pkg], { cwd: target.module, env });
      log(`built ${target.binary} ${target.version}`);
    }
  } finally {
    clearInterval(ticker);
  }
  log(`engine built in ${Math.round((Date.now() - started) / 1000)}s`);
}

function copyBinaries(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const target of TARGETS) {
    const tmp = path.join(to, `.${target.binary}.tmp`);
    fs.copyFileSync(path.join(from, target.binary), tmp);
    fs.chmodSync(tmp, 0o755);
    fs.renameSync(tmp, path.join(to, target.binary));
  }
}

function installDynamicPlugin(dir) {
  installDependencies();
  const source = path.join(ROOT, "node_modules", "@pulumi", "pulumi", DYNAMIC_PLUGIN);
  const target = path.join(dir, DYNAMIC_PLUGIN);
  fs.copyFileSync(source, target);
  fs.chmodSync(target, 0o755);
}

async function ensureEngine() {
  const existing = onPath("pulumi");
  if (existing) {
    log(`using the pulumi found on PATH (${existing})`);
    return path.dirname(existing);
  }
  const key = buildKey();
  const stamp = path.join(BIN, ".build-key");
  const stampMatches = fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === key;
  if (!(stampMatches && hasBinaries(BIN))) {
    const cached = cacheDir(key);
    if (hasBinaries(cached)) {
      log(`using the engine built before (${cached})`);
    } else {
      await build(`${cached}.partial`);
      fs.rmSync(cached, { recursive: true, force: true });
      fs.renameSync(`${cached}.partial`, cached);
    }
    copyBinaries(cached, BIN);
    fs.writeFileSync(stamp, key);
  }
  installDynamicPlugin(BIN);
  return BIN;
}

module.exports = { ensureEngine, PULUMI_VERSION };

if (require.main === module) {
  ensureEngine().then(
    (dir) => process.stdout.write(`${dir}\n`),
    (error) => {
      log(error.message);
      process.exit(1);
    },
  );
}
