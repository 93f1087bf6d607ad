/**
 * The lookups as the plugin's functions (`paperspace:index:<name>`). A function answers an object, so a lookup that
 * answers a list answers it under `listedAs` (the OS templates as `{ templates }`); the others answer the API's object.
 */
import type { PaperspaceClient } from "../provider/api/client";
import * as lookups from "../provider/runtime/lookups";

export interface LookupInvoke {
  name: keyof typeof lookups;
  listedAs?: string;
}

export const LOOKUP_INVOKES: readonly LookupInvoke[] = [
  { name: "getOsTemplates", listedAs: "templates" },
  { name: "getMachine" },
  { name: "getCustomTemplate" },
];

/** Runs a lookup with the arguments the program gave (each lookup checks them and names what is wrong). */
export async function invoke(
  lookup: LookupInvoke,
  client: PaperspaceClient,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const run = lookups[lookup.name] as (client: PaperspaceClient, args: unknown) => Promise<unknown>;
  const answer = await run(client, args);
  return lookup.listedAs ? { [lookup.listedAs]: answer } : { ...(answer as object) };
}
