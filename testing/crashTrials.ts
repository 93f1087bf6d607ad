/**
 * Crash trials: a process killed with SIGKILL in the middle of a create, an update or a delete of each resource kind,
 * then what a user does next, then the invariants. The victim is the provider process (Pulumi's dynamic-provider host,
 * or the `pulumi-resource-paperspace` plugin) or the `pulumi` CLI with its plugins. The kill point is drawn by a
 * seeded random source, so that a trial is reproduced from its seed.
 *
 * Like the fault matrix (testing/faultMatrix.ts), everything is derived from the declarations: the kinds, each kind's
 * program (its example, with what it refers to), the input an update changes in place, and how long the operation
 * can take (the events it waits for). The emulator acts on the operation's first request of each writing method at
 * once but holds its answer for a while, and makes every event take a while, so that a kill can land after the API
 * acted but before the provider heard of it, while an event runs, or while the engine records the result.
 *
 * Used by tests/e2e/crash.e2e.test.ts (a few seeded trials per path, in CI) and bench/reliability.ts (50 per kind).
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import {
  type ExampleResource,
  type ExampleValue,
  type ObjectDeclaration,
  expandExample,
  isAction,
} from "../provider/lifecycle/declaration";
import type { Attribute } from "../provider/lifecycle/attributes";
import { Random } from "../emulator/random";
import { DECLARATIONS } from "../provider/resources/declarations.generated";
import { DEFAULT_API_KEY, TestEmulator } from "./emulator";
import { type Inventory, KINDS, type Kind, declarationOf, inventory, same, summary, total } from "./faultMatrix";
import { installPlugin, programCopy, pulumiCli, scratchDir } from "./pulumi";

export { KINDS };
export type Path = "dynamic" | "plugin";
export type Op = "create" | "update" | "delete";
export type Victim = "provider" | "cli";
export const PATHS: Path[] = ["dynamic", "plugin"];
export const OPS: Op[] = ["create", "update", "delete"];
export const VICTIMS: Victim[] = ["provider", "cli"];

/** How long the emulator holds the answer to the operation's first request of each writing method, having acted. */
const HOLD_MS = 1_000;
/** How long each machine event takes. */
const EVENT_MS = 1_500;
/** After the last request, the time the provider answers and the engine writes the state in. */
const TAIL_MS = 500;

/**
 * The input an update changes in place, and its new value: the name where a step renames, else the first input a
 * step applies; its value follows the example (a machine of the account for an id, one more trigger for a list). A
 * kind none of whose inputs updates in place (an assignment, an access grant: each is replaced) has none.
 */
export function updateOf(kind: Kind): { input: string; value: ExampleValue } | undefined {
  const declaration = declarationOf(kind);
  const attributes = declaration.attributes as Record<string, Attribute>;
  const updatable = Object.keys(attributes).filter((key) => attributes[key].onChange === "update");
  const input = updatable.includes("name") ? "name" : updatable[0];
  if (!input) return undefined;
  const example = declaration.example.args[input];
  if (input === "name") return { input, value: "crash-renamed" };
  if (Array.isArray(example)) return { input, value: [...example, "crash"] };
  if (attributes[input].parent === "machine" || /Id$/.test(input)) return { input, value: { machine: "running" } };
  throw new Error(`no new value for ${kind}.${input}: teach updateOf its type`);
}

/** Whether the operation makes an API request of its own (an action's delete only forgets it). */
export function applies(kind: Kind, op: Op): boolean {
  if (op === "update") return updateOf(kind) !== undefined;
  if (op === "delete") return !isAction(declarationOf(kind));
  return true;
}

/** How many machine events the operation waits for: what, beside the held request, it takes time for. */
function eventsOf(kind: Kind, op: Op): number {
  const declaration = declarationOf(kind);
  if (isAction(declaration)) return op === "delete" ? 0 : 1;
  const { calls, steps } = declaration as ObjectDeclaration;
  if (op === "create") return calls.create.waitsFor ? 1 : 0;
  if (op === "delete") return calls.delete.waitsFor ? 1 : 0;
  const input = updateOf(kind)!.input;
  return steps.find((step) => step.applies.includes(input))?.waitsFor ? 1 : 0;
}

/**
 * The longest the operation takes from its first request: the kill point is drawn within it. The event starts with
 * the request whose answer is held, so the two run side by side.
 */
export function windowOf(kind: Kind, op: Op): number {
  return Math.max(HOLD_MS, eventsOf(kind, op) * EVENT_MS) + TAIL_MS;
}

export interface Trial {
  kind: Kind;
  path: Path;
  op: Op;
  victim: Victim;
  seed: number;
}

export interface TrialOutcome {
  trial: Trial;
  /** When the kill landed, in ms after the operation's first request; `-1` when the operation made none. */
  killAtMs: number;
  /** Whether the victim was still there to kill (the operation may have ended first). */
  killed: boolean;
  /** How the operation's CLI ended: `exit <code>`, or the signal that killed it. */
  operationEnd: string;
  /** The commands the user ran after the crash, in order. */
  recovery: string[];
  /** Objects beyond what the program declares, after the recovery. */
  duplicates: number;
  /** Objects of the account that the stack does not hold, after the recovery. */
  orphans: number;
  problems: string[];
  ms: number;
}

/** The trials of a run: `count` of each kind, spread over the paths, operations and victims in turn. */
export function trialsOf(
  kinds: Kind[],
  {
    count,
    seed,
    paths = PATHS,
    ops = OPS,
    victims = VICTIMS,
  }: { count: number; seed: number } & Partial<{
    paths: Path[];
    ops: Op[];
    victims: Victim[];
  }>,
): Trial[] {
  const trials: Trial[] = [];
  for (const [k, kind] of kinds.entries()) {
    const combinations = paths.flatMap((path) =>
      ops.filter((op) => applies(kind, op)).flatMap((op) => victims.map((victim) => ({ path, op, victim }))),
    );
    for (let i = 0; i < count; i++) {
      // Each kind starts where the last left off, so that a few trials per kind still cover every combination.
      trials.push({ kind, ...combinations[(k * count + i) % combinations.length], seed: seed + trials.length });
    }
  }
  return trials;
}

/** The program of a kind: its example with what it refers to, its own resource named `subject`. */
function programOf(kind: Kind): ExampleResource[] {
  const made = expandExample(DECLARATIONS, kind);
  return [...made.slice(0, -1), { ...made[made.length - 1], name: "subject" }];
}

type Step = "before" | "after";

/** The program before and after the operation: a create adds the subject, a delete removes it, an update changes it. */
function programAt(kind: Kind, op: Op, step: Step): ExampleResource[] {
  const full = programOf(kind);
  const withoutSubject = full.slice(0, -1);
  if (op === "create") return step === "before" ? withoutSubject : full;
  if (op === "delete") return step === "before" ? full : withoutSubject;
  if (step === "before") return full;
  const { input, value } = updateOf(kind)!;
  const subject = full[full.length - 1];
  return [...withoutSubject, { ...subject, args: { ...subject.args, [input]: value } }];
}

/** The processes (Linux) of this PULUMI_HOME whose command line matches. */
function processesOf(home: string, command: RegExp): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      try {
        const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
        return environ.includes(`PULUMI_HOME=${home}`) && command.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
      } catch {
        return false; // gone already
      }
    })
    .map(Number);
}

/** The provider process of each path: the dynamic-provider host (its shell wrapper and its node), or the plugin (its
 * launcher and the node it runs, both in the plugin's folder). */
const PROVIDER_PROCESS: Record<Path, RegExp> = {
  dynamic: /pulumi-resource-pulumi-nodejs|dynamic-provider/,
  plugin: /resource-paperspace/,
};

/** Deletes the file backend's sidecars that are not whole JSON: what a kill in the middle of writing one leaves. */
function removeCutSidecars(backend: string): void {
  for (const entry of readdirSync(backend, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".attrs")) continue;
    const path = join(entry.parentPath, entry.name);
    try {
      JSON.parse(readFileSync(path, "utf8"));
    } catch {
      rmSync(path);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A program of one path in a folder of its own, whose stacks share one backend. */
interface Program {
  workDir: string;
  stateDir: string;
  cleanup(): void;
  /** Makes the stack declare these resources. */
  declare(stack: string, resources: ExampleResource[]): Promise<void>;
}

/** One emulator and a program per path, shared by the trials of a run; each trial gets a stack of its own. */
export class CrashTrials {
  /** What the account holds once each kind's whole program, and it without its subject, have been made. */
  private readonly declared = new Map<Kind, { full: Inventory; withoutSubject: Inventory }>();
  private readonly programs = new Map<Path, Program>();

  private constructor(readonly emulator: TestEmulator) {}

  static async start(): Promise<CrashTrials> {
    const emulator = await TestEmulator.start({
      machines: [
        { name: "running", state: "ready" },
        { name: "off", state: "off" },
      ],
    });
    return new CrashTrials(emulator);
  }

  async close(): Promise<void> {
    await this.emulator.close();
    for (const program of this.programs.values()) program.cleanup();
  }

  /** A value of an example, as the program passes it: an earlier resource's id, a machine or a member of the team. */
  private async resolved(value: ExampleValue, idOf: (name: string) => string): Promise<unknown> {
    if (!value || typeof value !== "object" || Array.isArray(value)) return value;
    if ("idOf" in value) return idOf(value.idOf);
    if ("teamMember" in value) return this.member();
    return this.emulator.machines().find((m) => m.name === value.machine)!.id;
  }

  private async member(): Promise<string> {
    const session = await this.emulator.call("GET", "/auth/session");
    const teamId = (session.body.team as { id: string }).id;
    const users = await this.emulator.call("GET", `/teams/${teamId}/users?role=member`);
    return (users.body.items as { user: { id: string } }[])[0].user.id;
  }

  /**
   * The program of a path. The dynamic resources: the fault matrix's fixture, which makes the resources its config
   * lists. The plugin: a Pulumi YAML program written out for each change, as a YAML user would edit it.
   */
  private async program(path: Path): Promise<Program> {
    const known = this.programs.get(path);
    if (known) return known;
    let program: Program;
    if (path === "dynamic") {
      const copy = programCopy(join(__dirname, "fixtures", "matrix"), "crash-dynamic");
      program = {
        ...copy,
        declare: async (stack, resources) => {
          const cli = pulumiCli(copy.workDir, copy.stateDir);
          const machine = (name: string) => this.emulator.machines().find((m) => m.name === name)!.id;
          for (const [key, value] of [
            ["resources", JSON.stringify(resources)],
            ["runningMachineId", machine("running")],
            ["offMachineId", machine("off")],
            ["memberUserId", await this.member()],
          ]) {
            const set = await cli.run(["config", "set", "--stack", stack, key, "--", value]);
            if (set.code !== 0) throw new Error(`pulumi config set ${key}: ${set.output}`);
          }
        },
      };
    } else {
      const scratch = scratchDir("crash-plugin");
      const workDir = join(scratch.dir, "program");
      const stateDir = join(scratch.dir, "state");
      mkdirSync(workDir, { recursive: true });
      await installPlugin(stateDir);
      program = {
        workDir,
        stateDir,
        cleanup: scratch.cleanup,
        declare: async (_stack, resources) => {
          const body: Record<string, unknown> = {};
          for (const { type, name, args } of resources) {
            const properties: Record<string, unknown> = {};
            for (const [key, value] of Object.entries(args)) {
              properties[key] = await this.resolved(value, (other) => `\${${other}.id}`);
            }
            body[name] = { type: `paperspace:index:${type}`, properties };
          }
          const project = { name: "e2e-crash", runtime: "yaml", resources: body };
          writeFileSync(join(workDir, "Pulumi.yaml"), stringify(project));
        },
      };
      // The project must exist before its first stack.
      await program.declare("", []);
    }
    this.programs.set(path, program);
    return program;
  }

  /** The emulator as every trial starts: the seeded account, no faults, events that take a while. */
  private async reset(): Promise<void> {
    await this.emulator.control("POST", "/reset");
    await this.emulator.control("DELETE", "/faults");
    await this.emulator.control("POST", "/config", { eventDurationMs: EVENT_MS });
  }

  /** The ids of every object the account holds, by collection (events are history, not objects). */
  private async accountIds(): Promise<Map<string, string>> {
    const { teams } = await this.emulator.control<{ teams: Record<string, unknown>[] }>("GET", "/state");
    const ids = new Map<string, string>();
    for (const [collection, records] of Object.entries(teams[0])) {
      if (!Array.isArray(records) || collection === "machineEvents") continue;
      // A public IP's id is its address.
      for (const record of records as { id?: string; ip?: string }[]) {
        const id = record.id ?? record.ip;
        if (id) ids.set(id, collection);
      }
    }
    return ids;
  }

  /**
   * What the kind's program makes, whole and without its subject: measured once per kind with no crash, on a stack
   * of its own (the account after `destroy` must be the seeded one again).
   */
  private async declaredBy(kind: Kind, path: Path) {
    const known = this.declared.get(kind);
    if (known) return known;
    await this.reset();
    const seeded = await inventory(this.emulator);
    const program = await this.program(path);
    const cli = pulumiCli(program.workDir, program.stateDir);
    const stack = `reference-${kind}`.toLowerCase();
    const must = async (args: string[]) => {
      const result = await cli.run([...args, "--stack", stack]);
      if (result.code !== 0) throw new Error(`reference ${kind}: pulumi ${args.join(" ")}: ${summary(result.output)}`);
    };
    await cli.run(["stack", "init", "--stack", stack]);
    await this.configure(cli, stack);
    await program.declare(stack, programAt(kind, "create", "before"));
    await must(["up", "--yes", "--skip-preview"]);
    const withoutSubject = await inventory(this.emulator);
    await program.declare(stack, programAt(kind, "create", "after"));
    await must(["up", "--yes", "--skip-preview"]);
    const full = await inventory(this.emulator);
    await must(["destroy", "--yes", "--skip-preview"]);
    await cli.run(["stack", "rm", "--yes", "--force", "--stack", stack]);
    // An action (a restore) makes no object of its own: only an object kind's program must make more with its subject.
    const madeNothing = !isAction(declarationOf(kind)) && total(full) <= total(withoutSubject);
    if (!same(await inventory(this.emulator), seeded) || madeNothing) {
      throw new Error(`the crash-free run of ${kind} made ${JSON.stringify(full)}`);
    }
    const declared = { full, withoutSubject };
    this.declared.set(kind, declared);
    return declared;
  }

  private async configure(cli: ReturnType<typeof pulumiCli>, stack: string): Promise<void> {
    for (const args of [
      ["config", "set", "paperspace:apiUrl", this.emulator.url],
      ["config", "set", "--secret", "paperspace:apiKey", DEFAULT_API_KEY],
    ]) {
      const result = await cli.run([...args, "--stack", stack]);
      if (result.code !== 0) throw new Error(`pulumi ${args.slice(0, 3).join(" ")}: ${result.output}`);
    }
  }

  /** Every request the emulator was asked to hold, counted when it arrives (the log shows one once answered). */
  private held(): number {
    return this.emulator.emulator.state.faults.list().reduce((sum, rule) => sum + rule.hits, 0);
  }

  async run(trial: Trial): Promise<TrialOutcome> {
    const started = Date.now();
    const { kind, path, op, victim, seed } = trial;
    const problems: string[] = [];
    const recovery: string[] = [];
    const declared = await this.declaredBy(kind, path);
    const expected = op === "delete" ? declared.withoutSubject : declared.full;
    await this.reset();
    const seededIds = await this.accountIds();
    const program = await this.program(path);
    const cli = pulumiCli(program.workDir, program.stateDir);
    const home = join(program.stateDir, "home");
    const stack = `t${seed}-${kind}`.toLowerCase();
    const run = (args: string[]) => cli.run([...args, "--stack", stack]);
    const must = async (args: string[]) => {
      const result = await run(args);
      if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}: ${result.output}`);
      return result.output;
    };

    await must(["stack", "init"]);
    await this.configure(cli, stack);
    await program.declare(stack, programAt(kind, op, "before"));
    await must(["up", "--yes", "--skip-preview"]);
    await program.declare(stack, programAt(kind, op, "after"));

    // The operation, with the answer to its first request of each writing method held, killed at a point drawn from
    // the seed.
    const rules = ["POST", "PUT", "PATCH", "DELETE"].map((method) => ({
      method,
      path: "/**",
      count: 1,
      answerDelayMs: HOLD_MS,
    }));
    await this.emulator.control("POST", "/faults", { rules });
    const killAt = Math.floor(new Random(seed).next() * windowOf(kind, op));
    const up: ChildProcess = cli.start(["up", "--yes", "--skip-preview", "--stack", stack]);
    // How the operation's CLI ended (an exit code, or the signal that killed it), for the trial's line.
    let operationEnd = "";
    const ended = new Promise<void>((resolve) =>
      up.once("exit", (code, signal) => {
        operationEnd = signal ?? `exit ${code}`;
        resolve();
      }),
    );
    let exited = false;
    void ended.then(() => (exited = true));
    while (this.held() === 0 && !exited) await sleep(5);
    let killed = false;
    let killAtMs = -1;
    if (this.held() > 0) {
      await sleep(killAt);
      killAtMs = killAt;
      if (victim === "cli") {
        killed = !exited;
        if (killed) await cli.kill(up);
      } else {
        for (const pid of processesOf(home, PROVIDER_PROCESS[path])) {
          try {
            process.kill(pid, "SIGKILL");
            killed = true;
          } catch {
            // it ended on its own meanwhile
          }
        }
      }
    } else {
      problems.push("the operation made no request to kill it in");
    }
    await ended;
    await this.emulator.control("DELETE", "/faults");

    // What a user does next: `pulumi up` again, doing what its message says when it cannot go on.
    let converged = false;
    for (let attempt = 0; attempt < 4 && !converged; attempt++) {
      recovery.push("up");
      const again = await run(["up", "--yes", "--skip-preview"]);
      if (again.code === 0) {
        converged = true;
        if (/pending operations/.test(again.output)) {
          recovery.push("refresh --clear-pending-creates");
          const refreshed = await run(["refresh", "--yes", "--clear-pending-creates"]);
          if (refreshed.code !== 0)
            problems.push(`refresh --clear-pending-creates failed: ${summary(refreshed.output)}`);
        }
      } else if (/failed to load checkpoint: (EOF|unexpected end of JSON input)/.test(again.output)) {
        // A kill while the file backend rewrote the stack file's sidecar (`<stack>.json.attrs`, written in place)
        // leaves it cut short, and every command then fails to read the stack: README says to delete it.
        recovery.push("rm <stack>.json.attrs");
        removeCutSidecars(join(program.stateDir, "backend"));
      } else if (/pulumi cancel/.test(again.output)) {
        recovery.push("cancel");
        const cancel = await run(["cancel", "--yes"]);
        if (cancel.code !== 0)
          problems.push(`pulumi cancel exited ${cancel.code}: ${cancel.output.trim().slice(0, 400)}`);
      } else {
        problems.push(`up after the crash failed: ${summary(again.output)}`);
        break;
      }
    }

    // The account holds exactly what the program declares: none twice, none the stack does not hold.
    const account = await inventory(this.emulator);
    let duplicates = 0;
    for (const [collection, count] of Object.entries(account))
      duplicates += Math.max(0, count - (expected[collection] ?? 0));
    if (!same(account, expected)) {
      const differing = Object.keys({ ...account, ...expected }).filter((key) => account[key] !== expected[key]);
      const counts = differing.map((key) => `${account[key] ?? 0} ${key} (declared ${expected[key] ?? 0})`);
      problems.push(`the account holds ${counts.join(", ")}`);
    }
    const exported = await run(["stack", "export"]);
    if (exported.code !== 0) problems.push(`the stack cannot be read: ${summary(exported.output)}`);
    const resources = exported.code === 0 ? (JSON.parse(exported.output).deployment.resources ?? []) : [];
    const inState = new Set((resources as { id?: string }[]).map((r) => r.id));
    const orphaned = [...(await this.accountIds())].filter(([id]) => !seededIds.has(id) && !inState.has(id));
    if (orphaned.length > 0) {
      problems.push(`orphaned: ${orphaned.map(([id, collection]) => `${collection} ${id}`).join(", ")}`);
    }

    // Refresh then a preview with no changes, and destroy leaving the seeded account.
    const refresh = await run(["refresh", "--yes", "--skip-preview"]);
    if (refresh.code !== 0) problems.push(`refresh failed: ${summary(refresh.output)}`);
    const preview = await run(["preview", "--expect-no-changes"]);
    if (preview.code !== 0) problems.push(`preview after refresh showed changes: ${summary(preview.output)}`);
    const destroy = await run(["destroy", "--yes", "--skip-preview"]);
    if (destroy.code !== 0) problems.push(`destroy failed: ${summary(destroy.output)}`);
    const left = [...(await this.accountIds())].filter(([id]) => !seededIds.has(id));
    if (left.length > 0) problems.push(`${left.length} objects left after destroy`);
    await run(["stack", "rm", "--yes", "--force"]);

    return {
      trial,
      killAtMs,
      killed,
      operationEnd,
      recovery,
      duplicates,
      orphans: orphaned.length,
      problems,
      ms: Date.now() - started,
    };
  }
}

/** One line of a trial: enough to run it again (`--kind --path --op --victim --seed`). */
export function describeTrial({ kind, path, op, victim, seed }: Trial): string {
  return `${kind} ${path} ${op}, ${victim} killed, seed ${seed}`;
}
