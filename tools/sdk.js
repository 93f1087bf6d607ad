#!/usr/bin/env node
// Generates the SDKs of the provider plugin from plugin/schema.json with Pulumi's own code generators
// (tools/pulumi/sdkgen): sdk/python, sdk/go/paperspace and sdk/nodejs; and sdk/java with pulumi-java's
// (tools/pulumi/java/sdkgen-java). With --check, generates them into a scratch folder and fails when the committed ones
// differ.
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { ROOT } = require("./bootstrap");
const { goTool } = require("./go-tool");

const SCHEMA = path.join(ROOT, "plugin", "schema.json");
/** Each SDK's generated folder under sdk/ (what else is in sdk/ is written by hand: go.mod, the READMEs). */
const SDKS = [
  { language: "python", folder: "python" },
  { language: "go", folder: path.join("go", "paperspace"), generatedUnder: "paperspace" },
  { language: "nodejs", folder: "nodejs" },
  // The sources, pom.xml and plugin.json, from a generator of its own that knows only Java.
  { language: "java", folder: "java", tool: "java/sdkgen-java" },
];

/** Writes every SDK under `root` (sdk/, or a scratch folder to compare with it). */
function generate(root) {
  const tools = new Map();
  for (const sdk of SDKS) {
    const tool = sdk.tool ?? "sdkgen";
    if (!tools.has(tool)) tools.set(tool, goTool(tool));
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sdkgen-"));
    const args = sdk.tool ? [SCHEMA, scratch] : [SCHEMA, sdk.language, scratch];
    execFileSync(tools.get(tool), args, { stdio: "inherit" });
    const target = path.join(root, sdk.folder);
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.cpSync(sdk.generatedUnder ? path.join(scratch, sdk.generatedUnder) : scratch, target, { recursive: true });
    // pyproject.toml names the README beside it; the generator writes it into the package.
    if (sdk.language === "python") {
      fs.copyFileSync(path.join(target, "pulumi_paperspace", "README.md"), path.join(target, "README.md"));
    }
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Every file under a folder, relative to it, with its content. */
function files(dir) {
  if (!fs.existsSync(dir)) return new Map();
  return new Map(
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [path.relative(dir, file), fs.readFileSync(file, "utf8")];
      }),
  );
}

if (process.argv.includes("--check")) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-check-"));
  generate(scratch);
  const stale = SDKS.flatMap(({ folder }) => {
    const made = files(path.join(scratch, folder));
    const committed = files(path.join(ROOT, "sdk", folder));
    const names = new Set([...made.keys(), ...committed.keys()]);
    return [...names]
      .filter((name) => made.get(name) !== committed.get(name))
      .map((name) => path.join("sdk", folder, name));
  });
  fs.rmSync(scratch, { recursive: true, force: true });
  if (stale.length > 0) {
    process.stderr.write(`The SDKs do not match plugin/schema.json (run \`npm run generate\`): ${stale.join(", ")}\n`);
    process.exit(1);
  }
} else {
  generate(path.join(ROOT, "sdk"));
  process.stdout.write(`${SDKS.map(({ folder }) => path.join("sdk", folder)).join(" ")}\n`);
}
