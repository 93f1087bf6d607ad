/** Shared drives: made on one of the team's private networks, in its region, with the credentials to mount them. */
import type { SharedDrive } from "../../contract/paperspace-api";
import type { Collection, Owned } from "../collection";
import { apiError } from "../errors";
import type { RequestContext } from "../handler";
import type { Kind, KindState } from "../kind";
import {
  BY_CREATION_OR_NAME,
  findOr404,
  inRegion,
  listPage,
  readOr404,
  regionOr400,
  validateName,
  visible,
} from "../kindHelpers";
import type { PrivateNetworkRecord } from "./privateNetworks";

export type SharedDriveRecord = SharedDrive & Owned;

export type State = KindState<{
  sharedDrives: Collection<SharedDriveRecord>;
  privateNetworks: Collection<PrivateNetworkRecord>;
}>;

const PASSWORD_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const PASSWORD_LENGTH = 24;
const USERNAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
const USERNAME_LENGTH = 10;

/** Drawn from the seeded sequence, so that a run with the same seed and requests gives the same credentials. */
function drawn(state: State, characters: string, length: number): string {
  const draw = () => characters[Math.floor(state.random() * characters.length)];
  return Array.from({ length }, draw).join("");
}

/** Where the machines on the network mount the drive: the network's `.250` address, then the drive's id. */
function mountPointOf(network: PrivateNetworkRecord, driveId: string): string {
  return `//${network.network.replace(/\.\d+$/, ".250")}/${driveId}`;
}

/** The API answers the credentials with the drive, so the control view is the same. */
export const viewDrive = (drive: SharedDriveRecord) => visible(drive);

const find = ({ state, team, params }: RequestContext<unknown, unknown, State>) =>
  findOr404(state.store.sharedDrives, team.id, params.id, "Shared drive");

export const sharedDrives = {
  collection: "sharedDrives",
  ids: { name: "sharedDrive", prefix: "sd", length: 10 },
  view: viewDrive,
  controlView: viewDrive,
  quirks: { deleteLag: "sets dtDeleted" },
  routes: {
    "sharedDrives-list": (context) => {
      const { query } = context;
      const keep = (drive: SharedDriveRecord) =>
        (query.name === undefined || drive.name === query.name) && inRegion(drive.region, query.region);
      return listPage(context, context.state.store.sharedDrives, keep, viewDrive, BY_CREATION_OR_NAME);
    },

    /**
     * At once, with no event; its user name and password drawn from the seeded sequence. The user name is not the id:
     * clients keep it secret, which a value also shown as the id could not be.
     */
    "sharedDrives-create": ({ state, team, body }) => {
      validateName(body.name);
      const region = regionOr400(body.region);
      const network = state.store.privateNetworks.get(team.id, body.networkId);
      if (!network || network.region !== region) {
        throw apiError.badRequest(
          `networkId: no private network ${body.networkId} of the team in ${region}`,
          "networkId",
        );
      }
      const id = state.newId("sharedDrives");
      const drive = state.store.sharedDrives.put({
        id,
        teamId: team.id,
        name: body.name,
        networkId: network.id,
        region,
        size: body.size,
        mountPoint: mountPointOf(network, id),
        username: `u${drawn(state, USERNAME_CHARACTERS, USERNAME_LENGTH)}`,
        password: drawn(state, PASSWORD_CHARACTERS, PASSWORD_LENGTH),
        dtCreated: state.now(),
        dtDeleted: null,
      });
      return viewDrive(drive);
    },

    "sharedDrives-get": (context) =>
      viewDrive(readOr404(context, context.state.store.sharedDrives, context.params.id, "Shared drive")),

    "sharedDrives-update": (context) => {
      const drive = find(context);
      validateName(context.body.name);
      const name = context.body.name ?? drive.name;
      return viewDrive(context.state.store.sharedDrives.put({ ...drive, name }));
    },

    "sharedDrives-delete": (context) => {
      const drive = find(context);
      context.state.deleted("sharedDrives", context.state.store.sharedDrives.delete(drive.teamId, drive.id));
      return { id: drive.id };
    },
  },
} as const satisfies Kind<State>;
