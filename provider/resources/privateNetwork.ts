import type { PaperspaceClient } from "../api/client";
import { BadRequestError } from "../api/errors";
import { name, region } from "../lifecycle/attributes";
import { declareObject } from "../lifecycle/declaration";
import { MINUTE } from "../lifecycle/timeouts";

/**
 * A private network of the team, in one region: its machines and shared drives reach each other on it. Made and
 * deleted at once (no event). Paperspace refuses to delete one with machines or drives on it, so a stack that declares
 * them on it deletes them first (they depend on it).
 */
export const privateNetwork = declareObject({
  type: "PrivateNetwork",
  noun: "private network",
  describe: (inputs) => `private network "${inputs.name}" in ${inputs.region}`,
  doc:
    "A private network of the team in one region, which machines (`networkId`) and shared drives join. `name` updates\n" +
    "in place; `region` replaces. Paperspace refuses to delete a network with machines or shared drives on it.",
  example: { name: "cluster", args: { region: "ny2" } },
  timeouts: { create: 5 * MINUTE, update: 5 * MINUTE, delete: 10 * MINUTE },
  attributes: {
    // Networks are looked for by name alone (an interrupted run's is taken over): a replacement needs a name of its own.
    name: name({
      followsReplacements: true,
      doc:
        "Its name, 1..128 characters. Defaults to the resource name plus a suffix fixed per stack and by the inputs\n" +
        "that replace it, so that a replacement has a name of its own.",
    }),
    region: region({
      onChange: "replace",
      doc: 'The region, e.g. `"ny2"`. Changing it makes a new network (replace).',
    }),
  },
  wire: "PrivateNetwork",
  copies: ["network", "netmask", "dtCreated"],
  calls: {
    collection: "/private-networks",
    listedBy: ({ name }) => ({ name }),
    create: { body: ({ name, region }) => ({ name, region }) },
    // Answers `{ id }`: the network is gone once it answers 404.
    delete: {
      request: (api, networkId) =>
        api
          .collection("/private-networks")
          .delete(networkId)
          .catch((error: unknown) => refusalNamingWhatIsOn(api, networkId, error)),
    },
  },
  steps: [{ name: "rename", applies: ["name"] }],
});

/**
 * A refused delete names what is still on the network (by name and id), so that the user knows what to delete or move
 * whatever the API's message says; any other error, or a refusal with nothing found on it, is thrown as it is.
 */
async function refusalNamingWhatIsOn(api: PaperspaceClient, networkId: string, error: unknown): Promise<never> {
  if (!(error instanceof BadRequestError)) throw error;
  const on = async (noun: string, objects: AsyncIterable<{ id: string; name: string; networkId?: string | null }>) => {
    const named: string[] = [];
    for await (const object of objects) if (object.networkId === networkId) named.push(`${object.name} (${object.id})`);
    return named.length > 0 ? [`${noun} ${named.join(", ")}`] : [];
  };
  const still = await Promise.all([
    on("machines", api.machines.list()),
    on("shared drives", api.collection("/shared-drives").list()),
  ]).catch(() => [[], []]);
  if (still.flat().length === 0) throw error;
  throw new BadRequestError(
    error.method,
    error.path,
    error.status,
    error.code,
    error.apiMessage,
    error.details,
    `Still on the network: ${still.flat().join("; ")}. Delete them or move them to another network first`,
  );
}
