/**
 * The one lifecycle every resource runs: check, diff, create, read, update and delete, as the engine calls them,
 * from the resource's declaration. What is shared is written here once: refusing bad input before any request,
 * what replaces and what updates in place, adopting an object, taking over what an interrupted run left, creating
 * once, waiting for events and cleaning up after a failed one, recording an object whose operation failed after it
 * was made, and storing settings without a request.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { EventFailedError, OperationTimeoutError, PaperspaceError, unlessNotFound } from "../api/errors";
import type { AsyncResult } from "../api/types";
import { deletedAt } from "../api/decode";
import { type Effect, waitForEvent } from "../api/waiter";
import type { ProviderContext } from "../context";
import { type Started, createOnce, leftBehind, madeSince, recentEvent } from "./createOnce";
import type { Attribute, ObjectDeclaration, Operation, ResourceDeclaration } from "./declaration";
import { RestartFailedError } from "./power";
import { type TimedOperation, deadline } from "./timeouts";
import { type CheckFailure, UNKNOWN, checkId, checkTimeouts, isUnknown, unknownProperties } from "./validators";

type Props = Record<string, unknown>;
/** An object resource's declaration, as the lifecycle reads it. */
type ObjectOf = ObjectDeclaration<Props, Props, unknown>;

/** The dynamic provider operations the engine's host calls (`configure` is the runtime entry point's). */
export type Lifecycle = Required<Omit<pulumi.dynamic.ResourceProvider, "configure">>;

/**
 * Thrown when an object was made but a later step failed: the engine records the resource as partially created, so
 * that it is neither leaked nor made twice, and the next `up` finishes the job.
 */
export class PartialCreateError extends Error {
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    cause: Error,
  ) {
    super(`${cause.message} (the object ${id} was created; the next \`pulumi up\` completes it)`);
    this.name = "PartialCreateError";
  }
  get reasons(): string[] {
    return [this.message];
  }
}

/** A step after the object was made failed; `object` is the object as last seen. */
class MadeThenFailed<T> extends Error {
  constructor(
    readonly object: T,
    readonly failure: Error,
  ) {
    super(failure.message);
  }
}

/** `outs` and `inputs` go through protobuf Struct, which refuses `undefined`: drop those keys. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function pick(from: Props, keys: string[]): Props {
  return Object.fromEntries(keys.map((key) => [key, from[key]]));
}

/**
 * Whether an input differs between old outputs and new inputs: by the attribute's own rule, else by value (or because
 * the new one is unknown during preview). A `computed` input the program leaves unset never differs.
 */
function attributeDiffers([key, attribute]: [string, Attribute], olds: Props, news: Props): boolean {
  if (attribute.computed && news[key] === undefined) return false;
  if (attribute.differs) return attribute.differs(olds, news);
  return isUnknown(news[key]) || JSON.stringify(olds[key] ?? null) !== JSON.stringify(news[key] ?? null);
}

export function lifecycle(declaration: ResourceDeclaration, context: ProviderContext): Lifecycle {
  const attributes = Object.entries(declaration.inputs) as [string, Attribute][];
  const action = "perform" in declaration ? declaration : undefined;
  const object = action ? undefined : (declaration as ObjectDeclaration<Props, Props, unknown>);
  const autoNamed = attributes.some(([, attribute]) => attribute.autoNamed);
  const declaredCopies = attributes.flatMap(([key, { declaredAs }]) => (declaredAs ? [[key, declaredAs]] : []));
  // Inputs checked before and checked again carry the copies: not refused, they are drawn again from the values.
  const known = [
    ...attributes.map(([key]) => key),
    ...declaredCopies.map(([, copy]) => copy),
    ...(autoNamed ? ["autoName"] : []),
    ...(object?.adoption ? ["adoptId"] : []),
    "timeouts",
  ];
  const secrets = attributes.filter(([, attribute]) => attribute.secret).map(([key]) => key);
  const replacing = attributes.filter(([, attribute]) => attribute.change === "replace").map(([key]) => key);
  const followingReplacements = attributes.some(([, attribute]) => attribute.followsReplacements);
  /** The auto-name with its suffix drawn again from the inputs that replace (unknown while one of them is). */
  const derivedAutoName = (news: Props): unknown => {
    const base = news.autoName;
    if (typeof base !== "string" || isUnknown(base)) return base;
    if (replacing.some((key) => isUnknown(news[key]))) return UNKNOWN;
    const seed = JSON.stringify([base, ...replacing.map((key) => news[key] ?? null)]);
    const stem = base.slice(0, base.lastIndexOf("-"));
    return `${stem}-${createHash("sha256").update(seed).digest("hex").slice(0, 7)}`;
  };
  const computed = Object.entries(declaration.outputs) as [string, (object: unknown, inputs: Props) => unknown][];
  const computedKeys = computed.map(([key]) => key);

  const operation = (inputs: Props, timed: TimedOperation): Operation<Props> => {
    const until = deadline(inputs.timeouts as Props | undefined, timed, declaration.timeouts);
    return { inputs, api: context.client(until), deadline: until, context };
  };

  /**
   * The outputs: the inputs, what the API's object shows of them, and what it computed. The inputs' `__provider` is
   * kept: the engine's host puts it back into the outputs it is answered, but not into a partial create's record.
   */
  const outputs = (inputs: Props, made: unknown): Props =>
    withoutUndefined({
      ...inputs,
      ...(declaration.observe?.(made) as Props | undefined),
      ...Object.fromEntries(computed.map(([key, of]) => [key, of(made, inputs)])),
    });

  /** The `update` inputs that changed between old outputs and new inputs. */
  const changedUpdates = (olds: Props, news: Props): string[] =>
    attributes
      .filter((entry) => entry[1].change === "update" && attributeDiffers(entry, olds, news))
      .map(([key]) => key);

  /** An operation that failed after the object was made records it, so that the next `up` finishes the job. */
  const recordingWhatWasMade = (inputs: Props, id: string | undefined) => (error: unknown) => {
    const made =
      error instanceof MadeThenFailed ? error.object : error instanceof RestartFailedError ? error.result : undefined;
    if (made === undefined) throw error;
    const cause = error instanceof MadeThenFailed ? error.failure : (error as Error);
    throw new PartialCreateError(id ?? idOf(made, inputs), outputs(inputs, made), cause);
  };

  const idOf = (made: unknown, inputs: Props): string =>
    action ? action.idOf(made) : (object!.idOf?.(made, inputs) ?? (made as { id: string }).id);

  return {
    async check(olds: Props, news: Props) {
      const failures: CheckFailure[] = [
        ...unknownProperties(news, known),
        ...attributes.flatMap(([key, attribute]) => attribute.check(news[key], key, news, olds)),
        ...(object?.adoption
          ? (object.adoption.check?.(news) ?? checkId(news.adoptId, "adoptId", { required: false }))
          : []),
        ...checkTimeouts(news.timeouts),
      ];
      if (failures.length > 0) {
        // The engine prints a refused property's value beside the reason, even a secret one.
        const withheld = (f: CheckFailure) =>
          secrets.includes(f.property) ? { property: "", reason: `${f.property} ${f.reason}` } : f;
        return { failures: failures.map(withheld) };
      }
      const autoName = followingReplacements ? derivedAutoName(news) : news.autoName;
      const filled = Object.fromEntries(
        attributes.map(([key, attribute]) => [
          key,
          news[key] ?? (attribute.autoNamed ? autoName : undefined) ?? attribute.default,
        ]),
      );
      const declared = Object.fromEntries(declaredCopies.map(([key, copy]) => [copy, filled[key]]));
      return { inputs: withoutUndefined({ ...news, autoName, ...filled, ...declared }) };
    },

    async diff(_id: string, olds: Props, news: Props) {
      // An input that replaces but that the old outputs lack (the API does not show it, as a machine's template, and
      // the object was imported by id) is only recorded: the object is not known to differ.
      const unrecorded = ([key]: [string, Attribute]) => olds[key] === undefined && news[key] !== undefined;
      const replacing = attributes.filter((entry) => entry[1].change === "replace");
      const replaces = replacing
        .filter((entry) => !unrecorded(entry) && attributeDiffers(entry, olds, news))
        .map(([key]) => key);
      const changes =
        replaces.length > 0 ||
        replacing.some(unrecorded) ||
        attributes.some((entry) => entry[1].change !== "replace" && attributeDiffers(entry, olds, news)) ||
        JSON.stringify(olds.timeouts ?? null) !== JSON.stringify(news.timeouts ?? null);
      return { changes, replaces, deleteBeforeReplace: false };
    },

    async create(inputs: Props) {
      const op = operation(inputs, "create");
      const made = await (action ? action.perform(op) : make(object!, op)).catch(
        recordingWhatWasMade(inputs, undefined),
      );
      return { id: idOf(made, inputs), outs: outputs(inputs, made) };
    },

    async read(id: string, props: Props) {
      // A past action has nothing to read back: its record stays as it is.
      if (action) return { id, props };
      // The engine's reads of a refresh arrive together: they share their type's list.
      const api = object!.api(context.client(undefined, { batchReads: true }));
      // An import reads with no props: what the id names is all there is to go on.
      const known = { ...object!.fromId?.(id), ...props };
      const found = await unlessNotFound(api.get(id, known));
      if (!found) return {};
      const copies = declaredCopies.map(([, copy]) => copy);
      const kept = pick(known, [...attributes.map(([key]) => key), ...copies, "autoName", "adoptId", "timeouts"]);
      const defaults = attributes.map(([key, attribute]) => [key, kept[key] ?? attribute.default]);
      const inputs = withoutUndefined({ ...kept, ...Object.fromEntries(defaults), ...object!.observe?.(found) });
      return { id, props: outputs(inputs, found), inputs };
    },

    async update(id: string, olds: Props, news: Props) {
      const changed = changedUpdates(olds, news);
      if (changed.length === 0) {
        // Settings (and timeouts) only: the new inputs, with what the API computed before; nothing of old inputs.
        return { outs: withoutUndefined({ ...pick(olds, computedKeys), ...news }) };
      }
      const op = operation(news, "update");
      const made = action
        ? await action.perform(op).catch(recordingWhatWasMade(news, id))
        : await applyChanges(object!, op, id, pick(news, changed), olds);
      return { outs: outputs(news, made) };
    },

    async delete(id: string, props: Props) {
      const api = object?.api;
      if (!api) return;
      const op = operation(props, "delete");
      const answer = await unlessNotFound(api(op.api).delete!(id, props));
      const what = `deletion of ${declaration.noun} ${id}`;
      // No look at the object settles a delete's event: a deleted object may still answer for a while, so whether
      // it went is what `untilGone` waits for next.
      if (answer && object!.events?.delete) {
        await waitForEvent(op.api, (answer as AsyncResult<unknown>).event, { deadline: op.deadline, what });
      }
      // A deleted object may still answer for a while: the delete is done once it is gone, or says it was deleted (so
      // that a name can be used again, and a destroy then up never meets it). An answer that says so is enough.
      if (answer && !deletedAt(answer) && !object!.goneIn?.(answer, props)) await untilGone(object!, op, id, what);
    },
  };
}

/** Makes an object: adopted, taken over from an interrupted run, or created once; waited for; completed. */
async function make(declaration: ObjectOf, op: Operation<Props>): Promise<unknown> {
  const { inputs } = op;
  const api = declaration.api(op.api);
  if (inputs.adoptId && !declaration.adoption?.byCreating) return adopt(declaration, op);
  const making = async () => {
    const started = (await takeOverLeftBehind(declaration, op)) ?? (await createOnceFor(declaration, op));
    if (started.event) await waitForCreation(declaration, op, started);
    const made = declaration.readAfterCreate
      ? ((await unlessNotFound(api.get(idOf(declaration, started.object, inputs), inputs))) ?? started.object)
      : started.object;
    return complete(declaration, op, made);
  };
  return declaration.around ? declaration.around(op, making) : making();
}

function idOf(declaration: ObjectOf, made: unknown, inputs: Props): string {
  return declaration.idOf?.(made, inputs) ?? (made as { id: string }).id;
}

/** Changed `update` inputs, applied by the declaration's own steps where it has them, else in one request. */
function applyChanges(declaration: ObjectOf, op: Operation<Props>, id: string, changes: Props, olds: Props) {
  return declaration.apply ? declaration.apply(op, id, changes, olds) : declaration.api(op.api).update!(id, changes);
}

/** Polls the object until it answers 404 (or says it was deleted), backing off, within the operation's deadline. */
async function untilGone(declaration: ObjectOf, op: Operation<Props>, id: string, what: string): Promise<void> {
  const api = declaration.api(op.api);
  for (let delay = 250; await unlessNotFound(api.get(id, op.inputs)); delay = Math.min(delay * 1.4, 10_000)) {
    if (Date.now() >= op.deadline) {
      throw new OperationTimeoutError(`Timed out waiting for the ${what}: the ${declaration.noun} still answers.`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(0, op.deadline - Date.now()))));
  }
}

/**
 * The object an interrupted run of this resource left under its auto-name, for an object made by an event (so that
 * a run can die before it ends). Objects with a name the program gave are never guessed at.
 */
async function takeOverLeftBehind(declaration: ObjectOf, op: Operation<Props>) {
  const { inputs } = op;
  const { events } = declaration;
  const list = declaration.api(op.api).list;
  if (!events?.create || !list || !inputs.autoName || inputs.name !== inputs.autoName) return undefined;
  const named = list(inputs) as AsyncIterable<{ id: string; name: string }>;
  const machineOf = (object: unknown) => events.on(inputs, object);
  return leftBehind(op.api, named, inputs.name as string, { machineOf, name: events.create });
}

/** Creates the object once; after an ambiguous failure, looks for what the request made before asking again. */
async function createOnceFor(declaration: ObjectOf, op: Operation<Props>): Promise<Started<unknown>> {
  const { inputs } = op;
  const api = declaration.api(op.api);
  const { events } = declaration;
  const create = async (): Promise<Started<unknown>> => {
    const answer = await api.create(inputs);
    return events?.create
      ? { ...(answer as AsyncResult<unknown>), object: (answer as AsyncResult<unknown>).data }
      : { object: answer };
  };
  const list = api.list;
  /** What this attempt may have made: its name, created since it started, with its event where it makes one. */
  const find = list
    ? async (since: number): Promise<Started<unknown>[]> => {
        const found: Started<unknown>[] = [];
        for await (const candidate of list(inputs)) {
          const { name, dtCreated } = candidate as { name?: string; dtCreated?: string };
          if (name !== inputs.name || !madeSince(dtCreated, since)) continue;
          if (!events?.create) {
            found.push({ object: candidate });
            continue;
          }
          const event = await recentEvent(op.api, events.on(inputs, candidate), events.create, since);
          if (event) found.push({ object: candidate, event });
        }
        return found;
      }
    : undefined;
  return createOnce(declaration.describe(inputs), create, find);
}

/**
 * Waits for the event that makes the object. If it fails, the API is meant to remove the half-made object; this makes
 * sure, so that nothing is left that would be billed, then reports the failure. If the wait times out, the object
 * still exists: it is recorded (partially created), so that it is not orphaned.
 */
async function waitForCreation(declaration: ObjectOf, op: Operation<Props>, started: Started<unknown>) {
  const { inputs } = op;
  const api = declaration.api(op.api);
  try {
    const id = idOf(declaration, started.object, inputs);
    const look = async (): Promise<Effect> => {
      const found = await unlessNotFound(api.get(id, inputs));
      if (!found) return "missing";
      return (declaration.made?.(found) ?? true) ? "made" : "pending";
    };
    await waitForEvent(op.api, started.event!, { deadline: op.deadline, what: declaration.describe(inputs), look });
  } catch (error) {
    const id = idOf(declaration, started.object, inputs);
    if (error instanceof EventFailedError && (await unlessNotFound(api.get(id, inputs)))) {
      await unlessNotFound(api.delete!(id, inputs));
    }
    if (error instanceof OperationTimeoutError) throw new MadeThenFailed(started.object, error);
    throw error;
  }
}

/**
 * The declared `update` inputs an object does not have yet: those whose value it shows otherwise, and, when asked,
 * those it does not show at all (a script's body, which only writing makes sure of).
 */
function toApply(declaration: ObjectOf, found: unknown, inputs: Props, { unshown }: { unshown: boolean }): Props {
  const shown = (declaration.observe?.(found) ?? {}) as Props;
  const keys = (Object.entries(declaration.inputs) as [string, Attribute][])
    .filter(([key, attribute]) => attribute.change === "update" && inputs[key] !== undefined)
    .filter((entry) => (entry[0] in shown ? attributeDiffers(entry, shown, inputs) : unshown))
    .map(([key]) => key);
  return pick(inputs, keys);
}

/** Brings a new object to the declared inputs its create request could not set (a script's `isEnabled`). */
async function complete(declaration: ObjectOf, op: Operation<Props>, made: unknown): Promise<unknown> {
  const changes = toApply(declaration, made, op.inputs, { unshown: false });
  if (Object.keys(changes).length === 0) return made;
  const shown = (declaration.observe?.(made) ?? {}) as Props;
  try {
    return await applyChanges(declaration, op, idOf(declaration, made, op.inputs), changes, shown);
  } catch (error) {
    throw new MadeThenFailed(made, error as Error);
  }
}

/**
 * Takes over an existing object: it must exist and show the declared `replace` inputs (its machine); the declared
 * `update` inputs are then applied to it, those it does not show (a script's body) always.
 */
async function adopt(declaration: ObjectOf, op: Operation<Props>): Promise<unknown> {
  const { inputs } = op;
  const id = inputs.adoptId as string;
  const api = declaration.api(op.api);
  const found = await unlessNotFound(api.get(id, inputs));
  if (!found) throw new PaperspaceError(`adoptId: no ${declaration.noun} ${id} in the team of this API key.`);
  const shown = (declaration.observe?.(found) ?? {}) as Props;
  const attributes = Object.entries(declaration.inputs) as [string, Attribute][];
  for (const [key, attribute] of attributes) {
    if (attribute.change !== "replace" || !(key in shown) || shown[key] === inputs[key]) continue;
    const has = attribute.parent ? `belongs to ${attribute.parent} ${shown[key]}` : `has ${key} ${shown[key]}`;
    throw new PaperspaceError(
      `adoptId: ${declaration.noun} ${id} ${has}, but ${key} is ${inputs[key]}. Set ${key} to ${shown[key]} to adopt it.`,
    );
  }
  const changes = toApply(declaration, found, inputs, { unshown: true });
  return Object.keys(changes).length === 0 ? found : applyChanges(declaration, op, id, changes, shown);
}
