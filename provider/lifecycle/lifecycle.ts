/**
 * The one lifecycle every resource runs, from its declaration: check, diff, create, read, update and delete, as the
 * engine calls them through either front, the dynamic providers (`provider/runtime.ts`) or the provider plugin
 * (`plugin/server.ts`). What is shared is written here once: refusing bad input before any request, what replaces and
 * what updates in place, storing `stored` inputs without a request, reading an object back (drift), and recording an
 * object whose create failed after it was made. The work of one create, update or delete is `operation.ts`'s.
 */
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderContext } from "../context";
import type { Attribute } from "./attributes";
import { type ActionDeclaration, type ObjectDeclaration, type ResourceDeclaration, isAction } from "./declaration";
import { PartialCreateError } from "./errors";
import { ObjectOperation, attributeDiffers, bindCalls, shownBy } from "./operation";
import { type TimedOperation, deadline } from "./timeouts";
import { type CheckFailure, UNKNOWN, checkId, checkTimeouts, isUnknown, unknownProperties } from "./validators";

type Props = Record<string, unknown>;

/** The dynamic provider operations the engine's host calls (`configure` is the runtime entry point's). */
export type Lifecycle = Required<Omit<pulumi.dynamic.ResourceProvider, "configure">>;

/** `outs` and `inputs` go through protobuf Struct, which refuses `undefined`: drop those keys. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function pick(from: Props, keys: readonly string[]): Props {
  return Object.fromEntries(keys.map((key) => [key, from[key]]));
}

export function lifecycle(declaration: ResourceDeclaration, context: ProviderContext): Lifecycle {
  const action = isAction(declaration) ? (declaration as ActionDeclaration) : undefined;
  const object = action ? undefined : (declaration as ObjectDeclaration);
  const attributes = Object.entries(declaration.attributes) as [string, Attribute][];
  const attributeKeys = attributes.map(([key]) => key);
  const secrets = attributes.filter(([, attribute]) => attribute.secret).map(([key]) => key);
  const replacing = attributes.filter(([, attribute]) => attribute.onChange === "replace");
  const replacingKeys = replacing.map(([key]) => key);
  const declaredCopies = attributes.flatMap(([key, { declaredCopy }]) => (declaredCopy ? [[key, declaredCopy]] : []));
  const copyKeys = declaredCopies.map(([, copy]) => copy);
  const autoNamed = attributes.some(([, attribute]) => attribute.autoNamed);
  const followingReplacements = attributes.some(([, attribute]) => attribute.followsReplacements);
  // The keys check takes: inputs checked before and checked again carry the copies and the auto-name.
  const accepted = [
    ...attributeKeys,
    ...copyKeys,
    ...(autoNamed ? ["autoName"] : []),
    ...(object ? ["adoptId"] : []),
    "timeouts",
  ];
  const computed = Object.entries(declaration.computed ?? {}) as [
    string,
    { of(made: unknown, inputs: Props): unknown },
  ][];
  const computedKeys = computed.map(([key]) => key);
  const copiedKeys = (object?.copies ?? []) as readonly string[];

  /**
   * The auto-name with its suffix drawn again from the inputs that replace (unknown while one of them is); the one
   * the object has while none of them changed. The SDKs fill an input's default before the plugin sees it and the
   * dynamic classes leave it out, so the suffix drawn for one object may differ by front: keeping the name it has lets
   * a stack move between the two, and upgrade, without a rename.
   */
  const derivedAutoName = (olds: Props, news: Props): unknown => {
    const kept = olds.name !== undefined && olds.name === olds.autoName;
    const valueOf = (inputs: Props, [key, attribute]: [string, Attribute]) => inputs[key] ?? attribute.default ?? null;
    if (kept && replacing.every((entry) => isDeepStrictEqual(valueOf(olds, entry), valueOf(news, entry)))) {
      return olds.autoName;
    }
    const base = news.autoName;
    if (typeof base !== "string" || isUnknown(base)) return base;
    if (replacingKeys.some((key) => isUnknown(news[key]))) return UNKNOWN;
    const seed = JSON.stringify([base, ...replacingKeys.map((key) => news[key] ?? null)]);
    const stem = base.slice(0, base.lastIndexOf("-"));
    return `${stem}-${createHash("sha256").update(seed).digest("hex").slice(0, 7)}`;
  };

  /**
   * The outputs: the inputs, what the API's object shows of them, the fields it copies and what it computed. The
   * inputs' `__provider` is kept: the engine's host puts it back into the outputs it is answered, but not into a
   * partial create's record.
   */
  const outputs = (inputs: Props, made: unknown): Props =>
    withoutUndefined({
      ...inputs,
      ...(object ? shownBy(object, made) : {}),
      ...Object.fromEntries(copiedKeys.map((key) => [key, (made as Props)[key] ?? null])),
      ...Object.fromEntries(computed.map(([key, output]) => [key, output.of(made, inputs)])),
    });

  const idOf = (made: unknown, inputs: Props): string =>
    action ? action.idOf(made) : (object!.idOf?.(made as never, inputs as never) ?? (made as { id: string }).id);

  /** A create (or a restore) that failed after it made something records what it made, as the object `id`. */
  const recordingWhatWasMade = (inputs: Props, id: string | undefined) => (error: unknown) => {
    if (!(error instanceof PartialCreateError) || error.id !== undefined) throw error;
    throw error.recorded(id ?? idOf(error.made, inputs), outputs(inputs, error.made));
  };

  const start = (inputs: Props, timed: TimedOperation) => {
    const until = deadline(inputs.timeouts as Props | undefined, timed, declaration.timeouts);
    return { inputs, api: context.client(until), deadline: until, context };
  };

  return {
    async check(olds: Props, news: Props) {
      const failures: CheckFailure[] = [
        ...unknownProperties(news, accepted),
        ...attributes.flatMap(([key, attribute]) => attribute.check(news[key], key, news, olds)),
        ...(object ? (object.adoption?.check?.(news) ?? checkId(news.adoptId, "adoptId", { required: false })) : []),
        ...checkTimeouts(news.timeouts),
      ];
      if (failures.length > 0) {
        // The engine prints a refused property's value beside the reason, even a secret one.
        const withheld = (f: CheckFailure) =>
          secrets.includes(f.property) ? { property: "", reason: `${f.property} ${f.reason}` } : f;
        return { failures: failures.map(withheld) };
      }
      const autoName = followingReplacements ? derivedAutoName(olds, news) : news.autoName;
      const filled = Object.fromEntries(
        attributes.map(([key, attribute]) => [
          key,
          news[key] ?? (attribute.autoNamed ? autoName : undefined) ?? attribute.default,
        ]),
      );
      const copies = Object.fromEntries(declaredCopies.map(([key, copy]) => [copy, filled[key]]));
      return { inputs: withoutUndefined({ ...news, autoName, ...filled, ...copies }) };
    },

    async diff(_id: string, olds: Props, news: Props) {
      // An input that replaces but that the old outputs lack (the API does not show it, as a machine's template, and
      // the object was imported by id) is only recorded: the object is not known to differ.
      const unrecorded = ([key]: [string, Attribute]) => olds[key] === undefined && news[key] !== undefined;
      const replaces = replacing
        .filter((entry) => !unrecorded(entry) && attributeDiffers(entry, olds, news))
        .map(([key]) => key);
      const changes =
        replaces.length > 0 ||
        replacing.some(unrecorded) ||
        attributes.some((entry) => entry[1].onChange !== "replace" && attributeDiffers(entry, olds, news)) ||
        JSON.stringify(olds.timeouts ?? null) !== JSON.stringify(news.timeouts ?? null);
      return { changes, replaces, deleteBeforeReplace: false };
    },

    async create(inputs: Props) {
      const operation = start(inputs, "create");
      const made = await (action ? action.perform(operation) : new ObjectOperation(object!, operation).make()).catch(
        recordingWhatWasMade(inputs, undefined),
      );
      return { id: idOf(made, inputs), outs: outputs(inputs, made) };
    },

    async read(id: string, props: Props) {
      // A past action has nothing to read back: its record stays as it is.
      if (!object) return { id, props };
      // The engine's reads of a refresh arrive together: they share their type's list.
      const api = context.client(undefined, { batchReads: true });
      // An import reads with no props: what the id names is all there is to go on.
      const given = { ...object.fromId?.(id), ...props };
      const found = await bindCalls(object, api, given).find(id);
      if (!found) return {};
      const kept = pick(given, [...attributeKeys, ...copyKeys, "autoName", "adoptId", "timeouts"]);
      const defaults = attributes.map(([key, attribute]) => [key, kept[key] ?? attribute.default]);
      const inputs = withoutUndefined({ ...kept, ...Object.fromEntries(defaults), ...shownBy(object, found) });
      return { id, props: outputs(inputs, found), inputs };
    },

    async update(id: string, olds: Props, news: Props) {
      const changed = attributes
        .filter((entry) => entry[1].onChange === "update" && attributeDiffers(entry, olds, news))
        .map(([key]) => key);
      if (changed.length === 0) {
        // Stored inputs (and timeouts) only: the new inputs, with what the API computed before; nothing of old inputs.
        return { outs: withoutUndefined({ ...pick(olds, [...copiedKeys, ...computedKeys]), ...news }) };
      }
      const operation = start(news, "update");
      const made = action
        ? await action.perform(operation).catch(recordingWhatWasMade(news, id))
        : await new ObjectOperation(object!, operation).applySteps(id, pick(news, changed), olds);
      return { outs: outputs(news, made) };
    },

    async delete(id: string, props: Props) {
      if (!object) return;
      await new ObjectOperation(object, start(props, "delete")).remove(id);
    },
  };
}
