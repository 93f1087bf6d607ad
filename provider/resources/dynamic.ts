import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { LIMITS } from "../../contract/paperspace-api";

/** The package's stable runtime entry point; state refers to it by this name. */
export const RUNTIME_MODULE = "pulumi-paperspace/runtime";

/** How long each operation may take, as durations such as `"90s"`, `"20m"` or `"1h30m"`. */
export interface TimeoutsArgs {
  create?: pulumi.Input<string>;
  update?: pulumi.Input<string>;
  delete?: pulumi.Input<string>;
}

/** What every resource takes besides its own fields. */
export interface CommonArgs {
  /**
   * Take over an existing object with this id instead of creating one (`pulumi import` does not work for dynamic
   * resources). It must match the declared immutable inputs; the others are applied to it. Read at create only.
   */
  adoptId?: pulumi.Input<string>;
  /** How long create, update and delete may take before the operation fails (defaults fit the real API). */
  timeouts?: pulumi.Input<TimeoutsArgs>;
}

/** Every resource's plain inputs carry the provider code the engine stores with them, and the common options. */
export interface DynamicInputs {
  __provider?: string;
  adoptId?: string;
  timeouts?: { create?: string; update?: string; delete?: string };
}

/**
 * The code stored in state as `__provider` for one resource type: a single `require` of the runtime entry
 * point. Pulumi's dynamic provider host loads this text and calls `handler()` to get the provider. Writing it
 * by hand, instead of letting Pulumi serialize a provider object's closures, keeps it under 150 bytes, captures
 * nothing (no client, no credentials), costs no serialization at all, and lets refresh and destroy of old
 * state run the installed version's code.
 */
export function providerSource(type: string): string {
  return `exports.handler = () => require(${JSON.stringify(RUNTIME_MODULE)}).provider(${JSON.stringify(type)});\n`;
}

const SUFFIX_LENGTH = 7;

/**
 * The name an object gets when the program gives none: the resource name plus a 7-character suffix derived
 * from the project, stack, type and resource name. It looks random across stacks but is the same at every
 * run of one stack, so a preview shows the name the update will use and it never changes on its own.
 */
export function autoName(type: string, name: string): string {
  const seed = `${pulumi.getProject()}/${pulumi.getStack()}/${type}/${name}`;
  const suffix = createHash("sha256").update(seed).digest("hex").slice(0, SUFFIX_LENGTH);
  return `${name.slice(0, LIMITS.nameMaxLength - SUFFIX_LENGTH - 1)}-${suffix}`;
}

/** A dynamic resource whose type token is `pulumi-nodejs:dynamic/paperspace:<type>`. */
export abstract class PaperspaceResource extends pulumi.CustomResource {
  /**
   * `outputs` names the outputs that are not inputs: they are seeded (so that their properties exist) before the
   * inputs, so that a stray input of the same name still reaches `check`, which names it.
   */
  protected constructor(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    outputs: string[],
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    const seeded = Object.fromEntries(outputs.map((output) => [output, undefined]));
    super(
      `pulumi-nodejs:dynamic/paperspace:${type}`,
      name,
      { ...seeded, ...inputs, __provider: providerSource(type) },
      opts,
    );
  }
}
