#!/usr/bin/env node
// What each resource stores as `__provider`, and what it costs the program to produce it.
//
// This package writes the stored provider code by hand: one `require` of the runtime entry point. The usual way
// (`pulumi.dynamic.Resource`) has Pulumi serialize a provider object's closures. For the comparison, that object
// is the smallest one that does the same job: seven methods, each only a `require` of the runtime entry point.
// Both are measured in this run; the serializer's cache is bypassed so that each call pays the full price,
// as the first resource of each type does.
"use strict";

const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
const { providerSource } = require(path.join(__dirname, "..", "dist", "provider", "resources", "dynamic.js"));

const ROUNDS = 50;

const closureProvider = {
  async configure(r) {
    return require("pulumi-paperspace/runtime").provider("StartupScript").configure(r);
  },
  async check(o, n) {
    return require("pulumi-paperspace/runtime").provider("StartupScript").check(o, n);
  },
  async diff(i, o, n) {
    return require("pulumi-paperspace/runtime").provider("StartupScript").diff(i, o, n);
  },
  async create(n) {
    return require("pulumi-paperspace/runtime").provider("StartupScript").create(n);
  },
  async read(i, p) {
    return require("pulumi-paperspace/runtime").provider("StartupScript").read(i, p);
  },
  async update(i, o, n) {
    return require("pulumi-paperspace/runtime").provider("StartupScript").update(i, o, n);
  },
  async delete(i, p) {
    return require("pulumi-paperspace/runtime").provider("StartupScript").delete(i, p);
  },
};

async function timePerCall(fn) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) await fn();
  return Number(process.hrtime.bigint() - started) / 1e6 / ROUNDS;
}

async function main() {
  const serialize = () => pulumi.runtime.serializeFunction(() => closureProvider, { allowSecrets: true });
  const closureBytes = Buffer.byteLength((await serialize()).text);
  const ownBytes = Buffer.byteLength(providerSource("StartupScript"));
  const closureMs = await timePerCall(serialize);
  const ownMs = await timePerCall(async () => providerSource("StartupScript"));

  const rows = [
    ["", "__provider bytes", "ms per resource type"],
    ["serialized closure (pulumi.dynamic.Resource)", String(closureBytes), closureMs.toFixed(3)],
    ["one-line require (pulumi-paperspace)", String(ownBytes), ownMs.toFixed(4)],
    ["ratio (closure / one line)", (closureBytes / ownBytes).toFixed(1), (closureMs / ownMs).toFixed(0)],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows)
    console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
  console.log(`(${ROUNDS} rounds each, measured in this run)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
