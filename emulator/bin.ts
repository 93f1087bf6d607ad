#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { MachineState } from "../contract/paperspace-api";
import { DEFAULT_API_KEY, type EmulatorOptions, startEmulator } from "./index";
import { MACHINE_STATES } from "./kinds/machines";
import {
  OptionError,
  deleteLagOption,
  eventDurationsOption,
  quirksOption,
  rateLimitOption,
  rateLimitSpec,
  wireFormOption,
} from "./options";
import { PROFILES } from "./profiles";
import { DEFAULT_DELETE_LAG_MS, QUIRK_NAMES } from "./quirks";

const usage = `Usage: paperspace-emulator [options]

Serves a local Paperspace API v1. The first line printed is the API base URL (the value of
paperspace:apiUrl); the control API is at the server's root under /_emulator.

  --port <n>                port to listen on; 0 (the default) picks a free one
  --host <addr>             address to listen on (default 127.0.0.1)
  --api-key <key>           a key of the default team; repeat for several (default ${DEFAULT_API_KEY})
  --machine <name[:state]>  a machine of the default team; repeat for several
                            (default: training-box:ready and golden-image:off)
  --config <file.json>      options as JSON: apiKeys, machines, teams, seed, profile, eventDurations, rateLimit,
                            wireForm, quirks, deleteLagMs
                            (see emulator/README.md); the flags here override it
  --seed <n>                seed of the id generator, to reproduce a run id for id
  --profile <name>          event timing: fast (default, 50 ms per event) or realistic (tens of seconds)
  --event-duration-ms <n>   every event takes this long
  --rate-limit <rps[:burst]>  a token bucket per key; over it, 429 with Retry-After
  --wire-form <live|spec>   a machine's sizes as numeric strings and regions as display names, as the live API
                            sends them (live, the default), or numbers and region codes, as the contract types them
  --quirks <all|a,b,...>    act out the real API's rough edges: ${QUIRK_NAMES.join(", ")}
  --delete-lag-ms <n>       how long a deleted object still answers under delete-lag (default ${DEFAULT_DELETE_LAG_MS})
  --state-file <path>       keep the state in this file so that it survives a restart`;

function fail(message: string): never {
  process.stderr.write(`paperspace-emulator: ${message}\n\n${usage}\n`);
  process.exit(2);
}

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`${flag} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

function machine(spec: string): { name: string; state: MachineState } {
  const [name, state = "off"] = spec.split(":");
  if (!name) fail(`--machine needs a name, got "${spec}"`);
  if (!MACHINE_STATES.includes(state as MachineState)) {
    fail(`--machine ${spec}: the state must be one of ${MACHINE_STATES.join(", ")}`);
  }
  return { name, state: state as MachineState };
}

const CONFIG_KEYS = [
  "apiKeys",
  "machines",
  "teams",
  "seed",
  "profile",
  "eventDurations",
  "rateLimit",
  "wireForm",
  "quirks",
  "deleteLagMs",
];

function configFile(path: string | undefined): EmulatorOptions {
  if (path === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    fail(`--config ${path}: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) fail(`--config ${path}: must be a JSON object`);
  const unknown = Object.keys(parsed).filter((key) => !CONFIG_KEYS.includes(key));
  if (unknown.length > 0)
    fail(`--config ${path}: unknown key ${unknown.join(", ")} (known: ${CONFIG_KEYS.join(", ")})`);
  return parsed as EmulatorOptions;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "api-key": { type: "string", multiple: true },
        machine: { type: "string", multiple: true },
        config: { type: "string" },
        seed: { type: "string" },
        profile: { type: "string" },
        "event-duration-ms": { type: "string" },
        "rate-limit": { type: "string" },
        "wire-form": { type: "string" },
        quirks: { type: "string" },
        "delete-lag-ms": { type: "string" },
        "state-file": { type: "string" },
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
  const eventMs = integer(values["event-duration-ms"], "--event-duration-ms");
  const options = configFile(values.config);
  // The --config file's timing, then the flags' over it.
  const fromFile = (option: string) => `--config ${values.config}: ${option}`;
  let timing: Pick<EmulatorOptions, "eventDurations" | "rateLimit" | "wireForm" | "quirks" | "deleteLagMs">;
  try {
    const { profile, eventDurations, rateLimit } = options;
    const fileDurations = eventDurationsOption(PROFILES.fast, { profile, eventDurations }, fromFile);
    timing = {
      eventDurations: eventDurationsOption(
        fileDurations,
        { profile: values.profile, eventDurationMs: eventMs },
        (option) => (option === "profile" ? "--profile" : "--event-duration-ms"),
      ),
      rateLimit:
        values["rate-limit"] !== undefined
          ? rateLimitSpec(values["rate-limit"], "--rate-limit")
          : (rateLimitOption(rateLimit ?? null, fromFile("rateLimit")) ?? undefined),
      wireForm:
        values["wire-form"] !== undefined
          ? wireFormOption(values["wire-form"], "--wire-form")
          : options.wireForm !== undefined
            ? wireFormOption(options.wireForm, fromFile("wireForm"))
            : undefined,
      quirks:
        values.quirks !== undefined
          ? quirksOption(values.quirks, "--quirks")
          : options.quirks !== undefined
            ? quirksOption(options.quirks, fromFile("quirks"))
            : undefined,
      deleteLagMs:
        values["delete-lag-ms"] !== undefined
          ? integer(values["delete-lag-ms"], "--delete-lag-ms")
          : options.deleteLagMs !== undefined
            ? deleteLagOption(options.deleteLagMs, fromFile("deleteLagMs"))
            : undefined,
    };
  } catch (error) {
    if (error instanceof OptionError) fail(error.message);
    throw error;
  }
  const emulator = await startEmulator({
    ...options,
    ...timing,
    port,
    host: values.host,
    apiKeys: values["api-key"] ?? options.apiKeys,
    machines: values.machine?.map(machine) ?? options.machines,
    seed: integer(values.seed, "--seed") ?? options.seed,
    stateFile: values["state-file"],
  });
  process.stdout.write(`${emulator.url}\n`);
  const quirks = [...emulator.state.quirks];
  const acting = quirks.length > 0 ? `; quirks: ${quirks.join(", ")}` : "";
  const { seed, wireForm } = emulator.state;
  process.stdout.write(`control API: ${emulator.rootUrl}/_emulator (seed ${seed}; ${wireForm} wire form${acting})\n`);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: Error) => {
  process.stderr.write(`paperspace-emulator: ${error.message}\n`);
  process.exit(1);
});
