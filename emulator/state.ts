import { IdGenerator } from "./ids";
import { type EmulatorStore, type MachineRecord, type MachineState, MemoryStore, type Team } from "./store";

/** The key the emulator accepts when none is given; for local use only. */
export const DEFAULT_API_KEY = "paperspace-emulator-key";

export interface SeedMachine {
  name: string;
  state?: MachineState;
}

export const DEFAULT_MACHINES: SeedMachine[] = [
  { name: "training-box", state: "ready" },
  { name: "golden-image", state: "off" },
];

export interface SeedTeam {
  name: string;
  apiKeys: string[];
  machines?: SeedMachine[];
}

export interface SeedOptions {
  /** Keys of the default team. */
  apiKeys?: string[];
  /** Machines of the default team. */
  machines?: SeedMachine[];
  /** More teams beside the default one; each sees only its own objects. */
  teams?: SeedTeam[];
  /** Seeds the id generator; the same seed and requests give the same ids. */
  seed?: number;
  store?: EmulatorStore;
}

export interface LoggedRequest {
  seq: number;
  method: string;
  /** Relative to the API base URL, without the query string. */
  path: string;
  query: string;
  status: number;
  durationMs: number;
}

/** Everything the emulator knows: the store, the id generator, the clock and the request log. */
export class EmulatorState {
  readonly store: EmulatorStore;
  readonly seed: number;
  ids: IdGenerator;
  readonly requests: LoggedRequest[] = [];
  private nextSeq = 1;

  constructor(private readonly options: SeedOptions = {}) {
    this.store = options.store ?? new MemoryStore();
    this.seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    this.ids = new IdGenerator(this.seed);
    this.reset();
  }

  /** Back to the seeded state: the teams, their keys and machines, a fresh id sequence, an empty log. */
  reset(): void {
    this.store.clear();
    this.ids = new IdGenerator(this.seed);
    this.requests.length = 0;
    this.nextSeq = 1;
    const defaultTeam: SeedTeam = {
      name: "default",
      apiKeys: this.options.apiKeys ?? [DEFAULT_API_KEY],
      machines: this.options.machines ?? DEFAULT_MACHINES,
    };
    for (const seed of [defaultTeam, ...(this.options.teams ?? [])]) {
      const team: Team = { id: this.ids.team(), name: seed.name, apiKeys: [...seed.apiKeys] };
      this.store.addTeam(team);
      for (const machine of seed.machines ?? []) this.store.machines.put(this.newMachine(team.id, machine));
    }
  }

  now(): string {
    return new Date().toISOString();
  }

  log(entry: Omit<LoggedRequest, "seq">): void {
    this.requests.push({ seq: this.nextSeq++, ...entry });
  }

  newMachine(teamId: string, seed: SeedMachine): MachineRecord {
    const now = this.now();
    return {
      id: this.ids.machine(),
      teamId,
      name: seed.name,
      state: seed.state ?? "off",
      agentType: "LinuxHeadless",
      autoShutdownEnabled: false,
      autoShutdownForce: null,
      autoShutdownTimeout: null,
      autoSnapshotEnabled: false,
      autoSnapshotFrequency: null,
      autoSnapshotSaveCount: null,
      cpus: 8,
      dtCreated: now,
      dtDeleted: null,
      dtModified: now,
      machineType: "A4000",
      networkId: null,
      os: "Ubuntu 22.04",
      privateIp: "10.0.0.2",
      publicIp: null,
      publicIpType: "dynamic",
      ram: 48 * 1024 ** 3,
      region: "ny2",
      reservation: null,
      restorePointEnabled: false,
      restorePointFrequency: null,
      restorePointSnapshotId: null,
      storageRate: 0.29,
      storageTotal: 50 * 1024 ** 3,
      storageUsed: 12 * 1024 ** 3,
      updatesPending: false,
      usageRate: 0.76,
    };
  }
}
