import * as pulumi from "@pulumi/pulumi";
import type { CustomTemplate, Machine, OsTemplate } from "./api/types";
import { providerContext } from "./context";
import * as lookups from "./runtime/lookups";

/**
 * Lookups run in the program (also during preview), with the same credentials as the resources: the stack's
 * `paperspace:apiKey` and `paperspace:apiUrl`, else `PAPERSPACE_API_KEY` and `PAPERSPACE_API_URL`.
 */
function api() {
  providerContext.configure((key) => pulumi.runtime.getConfig(key));
  return providerContext.client();
}

/** The public OS templates, all of them or those with this exact name (e.g. `"Ubuntu 22.04"`). */
export function getOsTemplates(args: { name?: string } = {}): Promise<OsTemplate[]> {
  return lookups.getOsTemplates(api(), args);
}

/**
 * One machine of the team, by id or by its (exact, unique) name: its state, region, machine type, ... A name that
 * matches no machine, or several, is an error that says so.
 */
export function getMachine(args: { id: string } | { name: string }): Promise<Machine> {
  return lookups.getMachine(api(), args);
}

/**
 * One custom template of the team: by id; by its (exact, unique) name; or the newest (by creation) whose name starts
 * with `namePrefix`. The last is an image channel: with templates named `golden-2026-12-01`, `golden-2026-12-08`, ...,
 * a fleet that takes `{ namePrefix: "golden-" }` moves to each new image as it is made.
 */
export function getCustomTemplate(
  args: { id: string } | { name: string } | { namePrefix: string },
): Promise<CustomTemplate> {
  return lookups.getCustomTemplate(api(), args);
}
