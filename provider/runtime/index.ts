/**
 * The runtime entry point, `pulumi-paperspace/runtime`.
 *
 * Every resource's state stores one line of code that requires this module and asks for a provider by
 * type name (see `resources/dynamic.ts`). Refresh and destroy run that stored line, so this module's
 * name and the `provider(type)` signature are public API for as long as any state refers to them.
 */
import type * as pulumi from "@pulumi/pulumi";
import { providerContext } from "../context";
import * as customTemplate from "./customTemplate";
import * as snapshot from "./snapshot";
import * as snapshotRestore from "./snapshotRestore";
import * as startupScript from "./startupScript";
import * as startupScriptAssignment from "./startupScriptAssignment";

type Operations = Required<Omit<pulumi.dynamic.ResourceProvider, "configure">>;

/** Each resource's module exports check, diff, create, read, update and remove (delete is a reserved word). */
const of = (resource: Omit<Operations, "delete"> & { remove: Operations["delete"] }): Operations => ({
  check: resource.check,
  diff: resource.diff,
  create: resource.create,
  read: resource.read,
  update: resource.update,
  delete: resource.remove,
});

const operations: Record<string, Operations> = {
  StartupScript: of(startupScript),
  StartupScriptAssignment: of(startupScriptAssignment),
  Snapshot: of(snapshot),
  CustomTemplate: of(customTemplate),
  SnapshotRestore: of(snapshotRestore),
};

const providers = new Map<string, pulumi.dynamic.ResourceProvider>();

/** The dynamic provider for one resource type, as the engine's provider host calls it. */
export function provider(type: string): pulumi.dynamic.ResourceProvider {
  const ops = operations[type];
  if (!ops) {
    throw new Error(
      `pulumi-paperspace has no resource type "${type}" (known: ${Object.keys(operations).join(", ")}). ` +
        "The state was written by another version of pulumi-paperspace; install that version to manage it.",
    );
  }
  let existing = providers.get(type);
  if (!existing) {
    existing = {
      ...ops,
      async configure(request: pulumi.dynamic.ConfigureRequest) {
        providerContext.configure((key) => request.config.get(key));
      },
    };
    providers.set(type, existing);
  }
  return existing;
}
