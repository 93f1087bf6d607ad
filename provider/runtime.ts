/**
 * The runtime entry point, `pulumi-paperspace/runtime`.
 *
 * Every resource's state stores one line of code that requires this module and asks for a provider by
 * type name (see `dynamic.ts`). Refresh and destroy run that stored line, so this module's name and the
 * `provider(type)` signature are public API for as long as any state refers to them.
 */
import type * as pulumi from "@pulumi/pulumi";
import { providerContext } from "./context";
import { lifecycle } from "./lifecycle/lifecycle";
import { DECLARATIONS } from "./resources/declarations.generated";

type Provider = Required<pulumi.dynamic.ResourceProvider>;

const providers = new Map<string, Provider>(
  DECLARATIONS.map((declaration) => [
    declaration.type,
    {
      ...lifecycle(declaration, providerContext),
      async configure(request: pulumi.dynamic.ConfigureRequest) {
        providerContext.configure((key) => request.config.get(key));
      },
    },
  ]),
);

/** The dynamic provider for one resource type, as the engine's provider host calls it. */
export function provider(type: string): Provider {
  const found = providers.get(type);
  if (!found) {
    throw new Error(
      `pulumi-paperspace has no resource type "${type}" (known: ${[...providers.keys()].join(", ")}). ` +
        "The state was written by another version of pulumi-paperspace; install that version to manage it.",
    );
  }
  return found;
}
