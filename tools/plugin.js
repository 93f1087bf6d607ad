#!/usr/bin/env node
// Builds the provider plugin: plugin/main.ts and everything it uses (its schema too) bundled into one file beside a
// launcher named `pulumi-resource-paperspace`, in the folder dist/plugin/pulumi-resource-paperspace/ (which a
// Pulumi.yaml's `plugins.providers[].path` can name), and that folder as the archive the CLI installs with
// `pulumi plugin install resource paperspace <version> --file <archive>`. Prints the archive's path as its last line.
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { installDependencies, ROOT } = require("./bootstrap");

const NAME = "pulumi-resource-paperspace";
const OUT = path.join(ROOT, "dist", "plugin");
const FOLDER = path.join(OUT, NAME);

/** Runs the bundle on the `node` first on the PATH (Node.js 20 or later), wherever the plugin was installed. */
const LAUNCHER = `#!/bin/sh
exec node "$(dirname "$0")/plugin.js" "$@"
`;

/**
 * plugin/main.ts (or another plugin's entry point) and all it uses, the schema included, as one CommonJS file (with
 * its licenses beside it).
 */
async function bundle(outfile, entryPoint = path.join(ROOT, "plugin", "main.ts")) {
  installDependencies();
  // Required here: on a fresh clone, installDependencies() has just installed it.
  const esbuild = require("esbuild");
  await esbuild.build({
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    legalComments: "linked",
    logLevel: "warning",
  });
}

/**
 * A plugin's folder as the CLI runs it: the bundle of `entryPoint` beside its launcher `pulumi-resource-<name>`. The
 * benchmarks build their plugin that calls nothing (bench/fixtures/floor-plugin) this way too.
 */
async function pluginFolder(folder, name, entryPoint) {
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  await bundle(path.join(folder, "plugin.js"), entryPoint);
  fs.writeFileSync(path.join(folder, `pulumi-resource-${name}`), LAUNCHER, { mode: 0o755 });
}

async function buildPlugin() {
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  await pluginFolder(FOLDER, "paperspace");
  const archive = path.join(OUT, `${NAME}-v${version}.tar.gz`);
  execFileSync("tar", ["-czf", archive, "-C", FOLDER, "."]);
  return archive;
}

/** The newest change under the given files and folders. */
function changedAt(...paths) {
  let newest = 0;
  for (const entry of paths) {
    const stat = fs.statSync(entry);
    newest = Math.max(newest, stat.mtimeMs);
    if (!stat.isDirectory()) continue;
    for (const file of fs.readdirSync(entry, { recursive: true, withFileTypes: true })) {
      if (file.isFile()) newest = Math.max(newest, fs.statSync(path.join(file.parentPath, file.name)).mtimeMs);
    }
  }
  return newest;
}

/** The newest change to what the plugin is built from. */
const sourcesChangedAt = () =>
  changedAt(...["package.json", "plugin", "provider", "contract"].map((entry) => path.join(ROOT, entry)));

/**
 * The archive, built only when missing or older than its sources: tests running side by side share one build
 * (`npm test` builds it once before them).
 */
async function ensurePlugin() {
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const archive = path.join(OUT, `${NAME}-v${version}.tar.gz`);
  if (fs.existsSync(archive) && fs.statSync(archive).mtimeMs >= sourcesChangedAt()) return archive;
  return buildPlugin();
}

module.exports = {
  buildPlugin,
  bundle,
  changedAt,
  ensurePlugin,
  pluginFolder,
  sourcesChangedAt,
  PLUGIN_FOLDER: FOLDER,
};

if (require.main === module) {
  buildPlugin().then(
    (archive) => process.stdout.write(`${archive}\n`),
    (error) => {
      process.stderr.write(`plugin: ${error.message}\n`);
      process.exit(1);
    },
  );
}
