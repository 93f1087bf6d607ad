import * as pulumi from "@pulumi/pulumi";
import { PaperspaceError } from "./api/errors";
import { type CustomTemplate, ID_PATTERN, type Machine, type OsTemplate } from "./api/types";
import { providerContext } from "./context";

/**
 * Lookups run in the program (also during preview), with the same credentials as the resources: the stack's
 * `paperspace:apiKey` and `paperspace:apiUrl`, else `PAPERSPACE_API_KEY` and `PAPERSPACE_API_URL`.
 */
function api() {
  providerContext.configure((key) => pulumi.runtime.getConfig(key));
  return providerContext.client();
}

function requireId(value: unknown, what: string): string {
  if (typeof value !== "string" || !ID_PATTERN.test(value)) {
    throw new PaperspaceError(`${what}: id must be a Paperspace id, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The public OS templates, all of them or those with this exact name (e.g. `"Ubuntu 22.04"`). */
export async function getOsTemplates(args: { name?: string } = {}): Promise<OsTemplate[]> {
  const templates: OsTemplate[] = [];
  for await (const template of api().osTemplates.list(args.name ? { name: args.name } : {})) templates.push(template);
  return templates;
}

/**
 * One machine of the team, by id or by its (exact, unique) name: its state, region, machine type, ... A name that
 * matches no machine, or several, is an error that says so.
 */
export async function getMachine(args: { id: string } | { name: string }): Promise<Machine> {
  if (args && "name" in args) {
    if (typeof args.name !== "string" || args.name === "") {
      throw new PaperspaceError(`getMachine: name must be a machine's name, got ${JSON.stringify(args.name)}`);
    }
    const found: Machine[] = [];
    for await (const machine of api().machines.list({ name: args.name }))
      if (machine.name === args.name) found.push(machine);
    if (found.length === 1) return found[0];
    throw new PaperspaceError(
      found.length === 0
        ? `getMachine: no machine named "${args.name}" in the team of this API key.`
        : `getMachine: ${found.length} machines are named "${args.name}" (${found.map((m) => m.id).join(", ")}); use an id.`,
    );
  }
  return api().machines.get(requireId((args as { id?: unknown })?.id, "getMachine"));
}

/** One custom template of the team, by id. */
export async function getCustomTemplate(args: { id: string }): Promise<CustomTemplate> {
  return api().customTemplates.get(requireId(args?.id, "getCustomTemplate"));
}
