/**
 * The fault matrix: each resource kind against each fault, with the real Pulumi CLI and the emulator. A scenario runs
 * `up` (and, where the fault made it fail, `up` again), then checks the invariants: the stack converges, or fails
 * with a message that names the resource and the cause; the account holds exactly the declared objects (none twice,
 * none orphaned); `refresh` then `preview` show no changes; `destroy` leaves nothing.
 *
 * Used by tests/e2e/faults.e2e.test.ts (a reduced set, in CI) and bench/reliability.ts (all of it, as a table).
 */
import { join } from "node:path";
import { DEFAULT_API_KEY, TestEmulator } from "./emulator";
import { programCopy, stackIn } from "./pulumi";

export type Kind =
  "StartupScript" | "StartupScriptAssignment" | "Snapshot" | "CustomTemplate" | "SnapshotRestore" | "Machine";

export const KINDS: Kind[] = [
  "StartupScript",
  "StartupScriptAssignment",
  "Snapshot",
  "CustomTemplate",
  "SnapshotRestore",
  "Machine",
];

/** The request that makes each kind, which the faults hit. */
const ENDPOINT: Record<Kind, { method: string; path: string }> = {
  StartupScript: { method: "POST", path: "/startup-scripts" },
  StartupScriptAssignment: { method: "POST", path: "/startup-scripts/*/assign" },
  Snapshot: { method: "POST", path: "/snapshots" },
  CustomTemplate: { method: "POST", path: "/custom-templates" },
  SnapshotRestore: { method: "POST", path: "/snapshots/*/restore" },
  Machine: { method: "POST", path: "/machines" },
};

/** The lists that several resources of a kind share: the events their waits poll, the objects their reads read. */
const LISTS = {
  events: () => ({ method: "GET", path: "/machine-events" }),
  reads: (kind: Kind) => ({
    method: "GET",
    path: {
      StartupScript: "/startup-scripts",
      StartupScriptAssignment: "/startup-scripts",
      Snapshot: "/snapshots",
      CustomTemplate: "/custom-templates",
      SnapshotRestore: "/snapshots",
      Machine: "/machines",
    }[kind],
  }),
};

const WITH_EVENTS: Kind[] = ["Snapshot", "CustomTemplate", "SnapshotRestore", "Machine"];
/** The kinds whose reads share a list (a restore reads nothing back). */
const WITH_READS: Kind[] = ["StartupScript", "StartupScriptAssignment", "Snapshot", "CustomTemplate", "Machine"];

interface Fault {
  name: string;
  /** The kinds it applies to. */
  kinds: Kind[];
  /** The effect of the fault rule on the kind's create request (none for the faults set up otherwise). */
  effect?: Record<string, unknown>;
  count?: number;
  /** What a failure's message must say, when the fault makes `up` fail. */
  cause: RegExp;
  /** The emulator's quirks turned on for the scenario (`all` for every one). */
  quirks?: string[] | "all";
  /** After `destroy`, `up` and `destroy` again: a new object must not meet the deleted one still answering. */
  upAgainAfterDestroy?: true;
  /**
   * The fault is on a list that several resources share instead of the kind's create: `events` from the first `up` on
   * (their waits' poll), `reads` from the `refresh` on (their reads). The stack declares `copies` of the kind.
   */
  list?: keyof typeof LISTS;
  copies?: number;
}

/** The faults of the matrix. */
export const FAULTS: Fault[] = [
  { name: "429 with Retry-After", kinds: KINDS, effect: { retryAfter: 1 }, count: 2, cause: /429|TOO_MANY/ },
  { name: "429 without Retry-After", kinds: KINDS, effect: { status: 429 }, count: 2, cause: /429|TOO_MANY/ },
  { name: "500", kinds: KINDS, effect: { status: 500 }, count: 2, cause: /500/ },
  { name: "502", kinds: KINDS, effect: { status: 502 }, count: 2, cause: /502/ },
  { name: "503", kinds: KINDS, effect: { status: 503 }, count: 2, cause: /503/ },
  { name: "dropped before the API acted", kinds: KINDS, effect: { drop: "before" }, count: 1, cause: /no answer/ },
  { name: "dropped after the API acted", kinds: KINDS, effect: { drop: "after" }, count: 1, cause: /no answer/ },
  { name: "slow past the client timeout", kinds: KINDS, effect: { delayMs: 31_000 }, count: 1, cause: /timed out/ },
  { name: "event ends in error", kinds: WITH_EVENTS, effect: { event: "error" }, count: 1, cause: /ended in error/ },
  {
    name: "event cancelled",
    kinds: WITH_EVENTS,
    effect: { event: "cancelled" },
    count: 1,
    cause: /ended in cancelled/,
  },
  { name: "event never finishes", kinds: WITH_EVENTS, effect: { event: "stuck" }, count: 1, cause: /Timed out after/ },
  {
    name: "transient error, then done",
    kinds: WITH_EVENTS,
    effect: { event: "transient-error" },
    count: 1,
    cause: /-/,
  },
  { name: "machine in the wrong state", kinds: ["CustomTemplate", "SnapshotRestore"], cause: /the machine is ready/ },
  {
    name: "deleted behind Pulumi's back",
    kinds: ["StartupScript", "StartupScriptAssignment", "Snapshot", "CustomTemplate", "Machine"],
    cause: /-/,
  },
  {
    name: "quirk: pages repeat items, and the create's answer is lost",
    kinds: KINDS,
    effect: { drop: "after" },
    count: 1,
    cause: /no answer/,
    quirks: ["duplicate-pages"],
  },
  {
    name: "quirk: deletes take a while to show, destroy then up",
    kinds: KINDS,
    cause: /-/,
    quirks: ["delete-lag"],
    upAgainAfterDestroy: true,
  },
  {
    name: "quirk: numbers as strings, regions as names",
    kinds: ["CustomTemplate", "Machine"],
    cause: /-/,
    quirks: ["string-numbers", "region-names"],
  },
  {
    name: "quirk: events end in error with no message",
    kinds: WITH_EVENTS,
    cause: /-/,
    quirks: ["ambiguous-errors"],
  },
  { name: "every quirk at once", kinds: KINDS, cause: /-/, quirks: "all", upAgainAfterDestroy: true },
  {
    name: "the shared list of events answers 500",
    kinds: ["Snapshot", "CustomTemplate", "Machine"],
    list: "events",
    copies: 3,
    effect: { status: 500 },
    count: 1_000,
    cause: /-/,
  },
  {
    name: "the shared list of events hangs past the client timeout",
    kinds: ["Snapshot", "CustomTemplate", "Machine"],
    list: "events",
    copies: 3,
    effect: { delayMs: 31_000 },
    count: 2,
    cause: /-/,
  },
  {
    name: "the list shared by a refresh's reads answers 500",
    kinds: WITH_READS,
    list: "reads",
    copies: 3,
    effect: { status: 500 },
    count: 1_000,
    cause: /-/,
  },
  {
    name: "the list shared by a refresh's reads hangs past the client timeout",
    kinds: WITH_READS,
    list: "reads",
    copies: 3,
    effect: { delayMs: 31_000 },
    count: 1,
    cause: /-/,
  },
  {
    name: "no capacity for the machine type",
    kinds: ["Machine"],
    effect: { noCapacity: true },
    count: 1,
    cause: /No capacity for machine type A4000 in region ny2/,
  },
];

export interface Scenario {
  kind: Kind;
  fault: Fault;
}

export function scenarios(filter: (scenario: Scenario) => boolean = () => true): Scenario[] {
  return FAULTS.flatMap((fault) => fault.kinds.map((kind) => ({ kind, fault }))).filter(filter);
}

export interface Outcome {
  scenario: string;
  /** `converged` on the first up; `converged on 2nd up` after a clear failure; `did not converge`. */
  result: string;
  /** The first failure's message, if any. */
  failure?: string;
  /** Objects left in the account after destroy. */
  objectsLeft: number;
  /** Objects of the kind beyond the declared one, after converging. */
  duplicates: number;
  /** Requests to the faulted endpoint: the first, and every retry or repeat. */
  requestsToEndpoint: number;
  /** Requests to the faulted endpoint beyond the first of each `up`: the retries and repeats the provider made. */
  retries: number;
  /** The invariants that did not hold (empty when all held). */
  problems: string[];
}

interface Inventory {
  scripts: number;
  assigned: number;
  snapshots: number;
  templates: number;
  /** Machines beyond the two the matrix seeds. */
  machines: number;
}

const NONE: Inventory = { scripts: 0, assigned: 0, snapshots: 0, templates: 0, machines: 0 };

/** The objects `copies` declarations of a kind make. */
function times(inventory: Inventory, copies: number): Inventory {
  const { scripts, assigned, snapshots, templates, machines } = inventory;
  return {
    scripts: scripts * copies,
    assigned: assigned * copies,
    snapshots: snapshots * copies,
    templates: templates * copies,
    machines: machines * copies,
  };
}

/** What the account must hold once a kind's program has converged. */
const DECLARED: Record<Kind, Inventory> = {
  StartupScript: { ...NONE, scripts: 1 },
  StartupScriptAssignment: { ...NONE, scripts: 1, assigned: 1 },
  Snapshot: { ...NONE, snapshots: 1 },
  CustomTemplate: { ...NONE, templates: 1 },
  SnapshotRestore: { ...NONE, snapshots: 1 },
  Machine: { ...NONE, machines: 1 },
};

const SEEDED = ["running", "off"];

function inventory(emulator: TestEmulator): Inventory {
  const { scripts, snapshots, templates, machines } = emulator.account();
  return {
    scripts: scripts.length,
    assigned: scripts.reduce((n, s) => n + s.assignedMachineIds.length, 0),
    snapshots: snapshots.length,
    templates: templates.length,
    machines: machines.filter((m) => !SEEDED.includes(m.name)).length,
  };
}

const total = (i: Inventory) => i.scripts + i.assigned + i.snapshots + i.templates + i.machines;

/** One emulator and one program copy shared by the scenarios of a run; each scenario gets a stack of its own. */
export class Matrix {
  private constructor(
    readonly emulator: TestEmulator,
    private readonly copy: { workDir: string; stateDir: string; cleanup(): void },
  ) {}

  static async start(): Promise<Matrix> {
    const emulator = await TestEmulator.start({
      machines: [
        { name: "running", state: "ready" },
        { name: "off", state: "off" },
      ],
    });
    return new Matrix(emulator, programCopy(join(__dirname, "fixtures", "matrix"), "matrix"));
  }

  async close(): Promise<void> {
    await this.emulator.close();
    this.copy.cleanup();
  }

  private machine(name: "running" | "off"): string {
    return this.emulator.machines().find((m) => m.name === name)!.id;
  }

  async run({ kind, fault }: Scenario): Promise<Outcome> {
    const name = `${kind} / ${fault.name}`;
    const problems: string[] = [];
    const emulator = this.emulator;
    await emulator.control("POST", "/reset");
    await emulator.control("DELETE", "/faults");
    await emulator.control("POST", "/config", { eventDurationMs: 200 });
    await emulator.control("POST", "/quirks", { quirks: fault.quirks ?? [], deleteLagMs: 3_000 });

    const slug = `${kind}-${fault.name}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    const stack = await stackIn(this.copy.workDir, this.copy.stateDir, slug);
    await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
    await stack.setConfig("kind", { value: kind });
    await stack.setConfig("runningMachineId", { value: this.machine("running") });
    await stack.setConfig("offMachineId", { value: this.machine("off") });
    await stack.setConfig("copies", { value: String(fault.copies ?? 1) });
    if (fault.name === "event never finishes") {
      await stack.setConfig("timeouts", { value: JSON.stringify({ create: "3s", update: "3s" }) });
    }

    const endpoint = fault.list ? LISTS[fault.list](kind) : ENDPOINT[kind];
    const rule = { method: endpoint.method, path: endpoint.path, count: fault.count, ...fault.effect };
    const endpointPath = new RegExp(`^${endpoint.path.replace("*", "[^/]+")}$`);
    const toEndpoint = (requests: { method: string; path: string }[]) =>
      requests.filter((r) => r.method === endpoint.method && endpointPath.test(r.path)).length;
    let failure: string | undefined;
    let secondUp = false;
    let retries = 0;
    const up = async (): Promise<string | undefined> => {
      let output = "";
      const before = (await emulator.requests()).length;
      try {
        await stack.up({ onOutput: (line) => (output += line) });
        return undefined;
      } catch (error) {
        return `${output}\n${(error as Error).message}`;
      } finally {
        retries += Math.max(0, toEndpoint((await emulator.requests()).slice(before)) - 1);
      }
    };

    if (fault.name === "deleted behind Pulumi's back") {
      failure = await up();
      await this.deleteBehindTheBack(kind);
      await stack.refresh();
      secondUp = true;
      const again = await up();
      if (again) problems.push(`did not converge after the deletion: ${summary(again)}`);
    } else {
      if (fault.name === "machine in the wrong state") {
        await emulator.control("PATCH", `/machines/${this.machine("off")}`, { state: "ready" });
      } else if (fault.effect && fault.list !== "reads") {
        await emulator.control("POST", "/faults", { seed: 1, rules: [rule] });
      }
      failure = await up();
      if (failure) {
        if (!new RegExp(`paperspace:${kind} \\((subject(-\\d+)?|baseline(-\\d+)?)\\)`).test(failure)) {
          problems.push("the failure does not name the resource");
        }
        if (!fault.cause.test(failure)) problems.push(`the failure does not say the cause: ${summary(failure)}`);
        await emulator.control("DELETE", "/faults");
        await emulator.control("PATCH", `/machines/${this.machine("off")}`, { state: "off" });
        secondUp = true;
        const again = await up();
        if (again) problems.push(`the second up failed too: ${summary(again)}`);
      }
    }

    const converged = inventory(emulator);
    const declared = times(DECLARED[kind], fault.copies ?? 1);
    const duplicates = Math.max(0, total(converged) - total(declared));
    if (JSON.stringify(converged) !== JSON.stringify(declared)) {
      problems.push(`the account holds ${JSON.stringify(converged)}, not ${JSON.stringify(declared)}`);
    }
    // A fault on a shared list proves something only if the list was asked for while it held (a hit of the rule: the
    // log has a hanging request only once it is answered).
    const listHits = () => emulator.emulator.state.faults.list().reduce((sum, r) => sum + r.hits, 0);
    if (fault.list === "events" && listHits() === 0) problems.push("no wait asked for the faulted list");
    if (fault.list === "reads") await emulator.control("POST", "/faults", { seed: 1, rules: [rule] });
    try {
      await stack.refresh();
      await stack.preview({ expectNoChanges: true });
    } catch (error) {
      problems.push(`refresh then preview showed changes: ${summary((error as Error).message)}`);
    }
    if (fault.list === "reads" && listHits() === 0) problems.push("the refresh never asked for the faulted list");
    // (A hanging list shows in the log only once answered: for the list rows, the rule's hits count it before that.)
    const requestsToEndpoint = Math.max(toEndpoint(await emulator.requests()), fault.list ? listHits() : 0);
    try {
      await stack.destroy();
    } catch (error) {
      problems.push(`destroy failed: ${summary((error as Error).message)}`);
    }
    let objectsLeft = total(inventory(emulator));
    if (objectsLeft > 0) problems.push(`${objectsLeft} objects left after destroy`);
    if (fault.upAgainAfterDestroy) {
      const again = await up();
      if (again) problems.push(`up after destroy failed: ${summary(again)}`);
      const remade = inventory(emulator);
      if (JSON.stringify(remade) !== JSON.stringify(declared)) {
        problems.push(`up after destroy left ${JSON.stringify(remade)}, not ${JSON.stringify(declared)}`);
      }
      await stack.destroy().catch((error: Error) => problems.push(`second destroy failed: ${summary(error.message)}`));
      objectsLeft = total(inventory(emulator));
      if (objectsLeft > 0) problems.push(`${objectsLeft} objects left after the second destroy`);
    }
    await emulator.control("POST", "/quirks", { quirks: [] });
    await stack.workspace.removeStack(slug, { force: true }).catch(() => undefined);

    const result = problems.length > 0 ? "did not converge" : secondUp && failure ? "converged on 2nd up" : "converged";
    return {
      scenario: name,
      result,
      failure: failure && summary(failure),
      objectsLeft,
      duplicates,
      requestsToEndpoint,
      retries,
      problems,
    };
  }

  private async deleteBehindTheBack(kind: Kind): Promise<void> {
    const { store } = this.emulator.emulator.state;
    const team = store.teams()[0].id;
    const call = (method: string, path: string, body?: unknown) => this.emulator.call(method, path, body);
    if (kind === "StartupScript") await call("DELETE", `/startup-scripts/${store.startupScripts.list(team)[0].id}`);
    if (kind === "StartupScriptAssignment") {
      const script = store.startupScripts.list(team)[0];
      await call("POST", `/startup-scripts/${script.id}/unassign`, { machineId: script.assignedMachineIds[0] });
    }
    if (kind === "Snapshot") {
      const deleting = await call("DELETE", `/snapshots/${store.snapshots.list(team)[0].id}`);
      await this.emulator.settle((deleting.body.event as { id: string }).id);
    }
    if (kind === "CustomTemplate") await call("DELETE", `/custom-templates/${store.customTemplates.list(team)[0].id}`);
    if (kind === "Machine") {
      const subject = store.machines.list(team).find((m) => !SEEDED.includes(m.name))!;
      const deleting = await call("DELETE", `/machines/${subject.id}`);
      await this.emulator.settle((deleting.body.event as { id: string }).id);
    }
  }
}

/**
 * The error of a CLI failure, short enough for a table: from the CLI's diagnostics, the resource and its message (the
 * line after the engine's "1 error occurred:" where it wraps one).
 */
function summary(text: string): string {
  const lines = text.split("\n");
  const resourceLine = /paperspace:(\w+) \(([\w-]+)\):$/;
  const at = lines.findIndex((l) => resourceLine.test(l.trim()));
  if (at < 0) return (lines.find((l) => /error: /.test(l)) ?? lines[0]).trim().slice(0, 160);
  const [, kind, name] = resourceLine.exec(lines[at].trim()) ?? [];
  const first = lines[at + 1]?.trim().replace(/^error:\s*/, "") ?? "";
  const message = /^\d+ errors? occurred/.test(first) ? (lines[at + 2] ?? "").trim().replace(/^\*\s*/, "") : first;
  return `${kind} ${name}: ${message}`.slice(0, 160);
}
