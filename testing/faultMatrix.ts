/**
 * The fault matrix: each resource kind against each fault, with the real Pulumi CLI and the emulator. A scenario runs
 * `up` (and, where the fault made it fail, `up` again), then checks the invariants: the stack converges, or fails
 * with a message that names the resource and the cause; the account holds exactly the declared objects (none twice,
 * none orphaned); `refresh` then `preview` show no changes; `destroy` leaves nothing.
 *
 * Used by tests/e2e/faults.e2e.test.ts (a reduced set, in CI) and bench/reliability.ts (all of it, as a table).
 */
import { join } from "node:path";
import { loadOperations } from "../emulator/contract";
import type { WireForm } from "../emulator/wire";
import { ProviderContext } from "../provider/context";
import {
  type ObjectDeclaration,
  type ResourceDeclaration,
  expandExample,
  isAction,
} from "../provider/lifecycle/declaration";
import { lifecycle } from "../provider/lifecycle/lifecycle";
import { DECLARATIONS } from "../provider/resources/declarations.generated";
import { DEFAULT_API_KEY, TestEmulator } from "./emulator";
import { programCopy, stackIn } from "./pulumi";

/** A kind is a declared resource type: every one the package declares is in the matrix. */
export type Kind = string;

export const KINDS: Kind[] = DECLARATIONS.map(({ type }) => type);

export function declarationOf(kind: Kind): ResourceDeclaration {
  return DECLARATIONS.find(({ type }) => type === kind)!;
}

const objectOf = (kind: Kind) => declarationOf(kind) as ObjectDeclaration;
const kindsWhere = (keep: (declaration: ResourceDeclaration) => boolean) =>
  DECLARATIONS.filter(keep).map(({ type }) => type);

/** The contract's operations, by operationId, each as a fault rule's method and path (`*` for an id). */
const OPERATIONS = new Map(
  loadOperations().map((op) => [op.operationId, { method: op.method, path: op.path.replace(/\{\w+\}/g, "*") }]),
);
const endpoint = (operationId: string) => OPERATIONS.get(operationId)!;

/** The request that makes a kind (or performs it), which the faults hit: its collection's create, or its own. */
function endpointOf(kind: Kind): { method: string; path: string } {
  const declaration = declarationOf(kind);
  const own = isAction(declaration) ? declaration.operation : objectOf(kind).calls.create.operation;
  return own ? endpoint(own) : { method: "POST", path: objectOf(kind).calls.collection! };
}

/** The lists that several resources of a kind share: the events their waits poll, the objects their reads read. */
const LISTS = {
  events: () => endpoint("machineEvents-list"),
  reads: (kind: Kind) => ({ method: "GET", path: objectOf(kind).calls.collection! }),
};

const OBJECTS = kindsWhere((declaration) => !isAction(declaration));
/** The kinds whose reads share their collection's list (one whose reads are of its own has none). */
const READ_FROM_LISTS = OBJECTS.filter((kind) => objectOf(kind).calls.collection);
/**
 * Those that can also read an object alone, when the list fails: a kind that can only be read from its list (a public
 * IP) cannot be refreshed while the list keeps failing, so the failing list is no fault it can survive.
 */
const READ_ALONE_TOO = READ_FROM_LISTS.filter((kind) => !objectOf(kind).calls.readFromList);
const WITH_EVENTS = kindsWhere(
  (declaration) => isAction(declaration) || !!objectOf(declaration.type).calls.create.waitsFor,
);
/** The kinds made by an event of their own, whose waits share the poll of the events. */
const MADE_BY_EVENTS = OBJECTS.filter((kind) => objectOf(kind).calls.create.waitsFor);
/** The kinds whose making needs a machine that is off. */
const NEED_MACHINE_OFF = kindsWhere(
  (declaration) => isAction(declaration) || !!objectOf(declaration.type).calls.create.needs,
);
/** The kinds whose objects show a region (and machines' numbers), which the contract types otherwise than the live API sends. */
const SHOW_A_REGION = OBJECTS.filter((kind) => {
  const declaration = objectOf(kind);
  return (
    (declaration.copies as readonly string[]).includes("region") ||
    Object.values(declaration.attributes).some((attribute) => attribute.shownAs === "region")
  );
});
const MADE_AS_MACHINES = KINDS.filter((kind) => endpointOf(kind).path === "/machines");

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
  /** The emulator's wire form for the scenario (the live API's unless told). */
  wireForm?: WireForm;
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
  { name: "machine in the wrong state", kinds: NEED_MACHINE_OFF, cause: /the machine is ready/ },
  { name: "deleted behind Pulumi's back", kinds: OBJECTS, cause: /-/ },
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
  // Every other row runs in the live API's form; this one keeps the contract's form exercised too.
  {
    name: "the spec's wire form: numbers as numbers, regions as codes",
    kinds: SHOW_A_REGION,
    cause: /-/,
    wireForm: "spec",
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
    kinds: MADE_BY_EVENTS,
    list: "events",
    copies: 3,
    effect: { status: 500 },
    count: 1_000,
    cause: /-/,
  },
  {
    name: "the shared list of events hangs past the client timeout",
    kinds: MADE_BY_EVENTS,
    list: "events",
    copies: 3,
    effect: { delayMs: 31_000 },
    count: 2,
    cause: /-/,
  },
  {
    name: "the list shared by a refresh's reads answers 500",
    kinds: READ_ALONE_TOO,
    list: "reads",
    copies: 3,
    effect: { status: 500 },
    count: 1_000,
    cause: /-/,
  },
  {
    name: "the list shared by a refresh's reads hangs past the client timeout",
    kinds: READ_FROM_LISTS,
    list: "reads",
    copies: 3,
    effect: { delayMs: 31_000 },
    count: 1,
    cause: /-/,
  },
  {
    name: "no capacity for the machine type",
    kinds: MADE_AS_MACHINES,
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

/**
 * What the account holds, by collection (as the emulator's control API shows it), and the ids its objects list of
 * others (`startupScripts.assignedMachineIds`): the same whatever the kinds are. Events are history, not objects.
 */
export type Inventory = Record<string, number>;

export async function inventory(emulator: TestEmulator): Promise<Inventory> {
  const { teams } = await emulator.control<{ teams: Record<string, unknown>[] }>("GET", "/state");
  const counts: Inventory = {};
  for (const [collection, records] of Object.entries(teams[0])) {
    if (!Array.isArray(records) || collection === "machineEvents") continue;
    counts[collection] = records.length;
    for (const record of records as Record<string, unknown>[]) {
      for (const [field, value] of Object.entries(record)) {
        if (!field.endsWith("Ids") || !Array.isArray(value)) continue;
        const key = `${collection}.${field}`;
        counts[key] = (counts[key] ?? 0) + value.length;
      }
    }
  }
  return counts;
}

export const total = (i: Inventory) => Object.values(i).reduce((sum, n) => sum + n, 0);
export const same = (a: Inventory, b: Inventory) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** A scenario's program: the kind's example and what it refers to, `copies` times; the kind's own are `subject`s. */
function resourcesOf(kind: Kind, copies: number) {
  return Array.from({ length: copies }, (_, i) => {
    const suffix = i === 0 ? "" : `-${i + 1}`;
    const made = expandExample(DECLARATIONS, kind, { suffix });
    const subject = made[made.length - 1];
    return [...made.slice(0, -1), { ...subject, name: `subject${suffix}`, subject: true }];
  }).flat();
}

/** One emulator and one program copy shared by the scenarios of a run; each scenario gets a stack of its own. */
export class Matrix {
  /** What the account holds once each kind's program has converged with no fault, by kind and copies. */
  private readonly declared = new Map<string, Inventory>();

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

  /** A member of the team (not its owner), as the API lists them. */
  private async member(): Promise<string> {
    const session = await this.emulator.call("GET", "/auth/session");
    const teamId = (session.body.team as { id: string }).id;
    const users = await this.emulator.call("GET", `/teams/${teamId}/users?role=member`);
    return (users.body.items as { user: { id: string } }[])[0].user.id;
  }

  /** The emulator as every scenario starts: the seeded account, no faults, quick events, this wire form and quirks. */
  private async reset({ quirks = [], wireForm = "live" }: Pick<Fault, "quirks" | "wireForm"> = {}): Promise<void> {
    const { emulator } = this;
    await emulator.control("POST", "/reset");
    await emulator.control("DELETE", "/faults");
    await emulator.control("POST", "/config", { eventDurationMs: 200, wireForm });
    await emulator.control("POST", "/quirks", { quirks, deleteLagMs: 3_000 });
  }

  private async stack(slug: string, kind: Kind, copies: number, timeouts?: object) {
    const stack = await stackIn(this.copy.workDir, this.copy.stateDir, slug);
    await stack.setConfig("paperspace:apiUrl", { value: this.emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
    await stack.setConfig("resources", { value: JSON.stringify(resourcesOf(kind, copies)) });
    await stack.setConfig("runningMachineId", { value: this.machine("running") });
    await stack.setConfig("offMachineId", { value: this.machine("off") });
    await stack.setConfig("memberUserId", { value: await this.member() });
    if (timeouts) await stack.setConfig("timeouts", { value: JSON.stringify(timeouts) });
    return stack;
  }

  /**
   * What a kind's program makes: the account after its `up` with no fault (the account before it is the seeded one,
   * and its `destroy` must leave that again). Measured once per kind and copies, on a stack of its own.
   */
  private async declaredBy(kind: Kind, copies: number): Promise<Inventory> {
    const key = `${kind} x${copies}`;
    const known = this.declared.get(key);
    if (known) return known;
    await this.reset();
    const seeded = await inventory(this.emulator);
    const slug = `reference-${kind}-${copies}`.toLowerCase();
    const stack = await this.stack(slug, kind, copies);
    await stack.up();
    const made = await inventory(this.emulator);
    await stack.destroy();
    const left = await inventory(this.emulator);
    await stack.workspace.removeStack(slug, { force: true }).catch(() => undefined);
    if (total(made) <= total(seeded) || !same(left, seeded)) {
      throw new Error(`the fault-free run of ${key} made ${JSON.stringify(made)} and left ${JSON.stringify(left)}`);
    }
    this.declared.set(key, made);
    return made;
  }

  async run({ kind, fault }: Scenario): Promise<Outcome> {
    const name = `${kind} / ${fault.name}`;
    const problems: string[] = [];
    const emulator = this.emulator;
    const copies = fault.copies ?? 1;
    const declared = await this.declaredBy(kind, copies);
    await this.reset(fault);
    const seeded = await inventory(emulator);

    const slug = `${kind}-${fault.name}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    const timeouts = fault.name === "event never finishes" ? { create: "3s", update: "3s" } : undefined;
    const stack = await this.stack(slug, kind, copies, timeouts);

    const endpoint = fault.list ? LISTS[fault.list](kind) : endpointOf(kind);
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
      await this.deleteBehindTheBack(kind, stack);
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

    const converged = await inventory(emulator);
    const duplicates = Math.max(0, total(converged) - total(declared));
    if (!same(converged, declared)) {
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
    const left = async () => total(await inventory(emulator)) - total(seeded);
    let objectsLeft = await left();
    if (objectsLeft > 0) problems.push(`${objectsLeft} objects left after destroy`);
    if (fault.upAgainAfterDestroy) {
      const again = await up();
      if (again) problems.push(`up after destroy failed: ${summary(again)}`);
      const remade = await inventory(emulator);
      if (!same(remade, declared)) {
        problems.push(`up after destroy left ${JSON.stringify(remade)}, not ${JSON.stringify(declared)}`);
      }
      await stack.destroy().catch((error: Error) => problems.push(`second destroy failed: ${summary(error.message)}`));
      objectsLeft = await left();
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

  /**
   * Deletes the subject as another program would, outside the stack: the resource's own delete (waiting for its event
   * and until it is gone), with the id and outputs its state holds.
   */
  private async deleteBehindTheBack(kind: Kind, stack: Awaited<ReturnType<Matrix["stack"]>>): Promise<void> {
    const { deployment } = await stack.exportStack();
    const resources = (deployment as { resources: { urn: string; id: string; outputs: Record<string, unknown> }[] })
      .resources;
    const subject = resources.find((r) => r.urn.endsWith(`paperspace:${kind}::subject`))!;
    const context = new ProviderContext();
    const config: Record<string, string> = {
      "paperspace:apiKey": DEFAULT_API_KEY,
      "paperspace:apiUrl": this.emulator.url,
    };
    context.configure((key) => config[key]);
    await lifecycle(declarationOf(kind), context).delete(subject.id, subject.outputs);
  }
}

/**
 * The error of a CLI failure, short enough for a table: from the CLI's diagnostics, the resource and its message (the
 * line after the engine's "1 error occurred:" where it wraps one).
 */
export function summary(text: string): string {
  const lines = text.split("\n");
  const resourceLine = /paperspace:(\w+) \(([\w-]+)\):$/;
  const at = lines.findIndex((l) => resourceLine.test(l.trim()));
  if (at < 0) return (lines.find((l) => /error: /.test(l)) ?? lines[0]).trim().slice(0, 160);
  const [, kind, name] = resourceLine.exec(lines[at].trim()) ?? [];
  const first = lines[at + 1]?.trim().replace(/^error:\s*/, "") ?? "";
  const message = /^\d+ errors? occurred/.test(first) ? (lines[at + 2] ?? "").trim().replace(/^\*\s*/, "") : first;
  return `${kind} ${name}: ${message}`.slice(0, 160);
}
