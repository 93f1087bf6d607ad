#!/usr/bin/env node
import { parseArgs } from "node:util";
import { DEFAULT_API_KEY, startEmulator } from "./index";

const usage = `Usage: paperspace-emulator [--port <n>] [--host <addr>] [--api-key <key>]... [--seed <n>]

Serves a local Paperspace API v1. The first line printed is the API base URL (the value of
paperspace:apiUrl); the control API is at the server's root under /_emulator.

  --port      port to listen on; 0 (the default) picks a free one
  --host      address to listen on (default 127.0.0.1)
  --api-key   a key the default team accepts; repeat for several (default ${DEFAULT_API_KEY})
  --seed      seed of the id generator, to reproduce a run id for id`;

function fail(message: string): never {
  process.stderr.write(`paperspace-emulator: ${message}\n\n${usage}\n`);
  process.exit(2);
}

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`${flag} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "api-key": { type: "string", multiple: true },
        seed: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const port = integer(values.port, "--port");
  if (port !== undefined && port > 65535) fail(`--port must be at most 65535, got ${port}`);
  const emulator = await startEmulator({
    port,
    host: values.host,
    apiKeys: values["api-key"],
    seed: integer(values.seed, "--seed"),
  });
  process.stdout.write(`${emulator.url}\n`);
  process.stdout.write(`control API: ${emulator.rootUrl}/_emulator (seed ${emulator.state.seed})\n`);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: Error) => {
  process.stderr.write(`paperspace-emulator: ${error.message}\n`);
  process.exit(1);
});
