/**
 * The lookups: queries of the team's objects by id or name, each declared once. A program calls the generated
 * functions (`lookups.generated.ts`), the plugin serves them as its functions (`paperspace:index:<name>`); both run the
 * same `run`, each with a client made from its own credentials.
 */
import type { PaperspaceClient } from "./api/client";
import { PaperspaceError } from "./api/errors";
import {
  type CustomTemplate,
  ID_PATTERN,
  type Machine,
  type OsTemplate,
  type PrivateNetwork,
  type TeamMembership,
} from "./api/types";
import type { ValueType } from "./lifecycle/attributes";
import type { WireName } from "./lifecycle/declaration";

export interface Lookup<Args = never, Answer = unknown> {
  name: string;
  doc: string;
  /** Its arguments, each with its type and doc. */
  args: Record<string, { type: ValueType; doc: string }>;
  /** The sets of arguments it takes, one of which a call gives (`[["id"], ["name"]]`); absent: any, all optional. */
  forms?: readonly (readonly string[])[];
  /** The contract's type of what it answers; a list is answered under `listedAs` by the plugin (a function answers an object). */
  answers: { wire: WireName; listedAs?: string };
  /**
   * One call of it, as a program makes it: the docs show it in every language, its answer under `name` and the
   * field of the answer it `shows` exported.
   */
  example: { name: string; args: Record<string, string>; shows: string };
  run(api: PaperspaceClient, args: Args): Promise<Answer>;
}

function requireId(value: unknown, what: string): string {
  if (typeof value !== "string" || !ID_PATTERN.test(value)) {
    throw new PaperspaceError(`${what}: id must be a Paperspace id, got ${JSON.stringify(value)}`);
  }
  return value;
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

/** One object by its id, or by its exact, unique name; none or several of that name is an error that says so. */
async function byIdOrName<T extends { id: string; name: string }>(
  what: string,
  kind: string,
  args: { id: string } | { name: string },
  calls: { list(query: { name: string }): AsyncIterable<T>; get(id: string): Promise<T> },
): Promise<T> {
  if (args && "name" in args) {
    const name = requireName(args.name, what);
    return oneNamed(what, kind, calls.list({ name }), name);
  }
  return calls.get(requireId((args as { id?: unknown })?.id, what));
}

const STRING: ValueType = { kind: "string" };

/** The arguments of a lookup of one object by its id or by its name. */
function idOrName(noun: string): Pick<Lookup, "args" | "forms"> {
  return {
    args: { id: { type: STRING, doc: `The ${noun}'s id.` }, name: { type: STRING, doc: `The ${noun}'s exact name.` } },
    forms: [["id"], ["name"]],
  };
}

export const getOsTemplates: Lookup<{ name?: string }, OsTemplate[]> = {
  name: "getOsTemplates",
  doc: 'The public OS templates, all of them or those with this exact name (e.g. `"Ubuntu 22.04"`).',
  args: { name: { type: STRING, doc: "The template's exact name." } },
  answers: { wire: "OsTemplate", listedAs: "templates" },
  example: { name: "ubuntu", args: { name: "Ubuntu 22.04" }, shows: "templates" },
  async run(api, args = {}) {
    const templates: OsTemplate[] = [];
    for await (const template of api.osTemplates.list(args.name ? { name: args.name } : {})) templates.push(template);
    return templates;
  },
};

export const getMachine: Lookup<{ id: string } | { name: string }, Machine> = {
  name: "getMachine",
  doc:
    "One machine of the team, by id or by its (exact, unique) name: its state, region, machine type, ... A name that\n" +
    "matches no machine, or several, is an error that says so.",
  ...idOrName("machine"),
  answers: { wire: "Machine" },
  example: { name: "trainer", args: { name: "trainer" }, shows: "state" },
  run: (api, args) => byIdOrName("getMachine", "machine", args, api.machines),
};

export const getCustomTemplate: Lookup<{ id: string } | { name: string } | { namePrefix: string }, CustomTemplate> = {
  name: "getCustomTemplate",
  doc:
    "One custom template of the team: by id; by its (exact, unique) name; or the newest (by creation) whose name starts\n" +
    "with `namePrefix`. The last is an image channel: with templates named `golden-2026-12-01`, `golden-2026-12-08`, ...,\n" +
    'a fleet that takes `{ namePrefix: "golden-" }` moves to each new image as it is made.',
  args: {
    id: { type: STRING, doc: "The template's id." },
    name: { type: STRING, doc: "The template's exact name." },
    namePrefix: { type: STRING, doc: "The start of the name of the newest template to take." },
  },
  forms: [["id"], ["name"], ["namePrefix"]],
  answers: { wire: "CustomTemplate" },
  example: { name: "golden", args: { namePrefix: "golden-" }, shows: "id" },
  async run(api, args) {
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
    return byIdOrName(what, "custom template", args, api.customTemplates);
  },
};

export const getPrivateNetwork: Lookup<{ id: string } | { name: string }, PrivateNetwork> = {
  name: "getPrivateNetwork",
  doc:
    "One private network of the team, by id or by its (exact, unique) name: its region, prefix and netmask. A name\n" +
    "that matches no network, or several, is an error that says so.",
  ...idOrName("network"),
  answers: { wire: "PrivateNetwork" },
  example: { name: "cluster", args: { name: "cluster" }, shows: "network" },
  async run(api, args) {
    const what = "getPrivateNetwork";
    const networks = api.collection("/private-networks");
    return byIdOrName(what, "private network", args, {
      list: (query) => networks.list(query),
      // The API answers `null` for a region's public network: not one of the team's private networks.
      get: async (id) => {
        const network = await networks.get(id);
        if (!network) throw new PaperspaceError(`${what}: ${id} is a region's public network, not a private network.`);
        return network;
      },
    });
  },
};

export const getTeamUsers: Lookup<Record<string, never>, TeamMembership[]> = {
  name: "getTeamUsers",
  doc: "The members of the team of the API key, with their roles: the user ids a `MachineAccess` takes.",
  args: {},
  answers: { wire: "TeamMembership", listedAs: "users" },
  example: { name: "team", args: {}, shows: "users" },
  async run(api) {
    const { team } = await api.auth.session();
    const users: TeamMembership[] = [];
    for await (const membership of api.teams.users(team.id)) users.push(membership);
    return users;
  },
};

/** Every lookup, in the order the docs list them. */
export const LOOKUPS: readonly Lookup<never, unknown>[] = [
  getOsTemplates as Lookup<never, unknown>,
  getMachine as Lookup<never, unknown>,
  getCustomTemplate as Lookup<never, unknown>,
  getPrivateNetwork as Lookup<never, unknown>,
  getTeamUsers as Lookup<never, unknown>,
];
