#!/usr/bin/env node
// Writes the provider plugin's schema (plugin/schema.json) from the resource declarations; with --check, fails
// when the committed file differs from what the declarations say (the lint step runs it so).
"use strict";

const fs = require("node:fs");
const path = require("node:path");
require("ts-node").register({ transpileOnly: true });
const { pluginSchema } = require("../plugin/schema.ts");

const ROOT = path.resolve(__dirname, "..");
const FILE = path.join(ROOT, "plugin", "schema.json");
const { version } = require("../package.json");
const text = `${JSON.stringify(pluginSchema(version), null, 2)}\n`;

if (process.argv.includes("--check")) {
  const committed = fs.existsSync(FILE) ? fs.readFileSync(FILE, "utf8") : "";
  if (committed !== text) {
    process.stderr.write("plugin/schema.json does not match the resource declarations: run `npm run schema`.\n");
    process.exit(1);
  }
} else {
  fs.writeFileSync(FILE, text);
  process.stdout.write(`${path.relative(ROOT, FILE)}\n`);
}
