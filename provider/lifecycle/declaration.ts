/**
 * How a resource is declared: everything particular to it, in one place. Its attributes (`attributes.ts`), the API
 * fields its outputs copy, the calls that reach its objects, the steps that change one in place (each with what it
 * needs first, its request and the machine event it waits for, by name), its timeouts, its doc text and example. The
 * lifecycle (`lifecycle.ts`) runs every declaration; the generator (`tools/generate/`) writes from it the public
 * class, the plugin's schema and the SDKs. The dynamic resource's type token is `pulumi-nodejs:dynamic/paperspace:<type>`
 * and the plugin's `paperspace:index:<type>`; state asks the runtime entry point for `provider(type)`.
 */
import type { CollectionCalls, CollectionPath, PaperspaceClient } from "../api/client";
import type { MachineEvent, MachineEventName, components, operations } from "../api/types";
import type { ProviderContext } from "../context";
import type { Attribute, ValueType } from "./attributes";
import type { TimeoutDefaults, Timeouts } from "./timeouts";
import type { CheckFailure } from "./validators";

/** The contract's object types, by name (`Machine`, `Snapshot`, ...). */
type Schemas = components["schemas"];
export type WireName = keyof Schemas;

/** What every resource's plain inputs may carry besides its own: the code the engine stores, the common options. */
export interface CommonInputs {
  __provider?: string;
  adoptId?: string;
  timeouts?: Timeouts;
  /** The name to use when the program gives none (see `autoName`). */
  autoName?: string;
}

type Attributes = Record<string, Attribute>;
type ValueOf<A> = A extends Attribute<infer V, boolean> ? V : never;
type PresentKeys<A> = { [K in keyof A]: A[K] extends Attribute<unknown, true> ? K : never }[keyof A];

/** The inputs a resource's provider receives, after `check` has filled the defaults and the auto-name. */
export type InputsOf<D extends { attributes: Attributes }> = {
  [K in PresentKeys<D["attributes"]>]: ValueOf<D["attributes"][K]>;
} & {
  [K in Exclude<keyof D["attributes"], PresentKeys<D["attributes"]>>]?: ValueOf<D["attributes"][K]>;
} & CommonInputs;

/** An output the API's object does not carry as such: drawn from what the operation answered, and the inputs. */
export interface Computed<Answer = never, Inputs = never, V = unknown> {
  type: ValueType;
  doc: string;
  /** Absent in some states (say when in `doc`). */
  optional?: true;
  of(answer: Answer, inputs: Inputs): V;
}

/** The outputs of a resource: its inputs, the API fields it copies, and what it computes. */
export type OutputsOf<D extends { attributes: Attributes }> = InputsOf<D> &
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (D extends ObjectDeclaration<any, infer T, infer C, any, any> ? { [K in C]: T[K] } : unknown) &
  (D extends { computed?: infer X }
    ? { [K in keyof NonNullable<X>]: NonNullable<X>[K] extends Computed<never, never, infer V> ? V : never }
    : unknown);

/** What an operation works with: its inputs, a client that starts no retry after its deadline, the process's context. */
export interface Operation<I> {
  inputs: I;
  api: PaperspaceClient;
  deadline: number;
  context: ProviderContext;
}

/**
 * A step's precondition: the machine must be off. With the resource's consent (`powerOffMachine`), a running machine
 * is stopped for the work and started again afterwards (waiting for `stop` and `start`), also when the work fails;
 * without it, a machine that is not off is refused before any change, saying what to do.
 */
export interface MachineOff<I> {
  /** The machine: by the inputs, and the id of the object the step works on (none while it is being made). */
  machine(inputs: I, id: string | undefined): string;
  /** The resource's consent to stop it. */
  consent(inputs: I): boolean;
  /** A machine declared off is stopped first and stays off (the work does not need consent then). */
  declaredOff?(inputs: I): boolean;
  /** For progress: `custom template "golden"`. */
  what(inputs: I): string;
  /**
   * For a refusal: what cannot be done (`make custom template ...`), the rule (`makes templates only from`), the work;
   * `changes` are those the step applies.
   */
  refusal(inputs: I, id: string | undefined, changes: Partial<I>): { doing: string; rule: string; work: string };
}

/**
 * One step of an update: the `update` attributes it applies, in the order the steps are declared. A step either sends
 * one request (by default the collection's `update` of the changed values; its answer is the object, or `{data,
 * event}` when it `waitsFor` an event) or runs work of its own.
 */
export interface Step<I, T> {
  /** What it does, for messages: `resize`. */
  name: string;
  applies: readonly (keyof I & string)[];
  /** The changed values it also sends, if changed: these count as applied (a resize carries the settings). */
  carries?: readonly (keyof I & string)[];
  needs?: MachineOff<I>;
  request?(api: PaperspaceClient, id: string, changes: Partial<I>): Promise<T | { data: T; event?: MachineEvent }>;
  /** The machine events its request or work waits for, by name. */
  waitsFor?: readonly MachineEventName[];
  /** Whether the object shows the step done (settles an ambiguous reading of its event). */
  shows?(object: T, changes: Partial<I>): boolean;
  /**
   * Work of its own: `olds` are the values the object had. Answers the object as it ends up, or `undefined` when the
   * work does not show on it.
   */
  run?(operation: Operation<I>, id: string, changes: Partial<I>, olds: Partial<I>): Promise<T | undefined>;
}

/** An operation of the contract, by its operationId (`machines-create`). */
export type OperationId = keyof operations;

/** The body a collection's `create` takes, and the query its list takes. */
type CreateBody<P extends CollectionPath> = Parameters<CollectionCalls<P>["create"]>[0];
type ListQuery<P extends CollectionPath> = NonNullable<Parameters<CollectionCalls<P>["list"]>[0]>;

/**
 * How the API reaches a resource's objects: the calls of its `collection`, where a call of its own does not stand
 * instead (an assignment's, which lives on its script).
 */
export interface Calls<I, T, K extends CollectionPath = CollectionPath> {
  /** The contract's collection of its objects (`/snapshots`). */
  collection?: K;
  /** The object, or `undefined` when it is gone (a 404 also counts as gone). Default: the collection's `get`. */
  get?(api: PaperspaceClient, id: string, inputs: I): Promise<T | undefined>;
  /**
   * For an object the API cannot read alone (a public IP): the field its list shows its id in (`ip`). It is read from
   * the collection's list, which the reads of a refresh share; one the list does not show is gone.
   */
  readFromList?: keyof T & string;
  /**
   * The query of the collection's list that shows the objects a create may have made, or an interrupted run left
   * (looked for by name); absent: none are looked for.
   */
  listedBy?(inputs: I): ListQuery<K>;
  create: {
    /** The body of the collection's `create`; or `request`, a create of its own (answering at once), and its operation. */
    body?(inputs: I): CreateBody<K>;
    request?(api: PaperspaceClient, inputs: I): Promise<T>;
    operation?: OperationId;
    /** The event that makes it (its answer is then `{data, event}`), and the machine it runs on. */
    waitsFor?: { event: MachineEventName; on(inputs: I, object: T): string };
    /** What must hold first (a template's machine off). */
    needs?: MachineOff<I>;
    /** Read it again once its event is done: its fields are complete only then. */
    readAfter?: boolean;
    /** Whether the object, read after its event, shows it made (default: that it exists). */
    made?(object: T): boolean;
  };
  delete: {
    /** A delete of its own, instead of the collection's; a 404 counts as done. */
    request?(api: PaperspaceClient, id: string, inputs: I): Promise<unknown>;
    /** The event its answer (`{data, event}`) carries. */
    waitsFor?: MachineEventName;
    /** Whether the answer already shows the object gone, so that no read needs to (a `dtDeleted` always does). */
    goneIn?(answer: unknown, inputs: I): boolean;
  };
}

/**
 * A value of an example's arguments: as it is; the id of a machine of the team, running or off; the id of a member of
 * the team (not its owner); or the id of another resource, made from its own declaration's example (with `with` over
 * its arguments).
 */
export type ExampleValue =
  | string
  | number
  | boolean
  | unknown[]
  | { machine: "running" | "off" }
  | { teamMember: true }
  | { idOf: string; with?: Record<string, ExampleValue> };

/**
 * One of a resource, as a program declares it: the docs show it, and the fault matrix makes it (with what it refers
 * to) against every fault.
 */
export interface Example {
  name: string;
  args: Record<string, ExampleValue>;
}

/** One resource of an expanded example: `{ idOf }` in its arguments names an earlier resource of the list. */
export interface ExampleResource {
  type: string;
  name: string;
  args: Record<string, ExampleValue>;
}

/**
 * A declaration's example with what it refers to, in the order a program makes them (what it refers to first); `suffix`
 * follows every name, so that copies of one example make objects of their own.
 */
export function expandExample(
  declarations: readonly ResourceDeclaration[],
  type: string,
  { suffix = "", over = {} }: { suffix?: string; over?: Record<string, ExampleValue> } = {},
): ExampleResource[] {
  const declaration = declarations.find((candidate) => candidate.type === type);
  if (!declaration) throw new Error(`an example refers to ${type}, which no declaration declares`);
  const made: ExampleResource[] = [];
  const args: Record<string, ExampleValue> = {};
  for (const [key, value] of Object.entries({ ...declaration.example.args, ...over })) {
    if (value && typeof value === "object" && "idOf" in value) {
      made.push(...expandExample(declarations, value.idOf, { suffix, over: value.with }));
      args[key] = { idOf: made[made.length - 1].name };
    } else {
      args[key] = value;
    }
  }
  return [...made, { type, name: `${declaration.example.name}${suffix}`, args }];
}

interface Described<I> {
  /** The type name (`Machine`). */
  type: string;
  /** What one is called in messages (`custom template`). */
  noun: string;
  /** One of them in messages, from its inputs (`custom template "golden" from machine ps123`). */
  describe(inputs: I): string;
  /** The resource's doc text, and one of it as a program declares it. */
  doc: string;
  example: Example;
  timeouts: TimeoutDefaults;
}

/** A resource that stands for an object of the API (a script, a snapshot, ...). */
export interface ObjectDeclaration<
  A extends Attributes = Attributes,
  T = unknown,
  C extends keyof T = keyof T,
  X extends Record<string, Computed<T, InputsOfAttributes<A>>> = Record<string, never>,
  K extends CollectionPath = CollectionPath,
> extends Described<InputsOfAttributes<A>> {
  /** Its inputs besides `adoptId` and `timeouts`, in the order their refusals are listed. */
  attributes: A;
  /** The contract's name of its object's type (the type `calls.get` answers): what types the copied fields. */
  wire?: WireName;
  /** The object's fields its outputs copy as they are (a field the API leaves out is null). */
  copies: readonly C[];
  /** Those of them that are secret (a drive's password): secret in state, and in the SDKs' outputs. */
  secretCopies?: readonly C[];
  computed?: X;
  calls: Calls<InputsOfAttributes<A>, T, K>;
  /** How a change of its `update` attributes is applied, step by step. */
  steps: readonly Step<InputsOfAttributes<A>, T>[];
  /** The id of an object (default: its `id`). */
  idOf?(object: T, inputs: InputsOfAttributes<A>): string;
  /**
   * How such an id is written where a person gives one (`pulumi import`, `adoptId`), for the docs, when it is not the
   * API's id of the object: `<startupScriptId>/<machineId>`.
   */
  idForm?: string;
  /** The inputs an id names, when it names more than the object (an assignment's is its pair): read by id alone. */
  fromId?(id: string): Partial<InputsOfAttributes<A>>;
  /**
   * How `adoptId` is taken. By default the object must exist and show the declared `replace` inputs; `byCreating` is
   * for objects whose create is idempotent, `check` for an id of another form (an assignment's pair).
   */
  adoption?: { check?(inputs: Record<string, unknown>): CheckFailure[]; byCreating?: boolean };
}

/**
 * A resource that stands for an action rather than an object (a restore): create performs it, and a change of an
 * `update` attribute performs it again. There is nothing to read back or delete.
 */
export interface ActionDeclaration<
  A extends Attributes = Attributes,
  R = unknown,
  X extends Record<string, Computed<R, InputsOfAttributes<A>>> = Record<string, Computed<R, InputsOfAttributes<A>>>,
> extends Described<InputsOfAttributes<A>> {
  attributes: A;
  computed: X;
  /** The contract's operation that performs it, the event each time waits for, and what must hold first. */
  operation: OperationId;
  waitsFor: MachineEventName;
  needs: MachineOff<InputsOfAttributes<A>>;
  /** Performs the action and answers what it did. */
  perform(operation: Operation<InputsOfAttributes<A>>): Promise<R>;
  /** The id of what it did. */
  idOf(done: R): string;
}

/** The inputs of these attributes; any inputs for `ResourceDeclaration`'s `any`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type InputsOfAttributes<A extends Attributes> = 0 extends 1 & A ? any : InputsOf<{ attributes: A }>;

/** Declares an object resource, its inputs' type drawn from its attributes. */
export function declareObject<
  A extends Attributes,
  W extends WireName,
  C extends keyof Schemas[W],
  K extends CollectionPath,
  X extends Record<string, Computed<Schemas[W], InputsOfAttributes<A>>> = Record<string, never>,
>(declaration: ObjectDeclaration<A, Schemas[W], C, X, K> & { wire: W }): ObjectDeclaration<A, Schemas[W], C, X, K> {
  return declaration;
}

/** Declares an action resource, its inputs' type drawn from its attributes. */
export function declareAction<A extends Attributes, R, X extends Record<string, Computed<R, InputsOfAttributes<A>>>>(
  declaration: ActionDeclaration<A, R, X>,
): ActionDeclaration<A, R, X> {
  return declaration;
}

/**
 * Any resource's declaration, as the lifecycle and the generator take it: each declaration's functions take its own
 * inputs, which no one parameter type covers.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResourceDeclaration = ObjectDeclaration<any, any, any, any, any> | ActionDeclaration<any, any, any>;

export function isAction(declaration: ResourceDeclaration): declaration is ActionDeclaration {
  return "perform" in declaration;
}
