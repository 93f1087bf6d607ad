/**
 * How a resource is declared. A declaration says only what is particular to its resource: its inputs (which replace,
 * which update in place, which are settings, which are secret, their checks), its outputs and where they come from,
 * the API calls and machine events it uses, its timeouts. The lifecycle (`lifecycle.ts`) runs every declaration.
 */
import type { PaperspaceClient } from "../api/client";
import type { AsyncResult, MachineEventName } from "../api/types";
import type { ProviderContext } from "../context";
import type { TimeoutDefaults, Timeouts } from "./timeouts";
import {
  type CheckFailure,
  checkBoolean,
  checkCount,
  checkId,
  checkLabel,
  checkNameOrAutoName,
  checkOneOf,
  checkValues,
} from "./validators";

/** What every resource's plain inputs may carry besides its own: the code the engine stores, the common options. */
export interface CommonInputs {
  __provider?: string;
  adoptId?: string;
  timeouts?: Timeouts;
}

/**
 * How a change of an input is applied:
 * - `replace`: the API cannot change it, so a new object is made (the diff's `replaces`);
 * - `update`: the API changes it in place;
 * - `setting`: it changes only how the provider works (`powerOffMachine`), so it is stored without a request.
 */
export type ChangeKind = "replace" | "update" | "setting";

export interface Attribute {
  change: ChangeKind;
  /** What `check` fills in when the program gives nothing. */
  default?: unknown;
  /** Secret in state. A refusal names it in its reason, not as the property, so that the engine prints no value. */
  secret?: boolean;
  /** Takes the auto-name the resource class computed (`autoName`) when the program gives none. */
  autoNamed?: boolean;
  /**
   * For an auto-name: it also follows the inputs that replace the object, so that a replacement, made before the old
   * object goes, gets a name of its own (and is not taken for one an interrupted run left under the old name).
   */
  followsReplacements?: boolean;
  /** A whole number (the plugin's schema says integer; TypeScript's `number` cannot). */
  integer?: true;
  /** For the id of the object this one belongs to: that object's kind, for messages ("machine"). */
  parent?: string;
  /** Optional, and when the program leaves it unset, whatever the API has stands (no diff, nothing sent). */
  computed?: true;
  /**
   * The program's value is also kept under this key, which reads leave alone: a read replaces the attribute's own
   * value with what the API shows, and `differs` can then tell a change in the program from a change in the account.
   */
  declaredAs?: string;
  /** The refusals of a value, each naming the property; `olds` are the inputs of the last run ({} at first). */
  check(
    value: unknown,
    property: string,
    inputs: Record<string, unknown>,
    olds: Record<string, unknown>,
  ): CheckFailure[];
  /** Whether old outputs and new inputs differ here; by default their values differ, or the new one is unknown. */
  differs?(olds: Record<string, unknown>, news: Record<string, unknown>): boolean;
}

/** The id of another object; `parent` names that object's kind when this one belongs to it. */
export function id(change: ChangeKind, options: { parent?: string; required?: boolean } = {}): Attribute {
  const { parent, required = true } = options;
  return { change, parent, check: (value, property) => checkId(value, property, { required }) };
}

/** The object's name: 1..128 characters, the auto-name when none is given, changed in place. */
export function name(options: { followsReplacements?: boolean } = {}): Attribute {
  return {
    change: "update",
    autoNamed: true,
    ...options,
    check: (_value, _property, inputs) => checkNameOrAutoName(inputs),
  };
}

/** A boolean, `defaultValue` when the program gives none (else absent). */
export function boolean(change: ChangeKind, defaultValue?: boolean): Attribute {
  return { change, default: defaultValue, check: checkBoolean };
}

/** Any values, in an array. */
export function values(change: ChangeKind): Attribute {
  return { change, check: checkValues };
}

/** One of a few strings. */
export function oneOf(change: ChangeKind, allowed: readonly string[], options: Partial<Attribute> = {}): Attribute {
  return { change, check: (value, property) => checkOneOf(value, property, allowed), ...options };
}

/** A non-empty string (a label of the API's, such as a machine type); required. */
export function label(change: ChangeKind): Attribute {
  return { change, check: (value, property) => checkLabel(value, property) };
}

/** A whole number from `min` up; optional unless `required`. */
export function count(change: ChangeKind, min: number, options: { required?: boolean } = {}): Attribute {
  return { change, integer: true, check: (value, property) => checkCount(value, property, min, options) };
}

/** The declared inputs of a resource: every key of its plain inputs but the common ones and `autoName`. */
type OwnKey<I> = Exclude<keyof I, keyof CommonInputs | "autoName">;

/** The outputs of a resource that are not inputs. */
type ComputedKey<I, O> = Exclude<keyof O, keyof I>;

/** What an operation works with: its inputs, a client that starts no retry after its deadline, the process's context. */
export interface Operation<I> {
  inputs: I;
  api: PaperspaceClient;
  deadline: number;
  context: ProviderContext;
}

interface Declaration<I extends CommonInputs, O extends I, T> {
  /** The type name: the token is `pulumi-nodejs:dynamic/paperspace:<type>`, and state asks `provider(type)`. */
  type: string;
  /** What one is called in messages ("custom template"). */
  noun: string;
  /** One of them in messages, from its inputs (`custom template "golden" from machine ps123`). */
  describe(inputs: I): string;
  /** Its inputs besides `adoptId` and `timeouts`, in the order their refusals are listed. */
  inputs: { [K in OwnKey<I>]-?: Attribute };
  /** Its outputs besides the inputs, each from the API's object (and the inputs). */
  outputs: { [K in ComputedKey<I, O>]-?: (object: T, inputs: I) => O[K] };
  /** The inputs the API's object shows: outputs and `read` take them from it, so that drift is seen. */
  observe?(object: T): Partial<I>;
  timeouts: TimeoutDefaults;
}

/** A resource that stands for an object of the API (a script, a snapshot, ...). */
export interface ObjectDeclaration<I extends CommonInputs, O extends I, T> extends Declaration<I, O, T> {
  /** The calls that reach its objects. */
  api(client: PaperspaceClient): ObjectApi<I, T>;
  /** The id of an object (default: its `id`). */
  idOf?(object: T, inputs: I): string;
  /** The inputs an id names, when it names more than the object (an assignment's is its pair): read by id alone. */
  fromId?(id: string): Partial<I>;
  /**
   * How `adoptId` is taken. Absent: the resource refuses it as an unknown property. By default the object must exist
   * and show the declared `replace` inputs; `byCreating` is for objects whose create is idempotent.
   */
  adoption?: { check?(inputs: Record<string, unknown>): CheckFailure[]; byCreating?: boolean };
  /** The machine events its create and delete start, and the machine they are on (for an object from its inputs). */
  events?: { on(inputs: I, object: T): string; create?: MachineEventName; delete?: MachineEventName };
  /** Whether the delete's answer already shows the object gone, so that no read needs to (a `dtDeleted` always does). */
  goneIn?(answer: unknown, inputs: I): boolean;
  /** Whether the object, read after its create event, shows it made (true when absent: that it exists is enough). */
  made?(object: T): boolean;
  /**
   * Applies changed `update` inputs when one request will not do (a machine's resize, power and script); `olds` are the
   * values the object had. Without it, `api.update` sends them.
   */
  apply?(operation: Operation<I>, id: string, changes: Partial<I>, olds: Partial<I>): Promise<T>;
  /** Read the object again once its create event is done: its fields are complete only then. */
  readAfterCreate?: boolean;
  /** What making an object runs inside (a template's machine must be off). */
  around?<R>(operation: Operation<I>, make: () => Promise<R>): Promise<R>;
}

/** The calls that reach one kind of object. */
export interface ObjectApi<I, T> {
  /** The object, or `undefined` when it is gone (a 404 also counts as gone). */
  get(id: string, inputs: I): Promise<T | undefined>;
  /** Makes the object; an answer with an event is waited for. */
  create(inputs: I): Promise<T | AsyncResult<T>>;
  /** Changes the inputs given (those whose `change` is `update`) in place. */
  update?(id: string, changes: Partial<I>): Promise<T>;
  /** Deletes it; an answer with an event (when `events.delete` is declared) is waited for. A 404 counts as done. */
  delete?(id: string, inputs: I): Promise<unknown>;
  /** The objects where what a create may have made, or an interrupted run left, is looked for. */
  list?(inputs: I): AsyncIterable<T>;
}

/**
 * A resource that stands for an action rather than an object (a restore): create performs it, and a change of an
 * `update` input performs it again. There is nothing to read back or delete.
 */
export interface ActionDeclaration<I extends CommonInputs, O extends I, T> extends Declaration<I, O, T> {
  /** Performs the action and answers what it did. */
  perform(operation: Operation<I>): Promise<T>;
  /** The id of what it did. */
  idOf(done: T): string;
}

/**
 * Any resource's declaration, as the lifecycle and the resource classes take it: each declaration's operations take its
 * own inputs, which no one parameter type covers.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResourceDeclaration = ObjectDeclaration<any, any, any> | ActionDeclaration<any, any, any>;
