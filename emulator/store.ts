/** The emulator's state, behind an interface so that another backend can be dropped in. */

export interface Team {
  id: string;
  name: string;
  apiKeys: string[];
}

/** Every stored object belongs to one team; a team never sees another team's objects. */
export interface Owned {
  id: string;
  teamId: string;
}

export type MachineState =
  "off" | "starting" | "stopping" | "restarting" | "serviceready" | "ready" | "upgrading" | "provisioning";

/** A machine as `GET /machines/{id}` answers it. */
export interface Machine {
  id: string;
  name: string;
  state: MachineState;
  agentType: string;
  autoShutdownEnabled: boolean;
  autoShutdownForce: boolean | null;
  autoShutdownTimeout: number | null;
  autoSnapshotEnabled: boolean;
  autoSnapshotFrequency: "hourly" | "daily" | "weekly" | "monthly" | null;
  autoSnapshotSaveCount: number | null;
  cpus: number;
  dtCreated: string;
  dtDeleted: string | null;
  dtModified: string;
  machineType: string;
  networkId: string | null;
  os: string;
  privateIp: string | null;
  publicIp: string | null;
  publicIpType: "static" | "dynamic" | "none";
  ram: number;
  region: string;
  reservation: null;
  restorePointEnabled: boolean;
  restorePointFrequency: "shutdown" | null;
  restorePointSnapshotId: string | null;
  storageRate: number;
  storageTotal: number;
  storageUsed: number;
  updatesPending: boolean;
  usageRate: number;
}

/** A startup script as the API answers it (without the body). */
export interface StartupScript {
  id: string;
  name: string;
  description: string | null;
  isEnabled: boolean;
  isRunOnce: boolean;
  assignedMachineIds: string[];
  dtCreated: string;
  dtDeleted: string | null;
}

export type MachineRecord = Machine & Owned;
/** The stored script keeps its body, which the API never returns. */
export type StartupScriptRecord = StartupScript & Owned & { script: string };

/** One kind of object, scoped by team. */
export interface Collection<T extends Owned> {
  get(teamId: string, id: string): T | undefined;
  list(teamId: string): T[];
  /** Inserts or replaces. */
  put(record: T): T;
  delete(teamId: string, id: string): T | undefined;
}

export interface EmulatorStore {
  teams(): Team[];
  teamForKey(apiKey: string): Team | undefined;
  addTeam(team: Team): void;
  readonly machines: Collection<MachineRecord>;
  readonly startupScripts: Collection<StartupScriptRecord>;
  /** Forgets everything, teams included. */
  clear(): void;
}

class MemoryCollection<T extends Owned> implements Collection<T> {
  private readonly byTeam = new Map<string, Map<string, T>>();

  get(teamId: string, id: string): T | undefined {
    return this.byTeam.get(teamId)?.get(id);
  }

  list(teamId: string): T[] {
    return [...(this.byTeam.get(teamId)?.values() ?? [])];
  }

  put(record: T): T {
    let team = this.byTeam.get(record.teamId);
    if (!team) this.byTeam.set(record.teamId, (team = new Map()));
    team.set(record.id, record);
    return record;
  }

  delete(teamId: string, id: string): T | undefined {
    const record = this.get(teamId, id);
    this.byTeam.get(teamId)?.delete(id);
    return record;
  }

  clear(): void {
    this.byTeam.clear();
  }
}

/** The default store: everything in memory, gone when the process ends. */
export class MemoryStore implements EmulatorStore {
  private readonly teamList: Team[] = [];
  readonly machines = new MemoryCollection<MachineRecord>();
  readonly startupScripts = new MemoryCollection<StartupScriptRecord>();

  teams(): Team[] {
    return [...this.teamList];
  }

  teamForKey(apiKey: string): Team | undefined {
    return this.teamList.find((team) => team.apiKeys.includes(apiKey));
  }

  addTeam(team: Team): void {
    this.teamList.push(team);
  }

  clear(): void {
    this.teamList.length = 0;
    this.machines.clear();
    this.startupScripts.clear();
  }
}
