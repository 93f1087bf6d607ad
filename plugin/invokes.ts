/**
 * The lookups as the plugin's functions (`paperspace:index:<name>`). A function answers an object, so a lookup that
 * answers a list answers it under its `listedAs` (the OS templates as `{ templates }`); the others answer the API's
 * object.
 */
import type { PaperspaceClient } from "../provider/api/client";
import { LOOKUPS } from "../provider/lookups";
import { token } from "./token";

/** Runs the function `tok` with the arguments the program gave (each lookup checks them and names what is wrong). */
export async function invoke(
  tok: string,
  client: PaperspaceClient,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const lookup = LOOKUPS.find((candidate) => token(candidate.name) === tok);
  if (!lookup) throw new Error(`The paperspace plugin has no function "${tok}".`);
  const answer = await lookup.run(client, args as never);
  return lookup.answers.listedAs ? { [lookup.answers.listedAs]: answer } : { ...(answer as object) };
}
