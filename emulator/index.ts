import type { AddressInfo } from "node:net";
import { API_PREFIX, buildServer } from "./server";
import { EmulatorState, type SeedOptions } from "./state";

export {
  DEFAULT_API_KEY,
  DEFAULT_MACHINES,
  EmulatorState,
  type SeedMachine,
  type SeedTeam,
  type LoggedRequest,
} from "./state";
export { MemoryStore, type EmulatorStore, type Collection } from "./store";

export interface EmulatorOptions extends SeedOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
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
  const state = new EmulatorState(options);
  const app = buildServer(state);
  const host = options.host ?? "127.0.0.1";
  await app.listen({ port: options.port ?? 0, host });
  const { port } = app.server.address() as AddressInfo;
  const rootUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return { url: rootUrl + API_PREFIX, rootUrl, port, state, close: () => app.close() };
}
