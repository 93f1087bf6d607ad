import type { AddressInfo } from "node:net";
import { FileStore } from "./fileStore";
import { API_PREFIX, buildServer } from "./server";
import { EmulatorState, type SeedOptions } from "./state";

export { DEFAULT_API_KEY, DEFAULT_MACHINES, EmulatorState } from "./state";
export type { SeedTeam, SeedOptions, LoggedRequest } from "./state";
export type { SeedMachine } from "./kinds/machines";
export { PROFILES, type EventDurations, type ProfileName } from "./profiles";
export type { Duration } from "./events";
export type { FaultRule, FaultEffect } from "./faults";
export type { RateLimitConfig } from "./rateLimit";
export { QUIRK_NAMES, DEFAULT_DELETE_LAG_MS, type QuirkName } from "./quirks";
export { WIRE_FORMS, DEFAULT_WIRE_FORM, type WireForm } from "./wire";
export { MemoryStore, type EmulatorStore } from "./store";
export type { Collection } from "./collection";
export { FileStore } from "./fileStore";

export interface EmulatorOptions extends SeedOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Keep the state in this file, so that it survives a restart (a journal, flushed before each answer). */
  stateFile?: string;
}

export interface RunningEmulator {
  /** The API base URL, the value `paperspace:apiUrl` takes, e.g. `http://127.0.0.1:4010/v1`. */
  url: string;
  /** The server's root, where the control API lives (`/_emulator/...`). */
  rootUrl: string;
  port: number;
  state: EmulatorState;
  close(): Promise<void>;
}

/** Starts a local Paperspace API. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const store = options.store ?? (options.stateFile ? new FileStore(options.stateFile) : undefined);
  const state = new EmulatorState({ ...options, store });
  const app = buildServer(state);
  const host = options.host ?? "127.0.0.1";
  await app.listen({ port: options.port ?? 0, host });
  const { port } = app.server.address() as AddressInfo;
  const rootUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url: rootUrl + API_PREFIX,
    rootUrl,
    port,
    state,
    close: async () => {
      await app.close();
      state.store.close();
    },
  };
}
