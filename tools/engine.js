#!/usr/bin/env node
// Makes sure the Pulumi engine is there and prints, as its last line, the folder that holds `pulumi`.
//
// The folder holds the CLI and the language hosts for Node.js, YAML, Python, Go and Java. Order: a `pulumi` already on
// PATH; else each binary built before into .tools/bin; else a copy from the machine-wide cache of earlier builds;
// else a build from Go modules (tools/pulumi), which takes minutes the first time. The folder also gets
// `pulumi-resource-pulumi-nodejs` from @pulumi/pulumi, the dynamic provider plugin the engine looks for beside
// `pulumi`.
"use strict";

const { execFileSync, spawn } = require("node:child_process");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { cacheDir: machineCache, installDependencies, ROOT } = require("./bootstrap");
const { goTool } = require("./go-tool");

const BIN = path.join(ROOT, ".tools", "bin");
const MODULES = path.join(ROOT, "tools", "pulumi");
const PULUMI_VERSION = "v3.276.0";
const VERSION_VAR = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";
/**
 * What is built, each from its own Go module folder. The language hosts are the newest releases the module proxy
 * serves whose tagged module still contains them (see tools/pulumi/README.md).
 */
const TARGETS = [
  {
    binary: "pulumi",
    module: MODULES,
    pkg: "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
    version: PULUMI_VERSION,
  },
  {
    binary: "pulumi-language-nodejs",
    launched: true,
    module: path.join(MODULES, "language-nodejs"),
    pkg: "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs",
    version: "v3.68.0",
  },
  {
    binary: "pulumi-language-yaml",
    module: path.join(MODULES, "language-yaml"),
    pkg: "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml",
    version: "v1.25.0",
    versionVar: "github.com/pulumi/pulumi-yaml/pkg/version.Version",
  },
  {
    binary: "pulumi-language-python",
    launched: true,
    module: path.join(MODULES, "language-python"),
    pkg: "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python",
    version: "v3.68.0",
    // The host runs programs through this Python shim, which it looks for beside itself.
    companion: "python/cmd/pulumi-language-python-exec",
  },
  {
    binary: "pulumi-language-go",
    launched: true,
    module: path.join(MODULES, "language-go"),
    pkg: "github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go",
    version: "v3.62.0",
  },
  {
    // Reads runtime options from the CLI's requests, so it is started as it is.
    binary: "pulumi-language-java",
    module: path.join(MODULES, "java"),
    pkg: "github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java",
    version: "v1.22.0",
    versionVar: "github.com/pulumi/pulumi-java/pkg/version.Version",
  },
];
const DYNAMIC_PLUGIN = "pulumi-resource-pulumi-nodejs";
/**
 * Where a `launched` host goes: the engine finds tools/pulumi/launcher under the host's name, which starts the host
 * from here with the flags for the program's runtime options (the CLI passes a host none).
 */
const HOSTS = path.join(BIN, "hosts");

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

let goEnvironment;
/** The Go toolchain's version and platform, which every build depends on. */
function goVersion() {
  goEnvironment ??= execFileSync("go", ["env", "GOVERSION", "GOOS", "GOARCH"], { encoding: "utf8" });
  return goEnvironment;
}

/** Changes whenever what a target's build would produce changes: its module files, its version, the Go toolchain. */
function buildKey(target) {
  const hash = createHash("sha256");
  hash.update(target.version);
  for (const file of ["go.mod", "go.sum"]) hash.update(fs.readFileSync(path.join(target.module, file)));
  hash.update(goVersion());
  return hash.digest("hex").slice(0, 16);
}

function cacheDir(target) {
  const base = process.env.PULUMI_PAPERSPACE_ENGINE_CACHE || machineCache("engine");
  return path.join(base, `${target.binary}-${target.version}-${buildKey(target)}`);
}

/** The files a target puts into the folder: its binary, and the companion it needs beside it. */
function filesOf(target) {
  return [target.binary, ...(target.companion ? [path.basename(target.companion)] : [])];
}

function hasFiles(dir, target) {
  return filesOf(target).every((file) => fs.existsSync(path.join(dir, file)));
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

/** Where go keeps a module's source, for the companion files a build copies from it. */
function moduleDir(target) {
  const modulePath = target.pkg.slice(0, target.pkg.indexOf("/v3/") + 3);
  const json = execFileSync("go", ["list", "-m", "-json", modulePath], { cwd: target.module, encoding: "utf8" });
  return JSON.parse(json).Dir;
}

async function build(target, outDir) {
  const started = Date.now();
  log(`building ${target.binary} ${target.version} from Go modules (minutes the first time; cached after).`);
  const ticker = setInterval(() => log(`still building (${Math.round((Date.now() - started) / 1000)}s)...`), 30_000);
  try {
    fs.mkdirSync(outDir, { recursive: true });
    const env = {
      ...process.env,
      CGO_ENABLED: "0",
      GOFLAGS: "-mod=readonly -buildvcs=false",
      // The checksum database does not list every pulumi release; go.sum (committed) pins them instead.
      GONOSUMDB: "github.com/pulumi/pulumi,github.com/pulumi/pulumi-yaml,github.com/pulumi/pulumi-java",
    };
    const ldflags = `-s -w -X ${target.versionVar ?? VERSION_VAR}=${target.version}`;
    const args = ["build", "-trimpath", "-tags", "osusergo,grpcnotrace", "-ldflags", ldflags];
    await run("go", [...args, "-o", path.join(outDir, target.binary), target.pkg], { cwd: target.module, env });
    if (target.companion) {
      const companion = path.join(moduleDir(target), target.companion);
      fs.copyFileSync(companion, path.join(outDir, path.basename(companion)));
    }
  } finally {
    clearInterval(ticker);
  }
  log(`built ${target.binary} ${target.version} in ${Math.round((Date.now() - started) / 1000)}s`);
}

function copyFiles(from, to, target) {
  fs.mkdirSync(to, { recursive: true });
  for (const file of filesOf(target)) {
    const tmp = path.join(to, `.${file}.tmp`);
    fs.copyFileSync(path.join(from, file), tmp);
    fs.chmodSync(tmp, 0o755);
    fs.renameSync(tmp, path.join(to, file));
  }
}

function installDynamicPlugin(dir) {
  installDependencies();
  const source = path.join(ROOT, "node_modules", "@pulumi", "pulumi", DYNAMIC_PLUGIN);
  const target = path.join(dir, DYNAMIC_PLUGIN);
  fs.copyFileSync(source, target);
  fs.chmodSync(target, 0o755);
}

/** Makes sure one target is in the folder: built before with this key, else from the cache, else built now. */
async function ensureTarget(target) {
  const key = buildKey(target);
  const dir = target.launched ? HOSTS : BIN;
  const stamp = path.join(dir, `.${target.binary}.build-key`);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === key && hasFiles(dir, target)) return;
  const cached = cacheDir(target);
  if (hasFiles(cached, target)) {
    log(`using ${target.binary} built before (${cached})`);
  } else {
    await build(target, `${cached}.partial`);
    fs.rmSync(cached, { recursive: true, force: true });
    fs.renameSync(`${cached}.partial`, cached);
  }
  copyFiles(cached, dir, target);
  fs.writeFileSync(stamp, key);
}

/** The launcher (built by the go command, which rebuilds only on change) under each launched host's name. */
function installLaunchers() {
  const launcher = goTool("launcher");
  for (const target of TARGETS.filter((t) => t.launched)) {
    const tmp = path.join(BIN, `.${target.binary}.tmp`);
    fs.copyFileSync(launcher, tmp);
    fs.chmodSync(tmp, 0o755);
    fs.renameSync(tmp, path.join(BIN, target.binary));
  }
}

async function ensureEngine() {
  const existing = onPath("pulumi");
  if (existing) {
    log(`using the pulumi found on PATH (${existing})`);
    return path.dirname(existing);
  }
  for (const target of TARGETS) await ensureTarget(target);
  installLaunchers();
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
