/**
 * A resource's inputs, each described once: its type, whether the program must give it, how a change of it applies,
 * its default, its checks, whether it is secret, where the API's object shows it, and its doc text. The lifecycle checks
 * and diffs by these; the generator writes the public classes, the plugin's schema and the SDKs from them.
 */
import { canonicalRegion } from "../api/decode";
import type { CheckFailure } from "./validators";
import {
  checkBoolean,
  checkCount,
  checkId,
  checkLabel,
  checkNameOrAutoName,
  checkOneOf,
  checkString,
  checkValues,
  isUnknown,
} from "./validators";

/** The value types the schema and the generated classes know. */
export type ValueType =
  | { kind: "string" }
  | { kind: "integer" }
  | { kind: "number" }
  | { kind: "boolean" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "array" };

/**
 * How a change of an input is applied:
 * - `replace`: the API cannot change it, so a new object is made (the diff's `replaces`);
 * - `update`: the resource's update steps change the object in place;
 * - `stored`: nothing is asked of the API, the new value is only stored: it is read at create only
 *   (`takeInitialSnapshot`) or says how the provider works (`powerOffMachine`).
 */
export type ChangeKind = "replace" | "update" | "stored";

type Props = Record<string, unknown>;

/** A check beyond the type's own, of a value the program gave; `olds` are the inputs of the last run ({} at first). */
export type Validator = (value: never, property: string, inputs: Props, olds: Props) => CheckFailure[];

/**
 * One input. `V` is its value's type and `Present` whether it always has a value once checked (given, defaulted or
 * auto-named): the inputs type of a resource is derived from these.
 */
export interface Attribute<V = unknown, Present extends boolean = boolean> {
  type: ValueType;
  onChange: ChangeKind;
  /** The doc text of the input, in the generated classes, the schema and the SDKs. */
  doc: string;
  /** The program must give it. */
  required: boolean;
  /** What `check` fills in when the program gives nothing. */
  default?: V;
  /** Secret in state. A refusal names it in its reason, not as the property, so that the engine prints no value. */
  secret?: boolean;
  /** Takes the auto-name the resource computed from its URN (`autoName`) when the program gives none. */
  autoNamed?: boolean;
  /**
   * For an auto-name: it also follows the inputs that replace the object, so that a replacement, made before the old
   * object goes, gets a name of its own (and is not taken for one an interrupted run left under the old name).
   */
  followsReplacements?: boolean;
  /** Optional, and when the program leaves it unset, whatever the API has stands (no diff, nothing sent). */
  keepsApiValue?: boolean;
  /**
   * The program's value is also kept under this key, which reads leave alone: a read replaces the attribute's own
   * value with what the API shows, and `differs` can then tell a change in the program from a change in the account.
   */
  declaredCopy?: string;
  /** For the id of the object this one belongs to: that object's kind, for messages ("machine"). */
  parent?: string;
  /** Where the API's object shows it: a field of the same meaning, or a reading of the object. Absent: not shown. */
  shownAs?: string | ((object: never) => unknown);
  /** The output, where it reads otherwise than the input (a machine's `state`, which is any power state). */
  output?: { type: ValueType; doc: string };
  /** The refusals of a value, each naming the property: the type's own check, then its `validators`. */
  check(value: unknown, property: string, inputs: Props, olds: Props): CheckFailure[];
  /** Whether old outputs and new inputs differ here; by default their values differ, or the new one is unknown. */
  differs?(olds: Props, news: Props): boolean;
  /** Carries the value's type for `InputsOf`; never set. */
  readonly valueType?: V;
  readonly present?: Present;
}

/** What every attribute takes. */
interface Options {
  onChange: ChangeKind;
  doc: string;
  secret?: boolean;
  keepsApiValue?: boolean;
  declaredCopy?: string;
  shownAs?: string | ((object: never) => unknown);
  output?: { type: ValueType; doc: string };
  differs?(olds: Props, news: Props): boolean;
  /** Checks beyond the type's, run on a known value that passed the type's check. */
  validators?: Validator[];
}

/** `present` when the program must give it or a default fills it in. */
type Presence<Required, Default> = Required extends true ? true : Default extends undefined ? false : true;

function attribute<V, P extends boolean>(
  type: ValueType,
  own: (value: unknown, property: string, inputs: Props) => CheckFailure[],
  { validators = [], ...options }: Options,
  extra: Partial<Attribute<V, P>> & { required: boolean },
): Attribute<V, P> {
  return {
    type,
    ...options,
    ...extra,
    check(value, property, inputs, olds) {
      const failures = own(value, property, inputs);
      if (failures.length > 0 || value === undefined || value === null || isUnknown(value)) return failures;
      return validators.flatMap((validate) => validate(value as never, property, inputs, olds));
    },
  };
}

/** The id of another Paperspace object; `parent` names that object's kind when this one belongs to it. */
export function id<R extends boolean = false>(
  options: Options & { required?: R; parent?: string },
): Attribute<string, Presence<R, undefined>> {
  const { required = false, parent, ...rest } = options;
  return attribute({ kind: "string" }, (v, p) => checkId(v, p, { required }), rest, { required, parent });
}

/**
 * The id of the machine the object is made from and belongs to (`machineId`, shown as such unless said otherwise): the
 * program gives it, and another makes a new object.
 */
export function parentMachine(options: Omit<Options, "onChange">): Attribute<string, true> {
  return id({ onChange: "replace", required: true, parent: "machine", shownAs: "machineId", ...options });
}

/**
 * The object's name: 1..128 characters, the auto-name when none is given, changed in place, shown as `name`; its doc
 * says so unless the declaration says more.
 */
export function name(options: { doc?: string; followsReplacements?: boolean } = {}): Attribute<string, true> {
  const {
    followsReplacements,
    doc = "Its name, 1..128 characters. Defaults to the resource name plus a suffix fixed per stack.",
  } = options;
  return attribute<string, true>(
    { kind: "string" },
    (_value, _property, inputs) => checkNameOrAutoName(inputs),
    { onChange: "update", shownAs: "name", doc },
    { required: false, autoNamed: true, followsReplacements },
  );
}

/** A string; `required` when the program must give it. */
export function string<R extends boolean = false>(
  options: Options & { required?: R },
): Attribute<string, Presence<R, undefined>> {
  const { required = false, ...rest } = options;
  return attribute({ kind: "string" }, (v, p) => checkString(v, p, { required }), rest, { required });
}

/** A non-empty string (a label of the API's, such as a machine type); required. */
export function label(options: Options): Attribute<string, true> {
  return attribute({ kind: "string" }, (v, p) => checkLabel(v, p), options, { required: true });
}

/**
 * A region (`ny2`), which the program must give, shown as `region`; compared in its canonical form, so that `ny2` and
 * `East Coast (NY2)` are one region.
 */
export function region(options: Omit<Options, "differs">): Attribute<string, true> {
  return label({
    shownAs: "region",
    differs: (olds, news) => isUnknown(news.region) || canonicalRegion(olds.region) !== canonicalRegion(news.region),
    ...options,
  });
}

/** A boolean, `default` when the program gives none. */
export function boolean<D extends boolean | undefined = undefined>(
  options: Options & { default?: D },
): Attribute<boolean, Presence<false, D>> {
  const { default: fallback, ...rest } = options;
  return attribute<boolean, Presence<false, D>>({ kind: "boolean" }, checkBoolean, rest, {
    required: false,
    default: fallback as boolean | undefined,
  });
}

/** One of a few strings, `default` when the program gives none. */
export function oneOf<const Values extends readonly string[], D extends Values[number] | undefined = undefined>(
  values: Values,
  options: Options & { default?: D },
): Attribute<Values[number], Presence<false, D>> {
  const { default: fallback, ...rest } = options;
  return attribute<Values[number], Presence<false, D>>(
    { kind: "enum", values },
    (v, p) => checkOneOf(v, p, values),
    rest,
    {
      required: false,
      default: fallback as Values[number] | undefined,
    },
  );
}

/** A whole number from `min` up; `required` when the program must give it. */
export function count<R extends boolean = false>(
  options: Options & { min: number; required?: R },
): Attribute<number, Presence<R, undefined>> {
  const { min, required = false, ...rest } = options;
  return attribute({ kind: "integer" }, (v, p) => checkCount(v, p, min, { required }), rest, { required });
}

/** Any values, in an array. */
export function values(options: Options): Attribute<unknown[], false> {
  return attribute({ kind: "array" }, checkValues, options, { required: false });
}
