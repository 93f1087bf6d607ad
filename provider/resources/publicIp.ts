import { id, region } from "../lifecycle/attributes";
import { declareObject } from "../lifecycle/declaration";
import { MINUTE } from "../lifecycle/timeouts";
import { type CheckFailure, isUnknown, typeOf } from "../lifecycle/validators";

/** An IPv4 address, as public IPs are named. */
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * A static public IP, claimed in a region: its address is its id. The API has no read of one IP (it is found in the
 * list), and answers its claim, assignment and release at once. `machineId` assigns it to a machine of its region,
 * moves it or takes it off, in place; the machine then shows the IP as its `publicIp`, so the machine's outputs follow
 * with no change of its own inputs.
 */
export const publicIp = declareObject({
  type: "PublicIp",
  noun: "public IP",
  describe: (inputs) => `public IP in ${inputs.region}${inputs.machineId ? ` for machine ${inputs.machineId}` : ""}`,
  doc:
    "A static public IP claimed in a region; its address is its id. `machineId` assigns it to a machine of that region,\n" +
    "moves it to another or (unset) takes it off, in place; the region replaces it. Deleting it releases the address.",
  // A machine of its own, so that copies of the example do not take the IP from each other's machine.
  example: { name: "head-node", args: { region: "ny2", machineId: { idOf: "Machine" } } },
  timeouts: { create: 5 * MINUTE, update: 5 * MINUTE, delete: 5 * MINUTE },
  attributes: {
    region: region({ onChange: "replace", doc: 'The region, e.g. `"ny2"`. Changing it claims a new IP (replace).' }),
    machineId: id({
      onChange: "update",
      shownAs: "assignedMachineId",
      doc: "The machine of its region to assign it to. Changing it moves the IP; unset, the IP is assigned to none.",
    }),
  },
  wire: "PublicIp",
  copies: ["ip", "dtCreated"],
  idOf: (ip) => ip.ip,
  idForm: "<address>",
  // Adopting names the address.
  adoption: { check: checkAddress },
  calls: {
    collection: "/public-ips",
    readFromList: "ip",
    // An IP has no name: what a claim whose answer was lost made is the region's IP claimed since.
    listedBy: ({ region }) => ({ region }),
    create: { body: ({ region }) => ({ region }) },
    // Answers `{ ip }`: the IP is gone once the list no longer shows it.
    delete: {},
  },
  steps: [
    {
      name: "assignment",
      applies: ["machineId"],
      request: (api, address, { machineId }) =>
        api.collection("/public-ips").update(address, { machineId: machineId ?? null }),
    },
  ],
});

/** `adoptId` is an IP's address. */
function checkAddress({ adoptId }: Record<string, unknown>): CheckFailure[] {
  if (adoptId === undefined || isUnknown(adoptId)) return [];
  if (typeof adoptId === "string" && IPV4.test(adoptId)) return [];
  return [{ property: "adoptId", reason: `must be an IP address such as "184.105.3.17", got ${typeOf(adoptId)}` }];
}
