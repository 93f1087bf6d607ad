import { count, id, name, region } from "../lifecycle/attributes";
import { declareObject } from "../lifecycle/declaration";
import { MINUTE } from "../lifecycle/timeouts";

/**
 * A shared drive on a private network (SMB), which the network's machines mount with the credentials it answers. Made
 * and deleted at once (no event); its credentials are secret outputs.
 */
export const sharedDrive = declareObject({
  type: "SharedDrive",
  noun: "shared drive",
  describe: (inputs) => `shared drive "${inputs.name}" on network ${inputs.networkId}`,
  doc:
    "A shared drive on a private network, which the network's machines mount at `mountPoint` with `username` and\n" +
    "`password` (secret outputs). `name` updates in place; its size, region and network replace it.",
  example: { name: "datasets", args: { networkId: { idOf: "PrivateNetwork" }, region: "ny2", size: 100 } },
  timeouts: { create: 10 * MINUTE, update: 5 * MINUTE, delete: 10 * MINUTE },
  attributes: {
    // Drives are looked for by name alone (an interrupted run's is taken over): a replacement needs a name of its own.
    name: name({
      followsReplacements: true,
      doc:
        "Its name, 1..128 characters. Defaults to the resource name plus a suffix fixed per stack and by the inputs\n" +
        "that replace it, so that a replacement has a name of its own.",
    }),
    size: count({
      onChange: "replace",
      min: 1,
      required: true,
      shownAs: "size",
      doc: "Its size in GB. Changing it makes a new drive (replace): its data does not move.",
    }),
    region: region({
      onChange: "replace",
      doc: 'The region, e.g. `"ny2"`: its network\'s. Changing it replaces the drive.',
    }),
    networkId: id({
      onChange: "replace",
      required: true,
      shownAs: "networkId",
      doc: "The private network it is on (a `PrivateNetwork`'s id), in its region. Changing it replaces the drive.",
    }),
  },
  wire: "SharedDrive",
  copies: ["mountPoint", "username", "password", "dtCreated"],
  secretCopies: ["username", "password"],
  calls: {
    collection: "/shared-drives",
    listedBy: ({ name }) => ({ name }),
    create: { body: ({ name, networkId, region, size }) => ({ name, networkId, region, size }) },
    // Answers `{ id }`: the drive is gone once it answers 404.
    delete: {},
  },
  steps: [{ name: "rename", applies: ["name"] }],
});
