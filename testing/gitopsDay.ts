/**
 * A day of GitOps: one stack of a team's small environment (startup scripts, their assignments, snapshots, templates)
 * taken through many cycles of what CI does after each merged pull request: the program changes, `pulumi preview`,
 * `pulumi up` on a bad day (a fault and quirks of the emulator drawn at random), `pulumi refresh`. After each cycle the
 * account must hold exactly what the program declares, or the next `up` must make it so.
 *
 * The stack, its program folder and the emulator live for the whole day, so that anything that grows with the
 * stack's history would show. Everything drawn comes from one seed. Used by bench/gitops.ts (`npm run reliability --
 * --part gitops`, with time and memory) and tests/e2e/gitopsDay.e2e.test.ts (a few cycles, pass/fail only).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { stringify } from "yaml";
import { Random } from "../emulator/random";
import { DEFAULT_API_KEY, type TestEmulator } from "./emulator";
import { type StoredResource, installPlugin, programCopy, scratchDir, stackIn, storedCheckpoint } from "./pulumi";

/** The dynamic resources of the TypeScript package, or the provider plugin from a YAML program. */
export type Path = "dynamic" | "plugin";

interface Script {
  key: string;
  name?: string;
  body: string;
}
interface Assignment {
  key: string;
  /** The key of the script assigned. */
  script: string;
  /** An index into the running machines. */
  machine: number;
}
interface Image {
  key: string;
  name?: string;
  /** An index into the running machines (a snapshot) or the machines that are off (a template). */
  machine: number;
}

/** What the program declares. */
export interface Environment {
  scripts: Script[];
  assignments: Assignment[];
  snapshots: Image[];
  templates: Image[];
}

const RUNNING_MACHINES = 3;
const OFF_MACHINES = 2;
/**
 * Bounds on each kind, so that the stack stays the same size on average over the day and a growth of requests or
 * memory per cycle is the provider's, not the stack's.
 */
const BOUNDS = { scripts: [2, 5], assignments: [0, 6], snapshots: [0, 3], templates: [0, 2] } as const;
/**
 * The snapshots' and templates' operation timeouts: long enough for an answer slower than the client's 30 s timeout
 * and the look for what it made, short enough that an event that never finishes costs a cycle 40 s, not the default.
 */
const TIMEOUTS = { create: "40s", update: "40s", delete: "40s" };

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random.next() * items.length)];

const INITIAL: Environment = {
  scripts: [
    { key: "1", body: "#!/bin/bash\necho 1\n" },
    { key: "2", body: "#!/bin/bash\necho 2\n" },
    { key: "3", body: "#!/bin/bash\necho 3\n" },
  ],
  assignments: [
    { key: "4", script: "1", machine: 0 },
    { key: "5", script: "1", machine: 1 },
    { key: "6", script: "2", machine: 2 },
  ],
  snapshots: [{ key: "7", machine: 0 }],
  templates: [{ key: "8", machine: 0 }],
};

type Kind = keyof Environment;
type Removed = { kind: Kind; item: Script | Assignment | Image };

/** What a team's pull request changes: each may apply to the environment as it is, and gives the next one. */
interface Change {
  name: string;
  applies(env: Environment, draw: Draw): boolean;
  apply(env: Environment, draw: Draw): Environment;
}

/** What a change draws from: the day's random sequence, the cycle (for new bodies and names), new keys, history. */
interface Draw {
  random: Random;
  cycle: number;
  newKey(): string;
  removed: Removed[];
}

const count = (env: Environment, kind: Kind) => env[kind].length;
const below = (kind: Kind) => (env: Environment) => count(env, kind) < BOUNDS[kind][1];
const above = (kind: Kind) => (env: Environment) => count(env, kind) > BOUNDS[kind][0];
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** The running machines a script is not yet assigned to. */
const freeMachines = (env: Environment, script: string) =>
  range(RUNNING_MACHINES).filter((m) => !env.assignments.some((a) => a.script === script && a.machine === m));
const assignable = (env: Environment) => env.scripts.filter((s) => freeMachines(env, s.key).length > 0);

function without<K extends Kind>(env: Environment, kind: K, key: string, draw: Draw): Environment {
  const item = env[kind].find((i) => i.key === key)!;
  draw.removed.push({ kind, item });
  return { ...env, [kind]: env[kind].filter((i) => i.key !== key) };
}

function changed<K extends Kind>(env: Environment, kind: K, key: string, change: object): Environment {
  return { ...env, [kind]: env[kind].map((i) => (i.key === key ? { ...i, ...change } : i)) };
}

/** Renaming, taking the image of another machine (which replaces), adding and dropping: the same for both images. */
function imageChanges(kind: "snapshots" | "templates", noun: string, machines: number): Change[] {
  return [
    {
      name: `add a ${noun}`,
      applies: below(kind),
      apply: (env, draw) => ({
        ...env,
        [kind]: [...env[kind], { key: draw.newKey(), machine: Math.floor(draw.random.next() * machines) }],
      }),
    },
    {
      name: `remove a ${noun}`,
      applies: above(kind),
      apply: (env, draw) => without(env, kind, pick(draw.random, env[kind]).key, draw),
    },
    {
      name: `rename a ${noun}`,
      applies: (env) => count(env, kind) > 0,
      apply: (env, draw) => {
        const image = pick(draw.random, env[kind]);
        return changed(env, kind, image.key, { name: `${noun}-${image.key}-c${draw.cycle}` });
      },
    },
    {
      name: `${noun} of another machine (replaces it)`,
      applies: (env) => count(env, kind) > 0,
      apply: (env, draw) => {
        const image = pick(draw.random, env[kind]);
        return changed(env, kind, image.key, { machine: (image.machine + 1) % machines });
      },
    },
  ];
}

export const CHANGES: Change[] = [
  {
    name: "edit a script's body",
    applies: () => true,
    apply: (env, draw) => {
      const script = pick(draw.random, env.scripts);
      return changed(env, "scripts", script.key, { body: `#!/bin/bash\n# cycle ${draw.cycle}\necho ${script.key}\n` });
    },
  },
  {
    name: "rename a script",
    applies: () => true,
    apply: (env, draw) => {
      const script = pick(draw.random, env.scripts);
      return changed(env, "scripts", script.key, { name: `script-${script.key}-c${draw.cycle}` });
    },
  },
  {
    name: "add a script and assign it",
    applies: (env) => below("scripts")(env) && below("assignments")(env),
    apply: (env, draw) => {
      const key = draw.newKey();
      return {
        ...env,
        scripts: [...env.scripts, { key, body: `#!/bin/bash\necho ${key}\n` }],
        assignments: [
          ...env.assignments,
          { key: draw.newKey(), script: key, machine: Math.floor(draw.random.next() * RUNNING_MACHINES) },
        ],
      };
    },
  },
  {
    // A script's assignments go with it, as they must in the program.
    name: "remove a script and its assignments",
    applies: above("scripts"),
    apply: (env, draw) => {
      const script = pick(draw.random, env.scripts);
      let next = env;
      for (const a of env.assignments.filter((a) => a.script === script.key)) {
        next = without(next, "assignments", a.key, draw);
      }
      return without(next, "scripts", script.key, draw);
    },
  },
  {
    name: "assign a script to one more machine",
    applies: (env) => below("assignments")(env) && assignable(env).length > 0,
    apply: (env, draw) => {
      const script = pick(draw.random, assignable(env));
      const machine = pick(draw.random, freeMachines(env, script.key));
      return { ...env, assignments: [...env.assignments, { key: draw.newKey(), script: script.key, machine }] };
    },
  },
  {
    name: "unassign a script",
    applies: above("assignments"),
    apply: (env, draw) => without(env, "assignments", pick(draw.random, env.assignments).key, draw),
  },
  {
    name: "move an assignment to another machine (replaces it)",
    applies: (env) => env.assignments.some((a) => freeMachines(env, a.script).length > 0),
    apply: (env, draw) => {
      const movable = env.assignments.filter((a) => freeMachines(env, a.script).length > 0);
      const assignment = pick(draw.random, movable);
      return changed(env, "assignments", assignment.key, {
        machine: pick(draw.random, freeMachines(env, assignment.script)),
      });
    },
  },
  ...imageChanges("snapshots", "snapshot", RUNNING_MACHINES),
  ...imageChanges("templates", "template", OFF_MACHINES),
  {
    // A revert: the same resource name as before, so its auto-name meets the one deleted earlier (which may linger).
    name: "revert: declare again what an earlier pull request removed",
    applies: (env, draw) => revertible(env, draw.removed).length > 0,
    apply: (env, draw) => {
      const latest = revertible(env, draw.removed).at(-1)!;
      draw.removed.splice(draw.removed.indexOf(latest), 1);
      return { ...env, [latest.kind]: [...env[latest.kind], latest.item] };
    },
  },
];

/** What was removed and may come back: within the bounds, its key not declared, an assignment's script declared. */
function revertible(env: Environment, removed: Removed[]): Removed[] {
  return removed.filter(({ kind, item }) => {
    if (!below(kind)(env) || env[kind].some((i) => i.key === item.key)) return false;
    if (kind !== "assignments") return true;
    const a = item as Assignment;
    return env.scripts.some((s) => s.key === a.script) && freeMachines(env, a.script).includes(a.machine);
  });
}

/** The fault rules, quirks and machine states of one `up`. */
export interface BadDay {
  /** What is drawn, for the record: the fault's name and the quirks on. */
  fault: string;
  quirks: string[];
  rules: Record<string, unknown>[];
  /** The fault rules' seed, which draws the requests they hit. */
  seed: number;
  /** The machines that are off are running during the `up` (a template cannot be made from one). */
  machinesRunning?: true;
}

const QUIRKS = ["duplicate-pages", "delete-lag", "ambiguous-errors", "bodyless-patch-refused"];
/**
 * Faults on any request of the `up`, each with this chance: an `up` of one pull request makes a few requests, so the
 * chance is high; seven in a row, which spend the client's six retries of one request, are then rare but happen.
 */
const anyRequest = (effect: object, probability = 0.35) => [{ method: "*", path: "/**", probability, ...effect }];
/** An event fault on each request that starts an event of the stack's resources (once each). */
const eventStarts = (event: string) =>
  [
    { method: "POST", path: "/snapshots" },
    { method: "POST", path: "/custom-templates" },
    { method: "DELETE", path: "/snapshots/*" },
  ].map((endpoint) => ({ ...endpoint, count: 1, event }));

/** The faults, with how often each is drawn (none the most often: most of a day's `up`s meet no fault). */
const FAULTS: { name: string; weight: number; rules?: Record<string, unknown>[]; machinesRunning?: true }[] = [
  { name: "none", weight: 6 },
  { name: "429 with Retry-After", weight: 2, rules: anyRequest({ retryAfter: 1 }) },
  { name: "429 without Retry-After", weight: 2, rules: anyRequest({ status: 429 }) },
  { name: "500", weight: 1, rules: anyRequest({ status: 500 }) },
  { name: "502", weight: 1, rules: anyRequest({ status: 502 }) },
  { name: "503", weight: 1, rules: anyRequest({ status: 503 }) },
  { name: "dropped before the API acted", weight: 2, rules: anyRequest({ drop: "before" }) },
  { name: "dropped after the API acted", weight: 2, rules: anyRequest({ drop: "after" }) },
  { name: "slow answers (2 s)", weight: 1, rules: anyRequest({ delayMs: 2_000 }) },
  { name: "an answer slower than the client's timeout", weight: 1, rules: anyRequest({ delayMs: 31_000 }, 0.2) },
  { name: "events end in error", weight: 1, rules: eventStarts("error") },
  { name: "events cancelled", weight: 1, rules: eventStarts("cancelled") },
  { name: "events never finish", weight: 1, rules: eventStarts("stuck") },
  { name: "events read error, then done", weight: 1, rules: eventStarts("transient-error") },
  { name: "the templates' machines are running", weight: 1, machinesRunning: true },
];

export function drawBadDay(random: Random): BadDay {
  let at = random.next() * FAULTS.reduce((sum, f) => sum + f.weight, 0);
  const fault = FAULTS.find((f) => (at -= f.weight) < 0) ?? FAULTS[0];
  return {
    fault: fault.name,
    quirks: QUIRKS.filter(() => random.next() < 0.2),
    rules: fault.rules ?? [],
    seed: Math.floor(random.next() * 2 ** 31),
    ...(fault.machinesRunning ? { machinesRunning: true as const } : {}),
  };
}

/** One cycle as recorded. */
export interface Cycle {
  cycle: number;
  change: string;
  badDay: BadDay;
  /** How many times the fault rules fired during the `up`. */
  faultHits: number;
  /** The `up`'s error, summed up, if it failed. */
  upFailure?: string;
  /** Why the account or the state is not what the program declares after the refresh (empty: converged). */
  problems: string[];
  /** API requests of the cycle's preview, up and refresh. */
  requests: number;
  /** The provider process's peak resident memory over the cycle's operations, in MiB (0 when not watched). */
  peakProviderMb: number;
  /** Resources the program declares after the change. */
  resources: number;
}

/** Runs an operation of the stack, answering its result and the provider process's peak memory meanwhile. */
export type Watch = <T>(operation: (stack: Stack) => Promise<T>) => Promise<{ result: T; peakProviderMb: number }>;

/** The summary of a CLI failure: its diagnostics' error lines, short. */
function summary(message: string): string {
  const errors = message
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /error:|^\* /.test(line) && !/update failed|preview failed|one or more errors/.test(line));
  return (errors.slice(0, 2).join(" / ") || message.split("\n")[0]).slice(0, 240);
}

export class GitopsDay {
  private env: Environment = INITIAL;
  private readonly random: Random;
  private readonly draw: Draw;
  private cycles = 0;
  private keys = 8;
  private watch: Watch = async (operation) => ({ result: await operation(this.stack), peakProviderMb: 0 });

  private constructor(
    readonly path: Path,
    readonly emulator: TestEmulator,
    readonly stack: Stack,
    readonly workDir: string,
    readonly stateDir: string,
    private readonly machines: { running: string[]; off: string[] },
    seed: number,
    private readonly cleanup: () => void,
  ) {
    this.random = new Random(seed);
    this.draw = { random: this.random, cycle: 0, newKey: () => String(++this.keys), removed: [] };
  }

  /** What the provider process's command line holds: Pulumi's dynamic provider host, or the plugin. */
  get providerCommand(): string {
    return this.path === "dynamic" ? "cmd/dynamic-provider" : "resource-paperspace";
  }

  /** A day's stack on `path`, against this emulator (on which it adds the machines it uses), with the initial program. */
  static async start(path: Path, emulator: TestEmulator, seed: number): Promise<GitopsDay> {
    const add = async (state: string, n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        ids.push(
          (await emulator.control<{ id: string }>("POST", "/machines", { name: `gitops-${state}-${i}`, state })).id,
        );
      }
      return ids;
    };
    const machines = { running: await add("ready", RUNNING_MACHINES), off: await add("off", OFF_MACHINES) };
    // Events take a moment, as they do when the API is quick.
    await emulator.control("POST", "/config", { eventDurationMs: 100 });
    let folders: { workDir: string; stateDir: string; cleanup(): void };
    if (path === "dynamic") {
      folders = programCopy(join(__dirname, "fixtures", "gitops"), "gitops-dynamic");
    } else {
      const scratch = scratchDir("gitops-plugin");
      folders = { workDir: join(scratch.dir, "program"), stateDir: join(scratch.dir, "state"), ...scratch };
      mkdirSync(folders.workDir, { recursive: true });
      writeFileSync(join(folders.workDir, "Pulumi.yaml"), stringify({ name: "gitops-day", runtime: "yaml" }));
      await installPlugin(folders.stateDir);
    }
    const stack = await stackIn(folders.workDir, folders.stateDir, "day");
    await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
    const day = new GitopsDay(
      path,
      emulator,
      stack,
      folders.workDir,
      folders.stateDir,
      machines,
      seed,
      folders.cleanup,
    );
    await day.write();
    await day.stack.up();
    const problems = await day.check();
    if (problems.length > 0) throw new Error(`the day's first up, with no fault, did not converge: ${problems}`);
    return day;
  }

  /** Watches each later operation with `watch` (the benchmark's, which samples the provider's memory). */
  watchWith(watch: Watch): void {
    this.watch = watch;
  }

  /** The program as the environment declares it: the dynamic program's config, or the YAML program itself. */
  private async write(): Promise<void> {
    const { running, off } = this.machines;
    if (this.path === "dynamic") {
      const resolved = {
        scripts: this.env.scripts,
        assignments: this.env.assignments.map((a) => ({ key: a.key, script: a.script, machineId: running[a.machine] })),
        snapshots: this.env.snapshots.map((s) => ({ key: s.key, name: s.name, machineId: running[s.machine] })),
        templates: this.env.templates.map((t) => ({ key: t.key, name: t.name, machineId: off[t.machine] })),
        timeouts: TIMEOUTS,
      };
      writeFileSync(join(this.workDir, "environment.json"), JSON.stringify(resolved, null, 2));
      return;
    }
    const resources: Record<string, unknown> = {};
    const named = (name?: string) => (name === undefined ? {} : { name });
    const options = { customTimeouts: TIMEOUTS };
    for (const s of this.env.scripts) {
      resources[`script-${s.key}`] = {
        type: "paperspace:index:StartupScript",
        properties: { script: s.body, ...named(s.name) },
      };
    }
    for (const a of this.env.assignments) {
      resources[`assign-${a.key}`] = {
        type: "paperspace:index:StartupScriptAssignment",
        properties: { startupScriptId: `\${script-${a.script}.id}`, machineId: running[a.machine] },
      };
    }
    for (const s of this.env.snapshots) {
      resources[`snap-${s.key}`] = {
        type: "paperspace:index:Snapshot",
        properties: { machineId: running[s.machine], ...named(s.name) },
        options,
      };
    }
    for (const t of this.env.templates) {
      resources[`tmpl-${t.key}`] = {
        type: "paperspace:index:CustomTemplate",
        properties: { machineId: off[t.machine], ...named(t.name) },
        options,
      };
    }
    // Each resource's options written out in full: the engine's YAML reader refuses anchors and aliases.
    const program = stringify({ name: "gitops-day", runtime: "yaml", resources }, { aliasDuplicateObjects: false });
    writeFileSync(join(this.workDir, "Pulumi.yaml"), program);
  }

  /** One cycle: a pull request's change, preview, up on a bad day, refresh; then what the account holds. */
  async cycle(): Promise<Cycle> {
    const cycle = ++this.cycles;
    this.draw.cycle = cycle;
    const change = pick(
      this.random,
      CHANGES.filter((c) => c.applies(this.env, this.draw)),
    );
    this.env = change.apply(this.env, this.draw);
    await this.write();
    const log = this.emulator.emulator.state.requests;
    const before = log.length;
    const problems: string[] = [];
    let peakProviderMb = 0;
    const run = async (what: string, operation: (stack: Stack) => Promise<unknown>): Promise<string | undefined> => {
      const { result, peakProviderMb: peak } = await this.watch((stack) =>
        operation(stack).then(
          () => undefined,
          (error: Error) => summary(error.message),
        ),
      );
      peakProviderMb = Math.max(peakProviderMb, peak);
      if (result && what !== "up") problems.push(`${what} failed: ${result}`);
      return result;
    };

    await run("preview", (stack) => stack.preview());
    const badDay = drawBadDay(this.random);
    await this.control("POST", "/faults", { seed: badDay.seed, rules: badDay.rules });
    await this.control("POST", "/quirks", { quirks: badDay.quirks, deleteLagMs: 3_000 });
    if (badDay.machinesRunning) await this.setOffMachines("ready");
    const upFailure = await run("up", (stack) => stack.up());
    const faultHits = this.emulator.emulator.state.faults.list().reduce((sum, rule) => sum + rule.hits, 0);
    // The bad day is over: a held event finishes, as when the platform recovers.
    await this.control("DELETE", "/faults");
    await this.control("POST", "/quirks", { quirks: [] });
    if (badDay.machinesRunning) await this.setOffMachines("off");
    await run("refresh", (stack) => stack.refresh());
    problems.push(...(await this.check()));
    return {
      cycle,
      change: change.name,
      badDay,
      faultHits,
      ...(upFailure ? { upFailure } : {}),
      problems,
      requests: log.length - before,
      peakProviderMb,
      resources: Object.values(this.env).reduce((sum, items) => sum + items.length, 0),
    };
  }

  private async setOffMachines(state: "ready" | "off"): Promise<void> {
    for (const id of this.machines.off) await this.control("PATCH", `/machines/${id}`, { state });
  }

  /** A call of the emulator's control API, which must be accepted: a refused fault rule would make a day of none. */
  private async control(method: string, path: string, body?: unknown): Promise<void> {
    const answer = await this.emulator.control<{ code?: string; message?: string }>(method, path, body);
    if (answer?.code) throw new Error(`the emulator refused ${method} ${path}: ${answer.message}`);
  }

  /** A fault-free `up` and `refresh`, as the next merged pull request would run on a good day; then the check. */
  async heal(): Promise<string[]> {
    await this.stack.up();
    await this.stack.refresh();
    return this.check();
  }

  /**
   * Why the stack is not what the program declares (empty when it is): its state holds each declared resource once and
   * no other, with no pending operation; the account holds exactly the objects of the state (none twice, none
   * orphaned), each as declared (a script's body and name, an image's machine and name, the assignments' pairs); the
   * machines are as they were.
   */
  async check(): Promise<string[]> {
    const problems: string[] = [];
    const latest = storedCheckpoint(this.stateDir).checkpoint.latest as {
      resources?: StoredResource[];
      pending_operations?: unknown[];
    };
    if ((latest.pending_operations ?? []).length > 0) {
      problems.push(`${latest.pending_operations!.length} pending operations in the state`);
    }
    const ids = new Map<string, string>();
    for (const resource of latest.resources ?? []) {
      const name = resource.urn.split("::").pop()!;
      if (!/^(script|assign|snap|tmpl)-/.test(name)) continue;
      if (ids.has(name)) problems.push(`${name} twice in the state`);
      ids.set(name, resource.id ?? "");
    }
    const declared = [
      ...this.env.scripts.map((s) => `script-${s.key}`),
      ...this.env.assignments.map((a) => `assign-${a.key}`),
      ...this.env.snapshots.map((s) => `snap-${s.key}`),
      ...this.env.templates.map((t) => `tmpl-${t.key}`),
    ];
    const missing = declared.filter((name) => !ids.has(name));
    const extra = [...ids.keys()].filter((name) => !declared.includes(name));
    if (missing.length > 0) problems.push(`not in the state: ${missing.join(", ")}`);
    if (extra.length > 0) problems.push(`in the state, not declared: ${extra.join(", ")}`);

    const account = this.emulator.account();
    const { running, off } = this.machines;
    const compare = <T extends { id: string; name: string }, I extends { key: string; name?: string }>(
      what: string,
      objects: T[],
      items: I[],
      prefix: string,
      matches: (object: T, item: I) => string | undefined,
    ) => {
      const byId = new Map(objects.map((o) => [o.id, o]));
      const stateIds = new Set<string>();
      for (const item of items) {
        const id = ids.get(`${prefix}-${item.key}`);
        if (id === undefined) continue;
        stateIds.add(id);
        const object = byId.get(id);
        if (!object) {
          problems.push(`${what} ${prefix}-${item.key} (${id}) is not in the account`);
          continue;
        }
        if (item.name !== undefined && object.name !== item.name) {
          problems.push(`${what} ${id} is named ${object.name}, not ${item.name}`);
        }
        const wrong = matches(object, item);
        if (wrong) problems.push(`${what} ${id}: ${wrong}`);
      }
      const orphans = objects.filter((o) => !stateIds.has(o.id));
      if (orphans.length > 0) problems.push(`${what}s not in the state: ${orphans.map((o) => o.id).join(", ")}`);
    };
    compare("script", account.scripts, this.env.scripts, "script", (object, item: Script) =>
      object.script === item.body ? undefined : "its body is not the declared one",
    );
    compare("snapshot", account.snapshots, this.env.snapshots, "snap", (object, item: Image) =>
      object.machineId === running[item.machine] ? undefined : `of ${object.machineId}, not ${running[item.machine]}`,
    );
    compare("template", account.templates, this.env.templates, "tmpl", (object, item: Image) =>
      object.parentMachineId === off[item.machine]
        ? undefined
        : `of ${object.parentMachineId}, not ${off[item.machine]}`,
    );
    const pairs = (list: string[]) => [...list].sort().join(" ");
    const held = account.scripts.flatMap((s) => s.assignedMachineIds.map((m) => `${s.id}>${m}`));
    const wanted = this.env.assignments.map((a) => `${ids.get(`script-${a.script}`)}>${running[a.machine]}`);
    if (pairs(held) !== pairs(wanted)) problems.push(`assignments ${pairs(held)}, not ${pairs(wanted)}`);
    const machines = account.machines.filter((m) => running.includes(m.id) || off.includes(m.id));
    for (const m of machines) {
      const state = running.includes(m.id) ? "ready" : "off";
      if (m.state !== state) problems.push(`machine ${m.id} is ${m.state}, not ${state}`);
    }
    if (machines.length !== running.length + off.length) problems.push("a machine of the stack is gone");
    return problems;
  }

  /**
   * The day's end: a preview that must show no change, destroy, and what the stack's objects left in the account
   * (none expected); the stack and its folders are removed.
   */
  async end(): Promise<{ noChangeFailure?: string; destroyFailure?: string; left: number }> {
    let noChangeFailure: string | undefined;
    let destroyFailure: string | undefined;
    try {
      await this.stack.preview({ expectNoChanges: true });
    } catch (error) {
      noChangeFailure = summary((error as Error).message);
    }
    try {
      await this.stack.destroy();
    } catch (error) {
      destroyFailure = summary((error as Error).message);
    }
    const { scripts, snapshots, templates } = this.emulator.account();
    const left = scripts.length + snapshots.length + templates.length;
    await this.stack.workspace.removeStack(this.stack.name, { force: true });
    this.cleanup();
    return { ...(noChangeFailure ? { noChangeFailure } : {}), ...(destroyFailure ? { destroyFailure } : {}), left };
  }
}
