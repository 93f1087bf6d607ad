/**
 * The work of one create, update or delete of an object resource, with the declaration's calls and steps bound once to
 * the operation's inputs, client and deadline. A create adopts an object, takes over one an interrupted run left, or
 * creates once; waits for the event that makes it (cleaning up after one that failed); then runs the update steps for
 * whatever the new object does not show as declared. An update runs the steps for the inputs that changed, each after
 * what it needs (the machine off) and waiting for its named event. A delete waits for its event, then until the object
 * is gone.
 */
import type { PaperspaceClient } from "../api/client";
import { deletedAt, isEnvelope } from "../api/decode";
import { EventFailedError, OperationTimeoutError, PaperspaceError, unlessNotFound } from "../api/errors";
import { poll } from "../api/poll";
import type { AsyncResult, MachineEvent } from "../api/types";
import { type Effect, waitForEvent } from "../api/waiter";
import type { Attribute } from "./attributes";
import { type Started, createOnce, leftBehind, madeSince, recentEvent } from "./createOnce";
import type { ObjectDeclaration, Operation, Step } from "./declaration";
import { PartialCreateError } from "./errors";
import { withMachineOff } from "./power";
import { isUnknown } from "./validators";

type Props = Record<string, unknown>;

/**
 * Whether an input differs between old outputs and new inputs: by the attribute's own rule, else by value (or because
 * the new one is unknown during preview). An input that keeps the API's value when the program leaves it unset never
 * differs then.
 */
export function attributeDiffers([key, attribute]: [string, Attribute], olds: Props, news: Props): boolean {
  if (attribute.keepsApiValue && news[key] === undefined) return false;
  if (attribute.differs) return attribute.differs(olds, news);
  return isUnknown(news[key]) || JSON.stringify(olds[key] ?? null) !== JSON.stringify(news[key] ?? null);
}

/** What the API's object shows of the declared inputs (each attribute's `shownAs`). */
export function shownBy(declaration: ObjectDeclaration, object: unknown): Props {
  const shown: Props = {};
  for (const [key, { shownAs }] of Object.entries(declaration.attributes) as [string, Attribute][]) {
    if (typeof shownAs === "string") shown[key] = (object as Props)[shownAs];
    else if (shownAs) shown[key] = shownAs(object as never);
  }
  return shown;
}

/**
 * A resource's calls bound to one client and the inputs of one operation: its own where it declares them, else its
 * collection's.
 */
export interface BoundCalls {
  /** The object, or `undefined` once it is gone. */
  find(id: string): Promise<unknown>;
  /** Where what a create made, or an interrupted run left, is looked for (absent: nowhere). */
  list?(): AsyncIterable<unknown>;
  create(): Promise<unknown>;
  update(id: string, values: Props): Promise<unknown>;
  delete(id: string): Promise<unknown>;
}

export function bindCalls(declaration: ObjectDeclaration, api: PaperspaceClient, inputs: Props): BoundCalls {
  const calls = declaration.calls;
  const collection = calls.collection && (api.collection(calls.collection) as unknown as CollectionOf);
  const of = (call: string) => {
    if (!collection) throw new Error(`${declaration.type} declares no collection and no ${call} of its own`);
    return collection;
  };
  const { listedBy } = calls;
  return {
    find: (id) => {
      if (calls.get) return unlessNotFound(calls.get(api, id, inputs));
      if (calls.readFromList) return unlessNotFound(api.readListed(calls.collection!, calls.readFromList, id));
      return unlessNotFound(of("get").get(id));
    },
    list: listedBy && (() => of("list").list(listedBy(inputs))),
    create: () =>
      calls.create.request ? calls.create.request(api, inputs) : of("create").create(calls.create.body!(inputs)),
    update: (id, values) => of("update").update(id, values),
    delete: (id) => (calls.delete.request ? calls.delete.request(api, id, inputs) : of("delete").delete(id)),
  };
}

/** A collection's calls, as the lifecycle makes them with any declaration's values. */
interface CollectionOf {
  get(id: string): Promise<unknown>;
  list(query: unknown): AsyncIterable<unknown>;
  create(body: unknown): Promise<unknown>;
  update(id: string, body: unknown): Promise<unknown>;
  delete(id: string): Promise<unknown>;
}

export class ObjectOperation implements Operation<Props> {
  readonly inputs: Props;
  readonly api: Operation<Props>["api"];
  readonly deadline: number;
  readonly context: Operation<Props>["context"];
  private readonly calls: BoundCalls;
  private readonly attributes: [string, Attribute][];

  constructor(
    private readonly declaration: ObjectDeclaration,
    operation: Operation<Props>,
  ) {
    ({ inputs: this.inputs, api: this.api, deadline: this.deadline, context: this.context } = operation);
    this.calls = bindCalls(declaration, this.api, this.inputs);
    this.attributes = Object.entries(declaration.attributes) as [string, Attribute][];
  }

  private idOf(object: unknown): string {
    return this.declaration.idOf?.(object as never, this.inputs as never) ?? (object as { id: string }).id;
  }

  /** Makes the object: adopted, taken over from an interrupted run, or created once; waited for; then converged. */
  async make(): Promise<unknown> {
    const { create } = this.declaration.calls;
    if (this.inputs.adoptId && !this.declaration.adoption?.byCreating) return this.adopt();
    const making = async () => {
      const left = await this.takeOverLeftBehind();
      const started = left ?? (await this.createOnce());
      if (started.event) await this.waitForCreation(started);
      const made = create.readAfter
        ? ((await this.calls.find(this.idOf(started.object))) ?? started.object)
        : started.object;
      // What an interrupted run left was made from the inputs of then: what it cannot show (a script's body) is sent.
      return this.converge(made, { unshown: left !== undefined });
    };
    return create.needs ? withMachineOff(this, create.needs, { changes: {} }, making) : making();
  }

  /**
   * The object an interrupted run of this resource left under its auto-name: a run can die after its create request
   * reached the API and before the engine recorded the answer, or before the object's event ended. Objects with a
   * name the program gave are never guessed at.
   */
  private async takeOverLeftBehind(): Promise<Started<unknown> | undefined> {
    const { inputs } = this;
    const { waitsFor } = this.declaration.calls.create;
    const { list } = this.calls;
    if (!list || !inputs.autoName || inputs.name !== inputs.autoName) return undefined;
    const named = list() as AsyncIterable<{ id: string; name: string }>;
    const event = waitsFor && { machineOf: (object: unknown) => waitsFor.on(inputs, object), name: waitsFor.event };
    return leftBehind(this.api, named, inputs.name as string, event);
  }

  /** Creates the object once; after an ambiguous failure, looks for what the request made before asking again. */
  private createOnce(): Promise<Started<unknown>> {
    const { inputs, api } = this;
    const { list } = this.calls;
    const { waitsFor } = this.declaration.calls.create;
    const request = async (): Promise<Started<unknown>> => startedBy(await this.calls.create());
    /**
     * What this attempt may have made: of its name (any, for a kind with no name: a public IP of its region), created
     * since it started, with its event where it makes one. More than one is refused (`createOnce`).
     */
    const find = list
      ? async (since: number): Promise<Started<unknown>[]> => {
          const found: Started<unknown>[] = [];
          for await (const candidate of list()) {
            const { name, dtCreated } = candidate as { name?: string; dtCreated?: string };
            if (name !== inputs.name || !madeSince(dtCreated, since)) continue;
            if (!waitsFor) {
              found.push({ object: candidate });
              continue;
            }
            const event = await recentEvent(api, waitsFor.on(inputs, candidate), waitsFor.event, since);
            if (event) found.push({ object: candidate, event });
          }
          return found;
        }
      : undefined;
    return createOnce(this.declaration.describe(inputs), request, find);
  }

  /**
   * Waits for the event that makes the object. If it fails, the API is meant to remove the half-made object; this makes
   * sure, so that nothing is left that would be billed, then reports the failure. If the wait times out, the object
   * still exists: it is recorded (partially created), so that it is not orphaned.
   */
  private async waitForCreation(started: Started<unknown>): Promise<void> {
    const id = this.idOf(started.object);
    const { made } = this.declaration.calls.create;
    const look = async (): Promise<Effect> => {
      const found = await this.calls.find(id);
      if (!found) return "missing";
      return (made?.(found) ?? true) ? "made" : "pending";
    };
    try {
      await waitForEvent(this.api, started.event!, {
        deadline: this.deadline,
        what: this.declaration.describe(this.inputs),
        look,
      });
    } catch (error) {
      if (error instanceof EventFailedError && (await this.calls.find(id))) {
        await unlessNotFound(this.calls.delete(id));
      }
      if (error instanceof OperationTimeoutError) throw new PartialCreateError(started.object, error);
      throw error;
    }
  }

  /**
   * The declared `update` inputs an object does not have yet: those whose value it shows otherwise, and, when asked,
   * those it does not show at all (a script's body, which only writing makes sure of).
   */
  private toApply(found: unknown, { unshown }: { unshown: boolean }): Props {
    const { inputs } = this;
    const shown = shownBy(this.declaration, found);
    const keys = this.attributes
      .filter(([key, attribute]) => attribute.onChange === "update" && inputs[key] !== undefined)
      .filter((entry) => (entry[0] in shown ? attributeDiffers(entry, shown, inputs) : unshown))
      .map(([key]) => key);
    return Object.fromEntries(keys.map((key) => [key, inputs[key]]));
  }

  /**
   * Brings a new object to the declared inputs its create could not set (a script's `isEnabled`, a machine's declared
   * power state): the update steps for those. A failure then records the object made.
   */
  private async converge(made: unknown, { unshown }: { unshown: boolean }): Promise<unknown> {
    const changes = this.toApply(made, { unshown });
    if (Object.keys(changes).length === 0) return made;
    try {
      return await this.applySteps(this.idOf(made), changes, shownBy(this.declaration, made));
    } catch (error) {
      throw new PartialCreateError(made, error as Error);
    }
  }

  /**
   * Takes over an existing object: it must exist and show the declared `replace` inputs (its machine); the declared
   * `update` inputs are then applied to it, those it does not show (a script's body) always.
   */
  private async adopt(): Promise<unknown> {
    const { inputs, declaration } = this;
    const id = inputs.adoptId as string;
    const found = await this.calls.find(id);
    if (!found) throw new PaperspaceError(`adoptId: no ${declaration.noun} ${id} in the team of this API key.`);
    const shown = shownBy(declaration, found);
    for (const [key, attribute] of this.attributes) {
      if (attribute.onChange !== "replace" || !(key in shown) || shown[key] === inputs[key]) continue;
      const has = attribute.parent ? `belongs to ${attribute.parent} ${shown[key]}` : `has ${key} ${shown[key]}`;
      throw new PaperspaceError(
        `adoptId: ${declaration.noun} ${id} ${has}, but ${key} is ${inputs[key]}. Set ${key} to ${shown[key]} to adopt it.`,
      );
    }
    const changes = this.toApply(found, { unshown: true });
    return Object.keys(changes).length === 0 ? found : this.applySteps(id, changes, shown);
  }

  /**
   * Applies changed `update` inputs by the declaration's steps, in their order: each step whose inputs changed runs
   * once, after what it needs. Answers the object as last seen: a step's answer where it shows the object, a read only
   * where none does (a step that waited for an event leaves the answer before it stale).
   */
  async applySteps(id: string, changes: Props, olds: Props): Promise<unknown> {
    const pending = new Set(Object.keys(changes));
    let seen: unknown;
    for (const step of this.declaration.steps as readonly Step<Props, unknown>[]) {
      if (!step.applies.some((key) => pending.has(key))) continue;
      const applied = step.applies.filter((key) => pending.has(key));
      const sent = [...applied, ...(step.carries ?? []).filter((key) => pending.has(key))];
      for (const key of sent) pending.delete(key);
      const values = Object.fromEntries(sent.map((key) => [key, changes[key]]));
      const work = () => (step.run ? step.run(this, id, values, olds) : this.send(step, id, values));
      const appliedValues = Object.fromEntries(applied.map((key) => [key, changes[key]]));
      const answer = step.needs
        ? await withMachineOff(this, step.needs, { id, changes: appliedValues }, work)
        : await work();
      if (answer !== undefined) seen = answer;
      else if (step.waitsFor) seen = undefined;
    }
    return seen ?? (await this.calls.find(id));
  }

  /** A step's request; its event, if it started one, is waited for (the answer then no longer shows the object). */
  private async send(step: Step<Props, unknown>, id: string, values: Props): Promise<unknown> {
    const answer = step.request ? await step.request(this.api, id, values) : await this.calls.update(id, values);
    const { object, event } = startedBy(answer);
    if (!event) return object;
    const look = async (): Promise<Effect> => {
      const found = await this.calls.find(id);
      if (!found) return "missing";
      return (step.shows?.(found, values) ?? true) ? "made" : "pending";
    };
    const what = `the change of ${this.declaration.noun} ${id}`;
    await waitForEvent(this.api, event, { deadline: this.deadline, what, look });
    return undefined;
  }

  /**
   * Deletes the object and waits for its event; then, unless the answer says the object was deleted, until it is gone:
   * a deleted object may still answer for a while, and a name can be used again only once it has gone.
   */
  async remove(id: string): Promise<void> {
    const del = this.declaration.calls.delete;
    const answer = await unlessNotFound(this.calls.delete(id));
    const what = `deletion of ${this.declaration.noun} ${id}`;
    // No look at the object settles a delete's event: a deleted object may still answer for a while, so whether it
    // went is what the wait until gone tells next.
    if (answer && del.waitsFor) {
      await waitForEvent(this.api, (answer as AsyncResult<unknown>).event, { deadline: this.deadline, what });
    }
    if (!answer || deletedAt(answer) || del.goneIn?.(answer, this.inputs)) return;
    await poll({
      read: () => this.calls.find(id),
      settle: (found) => (found === undefined ? true : undefined),
      deadline: this.deadline,
      timedOut: () =>
        new OperationTimeoutError(`Timed out waiting for the ${what}: the ${this.declaration.noun} still answers.`),
    });
  }
}

/**
 * What a create or a step answered, as the object and the event it started, if any: the API answers `{ data, event }`,
 * `{ data }` or the object itself, and where the spec is silent (the Core environment's calls answer the object) the
 * live API's form is not known, so every form is read.
 */
function startedBy(answer: unknown): Started<unknown> {
  if (!isEnvelope(answer)) return { object: answer };
  return { object: answer.data, event: (answer.event ?? undefined) as MachineEvent | undefined };
}
