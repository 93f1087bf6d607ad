/**
 * The lookups: queries of the team's objects by id or name, which the program's functions (`lookups.ts`) and the
 * provider plugin's invokes both run, each with a client made from its own credentials.
 */
import type { PaperspaceClient } from "../api/client";
import { PaperspaceError } from "../api/errors";
import { type CustomTemplate, ID_PATTERN, type Machine, type OsTemplate } from "../api/types";

function requireId(value: unknown, what: string): string {
  if (typeof value !== "string" || !ID_PATTERN.test(value)) {
    throw new PaperspaceError(`${what}: id must be a Paperspace id, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The public OS templates, all of them or those with this exact name (e.g. `"Ubuntu 22.04"`). */
export async function getOsTemplates(api: PaperspaceClient, args: { name?: string } = {}): Promise<OsTemplate[]> {
  const templates: OsTemplate[] = [];
  for await (const template of api.osTemplates.list(args.name ? { name: args.name } : {})) templates.push(template);
  return templates;
}

/** A name given to a lookup: a non-empty string. */
function requireName(value: unknown, what: string, property = "name"): string {
  if (typeof value !== "string" || value === "") {
    throw new PaperspaceError(`${what}: ${property} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The one object of a list with exactly this name; none or several is an error that says so. */
async function oneNamed<T extends { id: string; name: string }>(
  what: string,
  kind: string,
  list: AsyncIterable<T>,
  name: string,
): Promise<T> {
  const found: T[] = [];
  for await (const object of list) if (object.name === name) found.push(object);
  if (found.length === 1) return found[0];
  throw new PaperspaceError(
    found.length === 0
      ? `${what}: no ${kind} named "${name}" in the team of this API key.`
      : `${what}: ${found.length} ${kind}s are named "${name}" (${found.map((o) => o.id).join(", ")}); use an id.`,
  );
}

/**
 * One machine of the team, by id or by its (exact, unique) name: its state, region, machine type, ... A name that
 * matches no machine, or several, is an error that says so.
 */
export async function getMachine(api: PaperspaceClient, args: { id: string } | { name: string }): Promise<Machine> {
  if (args && "name" in args) {
    const name = requireName(args.name, "getMachine");
    return oneNamed("getMachine", "machine", api.machines.list({ name }), name);
  }
  return api.machines.get(requireId((args as { id?: unknown })?.id, "getMachine"));
}

/**
 * One custom template of the team: by id; by its (exact, unique) name; or the newest (by creation) whose name starts
 * with `namePrefix`. The last is an image channel: with templates named `golden-2026-12-01`, `golden-2026-12-08`, ...,
 * a fleet that takes `{ namePrefix: "golden-" }` moves to each new image as it is made.
 */
export async function getCustomTemplate(
  api: PaperspaceClient,
  args: { id: string } | { name: string } | { namePrefix: string },
): Promise<CustomTemplate> {
  const what = "getCustomTemplate";
  if (args && "namePrefix" in args) {
    const prefix = requireName(args.namePrefix, what, "namePrefix");
    for await (const template of api.customTemplates.list({ orderBy: "dtCreated", order: "desc" })) {
      if (template.name.startsWith(prefix)) return template;
    }
    throw new PaperspaceError(
      `${what}: no custom template's name starts with "${prefix}" in the team of this API key.`,
    );
  }
  if (args && "name" in args) {
    const name = requireName(args.name, what);
    return oneNamed(what, "custom template", api.customTemplates.list({ name }), name);
  }
  return api.customTemplates.get(requireId((args as { id?: unknown })?.id, what));
}
