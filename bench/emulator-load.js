#!/usr/bin/env node
// Load on the emulator: at least 2,000 mixed requests from 50 concurrent clients on loopback, against the
// in-memory store and against the file store (a journal flushed before each answer). Afterwards the emulator's
// state is checked against every answer it gave: each object has the last acknowledged name, each acknowledged
// delete is gone, each acknowledged snapshot exists. Prints latency percentiles.
//
//   node bench/emulator-load.js [--requests 2000] [--clients 50]
"use strict";

const { spawn } = require("node:child_process");
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { createInterface } = require("node:readline");
const { parseArgs } = require("node:util");

const BIN = path.join(__dirname, "..", "emulator", "bin", "paperspace-emulator.js");
const KEY = "paperspace-emulator-key";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "2000" }, clients: { type: "string", default: "50" } },
});
const TOTAL = Number(values.requests);
const CLIENTS = Number(values.clients);

/** A seeded random source, so that every run sends the same mix. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function startEmulator(extraArgs) {
  const child = spawn(process.execPath, [BIN, "--port", "0", "--seed", "1", "--event-duration-ms", "20", ...extraArgs]);
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { url, root: url.replace(/\/v1$/, ""), stop: () => child.kill() };
}

async function request(base, method, urlPath, body) {
  const started = process.hrtime.bigint();
  const response = await fetch(base + urlPath, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  return { status: response.status, json, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** One client: its own scripts (so that what it expects is unambiguous), plus shared reads and snapshots. */
async function client(index, api, budget, machineId, results) {
  const next = random(1000 + index);
  const mine = new Map(); // id -> the name the emulator last acknowledged
  const deleted = new Set();
  const snapshots = new Set();
  const events = [];
  const pick = (map) => [...map.keys()][Math.floor(next() * map.size)];
  while (budget.left-- > 0) {
    const roll = next();
    let answer;
    let expected = 200;
    if (roll < 0.3 || mine.size === 0) {
      answer = await request(api, "POST", "/startup-scripts", { name: `c${index}-${results.length}`, script: "echo" });
      if (answer.status === 200) mine.set(answer.json.id, answer.json.name);
    } else if (roll < 0.5) {
      answer = await request(api, "GET", `/startup-scripts/${pick(mine)}`);
    } else if (roll < 0.65) {
      const id = pick(mine);
      const name = `renamed-${index}-${results.length}`;
      answer = await request(api, "PUT", `/startup-scripts/${id}`, { name });
      if (answer.status === 200) mine.set(id, name);
    } else if (roll < 0.75) {
      answer = await request(api, "GET", "/startup-scripts?limit=20");
    } else if (roll < 0.85) {
      const id = pick(mine);
      answer = await request(api, "DELETE", `/startup-scripts/${id}`);
      if (answer.status === 200) {
        mine.delete(id);
        deleted.add(id);
      }
    } else if (roll < 0.95) {
      answer = await request(api, "POST", "/snapshots", { machineId, name: `snap-${index}` });
      if (answer.status === 200) {
        snapshots.add(answer.json.data.id);
        events.push(answer.json.event.id);
      }
    } else {
      answer = events.length
        ? await request(api, "GET", `/machine-events/${events[Math.floor(next() * events.length)]}`)
        : await request(api, "GET", "/machines");
    }
    results.push({ ms: answer.ms, ok: answer.status === expected });
  }
  return { mine, deleted, snapshots };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function run(label, extraArgs) {
  const emulator = await startEmulator(extraArgs);
  try {
    const state = await (await fetch(`${emulator.root}/_emulator/state`)).json();
    const machineId = state.teams[0].machines.find((m) => m.state === "ready").id;
    const results = [];
    const budget = { left: TOTAL };
    const started = Date.now();
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => client(i, emulator.url, budget, machineId, results)),
    );
    const seconds = (Date.now() - started) / 1000;

    // Every acknowledged write must be in the emulator's state.
    const after = await (await fetch(`${emulator.root}/_emulator/state`)).json();
    const scripts = new Map(after.teams[0].startupScripts.map((s) => [s.id, s.name]));
    const snapshotIds = new Set(after.teams[0].snapshots.map((s) => s.id));
    let lost = 0;
    let acknowledged = 0;
    for (const { mine, deleted, snapshots } of clients) {
      for (const [id, name] of mine) {
        acknowledged++;
        if (scripts.get(id) !== name) lost++;
      }
      for (const id of deleted) {
        acknowledged++;
        if (scripts.has(id)) lost++;
      }
      for (const id of snapshots) {
        acknowledged++;
        if (!snapshotIds.has(id)) lost++;
      }
    }
    const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
    return {
      label,
      requests: results.length,
      failed: results.filter((r) => !r.ok).length,
      acknowledged,
      lost,
      perSecond: results.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1],
    };
  } finally {
    emulator.stop();
  }
}

async function main() {
  const scratch = mkdtempSync(path.join(tmpdir(), "emulator-load-"));
  try {
    const rows = [
      await run("memory store", []),
      await run("file store (fsync per write)", ["--state-file", path.join(scratch, "state.jsonl")]),
    ];
    const header = ["store", "requests", "failed", "objects checked", "lost", "req/s", "p50 ms", "p99 ms", "max ms"];
    const table = [
      header,
      ...rows.map((r) => [
        r.label,
        String(r.requests),
        String(r.failed),
        String(r.acknowledged),
        String(r.lost),
        r.perSecond.toFixed(0),
        r.p50.toFixed(1),
        r.p99.toFixed(1),
        r.max.toFixed(1),
      ]),
    ];
    const widths = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
    for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join("  "));
    console.log(
      `(${CLIENTS} concurrent clients on loopback; p99 ratio file/memory: ${(rows[1].p99 / rows[0].p99).toFixed(2)})`,
    );
    if (rows.some((r) => r.lost > 0 || r.failed > 0)) process.exitCode = 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
