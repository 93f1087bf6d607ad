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
    name: name(),
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
    delete: {},
  },
  steps: [{ name: "rename", applies: ["name"] }],
});
