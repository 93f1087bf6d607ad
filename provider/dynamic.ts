import * as pulumi from "@pulumi/pulumi";
import type { PaperspaceClient } from "./api/client";
import { providerContext } from "./context";
import type { Attribute } from "./lifecycle/attributes";
import { stackAutoName } from "./lifecycle/autoName";
import type { ResourceDeclaration } from "./lifecycle/declaration";
import type { TimedOperation } from "./lifecycle/timeouts";

/** The package's stable runtime entry point; state refers to it by this name. */
export const RUNTIME_MODULE = "pulumi-paperspace/runtime";

/** How long each operation may take, as durations such as `"90s"`, `"20m"` or `"1h30m"`. */
export type TimeoutsArgs = { [Operation in TimedOperation]?: pulumi.Input<string> };

/** What every resource takes besides its own fields. */
export interface TimedArgs {
  /** How long create, update and delete may take before the operation fails (defaults fit the real API). */
  timeouts?: pulumi.Input<TimeoutsArgs>;
}

/** What every resource that stands for an object takes besides its own fields. */
export interface CommonArgs extends TimedArgs {
  /**
   * Take over an existing object with this id instead of creating one (`pulumi import` does not work for dynamic
   * resources). It must match the declared immutable inputs; the others are applied to it. Read at create only.
   */
  adoptId?: pulumi.Input<string>;
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

/** The name an object of this program's stack gets when the program gives none (see `stackAutoName`). */
export function autoName(type: string, name: string): string {
  return stackAutoName({ project: pulumi.getProject(), stack: pulumi.getStack(), type, name });
}

/** A dynamic resource of a declared type, whose type token is `pulumi-nodejs:dynamic/paperspace:<type>`. */
export abstract class PaperspaceResource extends pulumi.CustomResource {
  /**
   * Every declared input and output is seeded (so that its property exists) before the arguments, so that a stray
   * argument of an output's name still reaches `check`, which names it. Secret inputs are wrapped as secrets and
   * kept secret as outputs, as are secret copied fields; a resource with an auto-named `name` gets its auto-name when
   * the program gives none.
   */
  protected constructor(
    declaration: ResourceDeclaration,
    name: string,
    args: object | undefined,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    const given = (args ?? {}) as Record<string, unknown>;
    const attributes = Object.entries(declaration.attributes) as [string, Attribute][];
    const outputs = [
      ...("copies" in declaration ? declaration.copies : []),
      ...Object.keys(declaration.computed ?? {}),
    ];
    const seeded = [...outputs, ...attributes.map(([key]) => key)];
    const secretInputs = attributes.filter(([, attribute]) => attribute.secret).map(([key]) => key);
    const secrets = [...secretInputs, ...(("secretCopies" in declaration && declaration.secretCopies) || [])];
    const autoNamed = attributes.some(([key, attribute]) => attribute.autoNamed && given[key] === undefined);
    super(
      `pulumi-nodejs:dynamic/paperspace:${declaration.type}`,
      name,
      {
        ...Object.fromEntries(seeded.map((key) => [key, undefined])),
        ...given,
        ...Object.fromEntries(
          secretInputs.filter((key) => given[key] !== undefined).map((k) => [k, pulumi.secret(given[k])]),
        ),
        ...(autoNamed ? { autoName: autoName(declaration.type, name) } : {}),
        __provider: providerSource(declaration.type),
      },
      secrets.length > 0 ? pulumi.mergeOptions(opts, { additionalSecretOutputs: secrets }) : opts,
    );
  }
}

/**
 * A client for a lookup run in the program (also during preview), with the same credentials as the resources: the
 * stack's `paperspace:apiKey` and `paperspace:apiUrl`, else `PAPERSPACE_API_KEY` and `PAPERSPACE_API_URL`.
 */
export function programClient(): PaperspaceClient {
  providerContext.configure((key) => pulumi.runtime.getConfig(key));
  return providerContext.client();
}
