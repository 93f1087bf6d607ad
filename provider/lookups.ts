import * as pulumi from "@pulumi/pulumi";
import { PaperspaceError } from "./api/errors";
import type { CustomTemplate, Machine, OsTemplate } from "./api/types";
import { configureFromStack } from "./config";
import { client } from "./runtime/common";

/**
 * Lookups run in the program (also during preview), with the same credentials as the resources: the stack's
 * `paperspace:apiKey` and `paperspace:apiUrl`, else `PAPERSPACE_API_KEY` and `PAPERSPACE_API_URL`.
 */
function api() {
  configureFromStack((key) => pulumi.runtime.getConfig(key));
  return client();
}

function requireId(value: unknown, what: string): string {
  if (typeof value !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
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

/** One machine of the team, by id: its state, region, machine type, ... */
export async function getMachine(args: { id: string }): Promise<Machine> {
  return api().machines.get(requireId(args?.id, "getMachine"));
}

/** One custom template of the team, by id. */
export async function getCustomTemplate(args: { id: string }): Promise<CustomTemplate> {
  return api().customTemplates.get(requireId(args?.id, "getCustomTemplate"));
}
