/**
 * What the performance benchmarks share: an emulator started in this process, stacks of the `scale` fixture program
 * run by the real Pulumi CLI, the API requests each operation made (from the emulator's log), and the provider host's
 * peak memory (read from /proc while an operation runs).
 */
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Stack } from "@pulumi/pulumi/automation";
import type { EmulatorOptions, LoggedRequest } from "../emulator/index";
import { programCopy, stackIn, storedCheckpoint } from "../testing/pulumi";
import { DEFAULT_API_KEY, TestEmulator } from "../testing/emulator";

/** How many resources of each kind a stack declares (see bench/fixtures/scale/index.js). */
export interface Plan {
  scripts?: number;
  assignments?: number;
  snapshots?: number;
  templates?: number;
  trivial?: number;
  /** Machines, all made from `templateId`. */
  machines?: number;
  templateId?: string;
  /** Private networks, shared drives on them, public IPs and machine accesses, all in ny2. */
  networks?: number;
  drives?: number;
  publicIps?: number;
  /** Accesses of the users of `userIds` (team members) to the running machines, each (machine, user) pair once. */
  accesses?: number;
  userIds?: string[];
}

/** N resources split evenly over the four kinds. */
export function mix(n: number): Plan {
  const scripts = Math.ceil(n / 4);
  const assignments = Math.ceil((n - scripts) / 3);
  const snapshots = Math.ceil((n - scripts - assignments) / 2);
  return { scripts, assignments, snapshots, templates: n - scripts - assignments - snapshots };
}

export const total = (plan: Plan) =>
  (plan.scripts ?? 0) +
  (plan.assignments ?? 0) +
  (plan.snapshots ?? 0) +
  (plan.templates ?? 0) +
  (plan.trivial ?? 0) +
  (plan.machines ?? 0) +
  (plan.networks ?? 0) +
  (plan.drives ?? 0) +
  (plan.publicIps ?? 0) +
  (plan.accesses ?? 0);

/** One figure a benchmark reports, with its goal where the issue sets one. */
export interface Figure {
  figure: string;
  value: string;
  goal?: string;
  met?: boolean;
}

export function print(title: string, figures: Figure[]): void {
  console.log(`\n${title}`);
  const width = Math.max(...figures.map((f) => f.figure.length));
  for (const f of figures) {
    const goal = f.goal ? `   (goal ${f.goal}: ${f.met ? "met" : "NOT met"})` : "";
    console.log(`  ${f.figure.padEnd(width)}  ${f.value}${goal}`);
  }
}

export const fixed = (value: number, digits = 2) => value.toFixed(digits);

/** Runs one part and prints its figures when its file is the program run (`node -r ts-node/register bench/<part>.ts`). */
export function runIfMain(module: NodeModule, title: string, run: () => Promise<Figure[]>): void {
  if (require.main !== module) return;
  run().then(
    (figures) => print(title, figures),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export interface Measured<T = unknown> {
  result: T;
  seconds: number;
  requests: LoggedRequest[];
  /** The provider host's peak resident memory during the operation, in MiB (0 if none ran). */
  peakProviderMb: number;
}

/** The emulator of one benchmark, with the machines its stacks use, and a copy of the fixture program. */
export class Bench {
  private stacks = 0;

  private constructor(
    readonly emulator: TestEmulator,
    private readonly program: { workDir: string; stateDir: string; cleanup(): void },
  ) {}

  static async start(options: EmulatorOptions = {}): Promise<Bench> {
    const emulator = await TestEmulator.start({ machines: [], ...options });
    return new Bench(emulator, programCopy(join(__dirname, "fixtures", "scale"), "bench"));
  }

  /**
   * Adds machines for a plan: a running one per snapshot (at least one), and enough for its assignments and for its
   * accesses (as many to a machine as there are users); an off one per template.
   */
  async machinesFor(plan: Plan): Promise<{ runningMachineIds: string[]; offMachineIds: string[] }> {
    const add = async (state: string, n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        ids.push(
          (await this.emulator.control<{ id: string }>("POST", "/machines", { name: `m-${state}-${i}`, state })).id,
        );
      }
      return ids;
    };
    const scripts = Math.max(1, plan.scripts ?? 0);
    const users = Math.max(1, plan.userIds?.length ?? 0);
    const running = Math.max(
      1,
      plan.snapshots ?? 0,
      Math.ceil((plan.assignments ?? 0) / scripts),
      Math.ceil((plan.accesses ?? 0) / users),
    );
    return { runningMachineIds: await add("ready", running), offMachineIds: await add("off", plan.templates ?? 0) };
  }

  /** A new stack of the fixture program that declares `plan`, configured for this emulator. */
  async stack(plan: Plan): Promise<BenchStack> {
    const name = `s${++this.stacks}`;
    const stack = await stackIn(this.program.workDir, this.program.stateDir, name);
    await stack.setConfig("paperspace:apiUrl", { value: this.emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
    const machines = await this.machinesFor(plan);
    await stack.setConfig("plan", { value: JSON.stringify({ ...plan, ...machines }) });
    return new BenchStack(this, stack, this.program.workDir, this.program.stateDir);
  }

  async config(body: Record<string, unknown>): Promise<void> {
    await this.emulator.control("POST", "/config", body);
  }

  async close(): Promise<void> {
    await this.emulator.close();
    this.program.cleanup();
  }
}

export class BenchStack {
  /** `provider` is what the provider process's command line holds: Pulumi's dynamic provider host by default. */
  constructor(
    private readonly bench: Bench,
    readonly stack: Stack,
    private readonly workDir: string,
    private readonly stateDir: string,
    private readonly provider = "cmd/dynamic-provider",
  ) {}

  /** Runs one operation, timing it and collecting the API requests it made and the provider host's peak memory. */
  async measure<T>(operation: (stack: Stack) => Promise<T>): Promise<Measured<T>> {
    const log = this.bench.emulator.emulator.state.requests;
    const before = log.length;
    const sampler = new ProviderHostSampler(this.workDir, this.provider);
    const started = performance.now();
    try {
      const result = await operation(this.stack);
      return {
        result,
        seconds: (performance.now() - started) / 1000,
        requests: log.slice(before),
        peakProviderMb: sampler.peakMb(),
      };
    } finally {
      sampler.stop();
    }
  }

  /** The stack's state file as stored (its size) and each resource's stored `__provider` code (their sizes). */
  stateSizes(): { stateBytes: number; providerBytes: number[] } {
    const checkpoint = storedCheckpoint(this.stateDir);
    const providerBytes = (checkpoint.checkpoint.latest.resources ?? [])
      .map((resource) => resource.inputs?.__provider)
      .filter((code): code is string => typeof code === "string")
      .map((code) => Buffer.byteLength(code));
    return { stateBytes: Buffer.byteLength(JSON.stringify(checkpoint)), providerBytes };
  }

  async destroy(): Promise<void> {
    await this.stack.destroy();
    await this.stack.workspace.removeStack(this.stack.name, { force: true });
  }
}

/**
 * Follows the provider processes started in one program folder (those whose command line holds `provider`), reading
 * each one's peak resident memory (VmHWM, which the kernel keeps per process) from /proc while it runs.
 */
class ProviderHostSampler {
  private readonly peaks = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly workDir: string,
    private readonly provider: string,
  ) {
    this.timer = setInterval(() => this.sample(), 100);
  }

  private sample(): void {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      try {
        if (!this.peaks.has(pid)) {
          const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
          if (!cmdline.includes(this.provider) || readlinkSync(`/proc/${pid}/cwd`) !== this.workDir) continue;
        }
        const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
        this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, kb));
      } catch {
        // the process ended between listing and reading
      }
    }
  }

  peakMb(): number {
    this.sample();
    return Math.max(0, ...this.peaks.values()) / 1024;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Requests whose path matches, e.g. `GET /machine-events/*`. */
export function matching(requests: LoggedRequest[], method: string, pattern: string): LoggedRequest[] {
  const regex = new RegExp(`^${pattern.replace(/\*/g, "[^/]+")}$`);
  return requests.filter((r) => r.method === method && regex.test(r.path));
}

/** E.g. "GET /public-ips 1, GET /machines/x/accessors/x 50": requests by method and route (ids as `*`). */
export function byRoute(requests: LoggedRequest[]): string {
  const groups = new Map<string, number>();
  for (const r of requests) {
    const route = r.path
      .split("/")
      .map((part, i) => (i % 2 === 0 && i > 0 ? "*" : part))
      .join("/");
    groups.set(`${r.method} ${route}`, (groups.get(`${r.method} ${route}`) ?? 0) + 1);
  }
  return [...groups].map(([route, k]) => `${route} ${k}`).join(", ");
}

/** The reads of events: each event's own (`GET /machine-events/{id}`) and the lists (`GET /machine-events`). */
export function eventReads(requests: LoggedRequest[]): LoggedRequest[] {
  return [...matching(requests, "GET", "/machine-events/*"), ...matching(requests, "GET", "/machine-events")];
}

/**
 * The events of the emulator's default team created from `since` on (epoch ms) whose name passes `named`: when each
 * was created, was due to end, and was first read ended (by its own GET or in a list; Infinity if never).
 */
export function eventsSince(
  bench: Bench,
  since: number,
  named: (name: string) => boolean,
): { id: string; createdAt: number; finishAt: number; endSeenAt: number }[] {
  const { store } = bench.emulator.emulator.state;
  return store.machineEvents
    .list(store.teams()[0].id)
    .filter((event) => named(event.name) && Date.parse(event.dtCreated) >= since)
    .map((event) => ({
      id: event.id,
      createdAt: Date.parse(event.dtCreated),
      finishAt: event.plan.finishAt,
      endSeenAt: event.plan.endSeenAt ?? Number.POSITIVE_INFINITY,
    }));
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
