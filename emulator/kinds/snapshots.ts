/** Snapshots of a machine: made at any time, renamed, restored onto their machine, deleted through an event. */
import type { Machine, Snapshot } from "../../contract/paperspace-api";
import type { Collection, Owned } from "../collection";
import { apiError } from "../errors";
import type { RequestContext } from "../handler";
import type { Kind, KindState } from "../kind";
import { BY_CREATION_OR_NAME, findOr404, listPage, readOr404, validateName, visible } from "../kindHelpers";
import { viewEvent } from "./machineEvents";

/** The emulator also keeps when a snapshot was made, to order lists by (the API's object has no date). */
export type SnapshotRecord = Snapshot & Owned & { dtCreated: string };

export type State = KindState<
  { snapshots: Collection<SnapshotRecord>; machines: Collection<Machine & Owned> },
  "snapshot-create" | "snapshot-delete" | "snapshot-restore"
>;

/** The API's snapshot has no creation date; the emulator keeps one to order lists by. */
export const viewSnapshot = (snapshot: SnapshotRecord) => visible(snapshot, "dtCreated");

const find = ({ state, team, params }: RequestContext<unknown, unknown, State>) =>
  findOr404(state.store.snapshots, team.id, params.id, "Snapshot");

export const snapshots = {
  collection: "snapshots",
  ids: { name: "snapshot", prefix: "s", length: 13 },
  view: viewSnapshot,
  controlView: viewSnapshot,
  events: {
    "snapshot-create": {
      durations: { fast: 50, realistic: 20_000 },
      // A failed create leaves nothing behind: the snapshot never was, so it does not linger.
      onFailed: (state, event) => {
        if (event.plan.subjectId) state.store.snapshots.delete(event.teamId, event.plan.subjectId);
      },
    },
    "snapshot-delete": {
      durations: { fast: 50, realistic: 5_000 },
      onDone: (state, event) => {
        if (event.plan.subjectId) {
          state.deleted("snapshots", state.store.snapshots.delete(event.teamId, event.plan.subjectId));
        }
      },
    },
    "snapshot-restore": { durations: { fast: 50, realistic: 30_000 } },
  },
  quirks: { deleteLag: "as it was" },
  routes: {
    "snapshots-list": (context) => {
      const { query } = context;
      const keep = (s: SnapshotRecord) => query.machineId === undefined || s.machineId === query.machineId;
      return listPage(context, context.state.store.snapshots, keep, viewSnapshot, BY_CREATION_OR_NAME);
    },

    /** Works while the machine runs; the snapshot exists at once and is removed again if its event fails. */
    "snapshots-create": (context) => {
      const { state, team, body } = context;
      validateName(body.name);
      const machine = findOr404(state.store.machines, team.id, body.machineId, "Machine");
      const snapshot = state.store.snapshots.put({
        id: state.newId("snapshots"),
        teamId: team.id,
        name: body.name,
        machineId: machine.id,
        isAutoSnapshot: false,
        dtCreated: state.now(),
      });
      const event = state.startEvent(team.id, "snapshot-create", machine.id, context.eventOutcome, {
        subjectId: snapshot.id,
      });
      return { data: viewSnapshot(snapshot), event: viewEvent(event) };
    },

    "snapshots-get": (context) =>
      viewSnapshot(readOr404(context, context.state.store.snapshots, context.params.id, "Snapshot")),

    "snapshots-update": (context) => {
      const snapshot = find(context);
      validateName(context.body.name);
      const name = context.body.name ?? snapshot.name;
      return viewSnapshot(context.state.store.snapshots.put({ ...snapshot, name }));
    },

    /** The snapshot goes when its event is done. */
    "snapshots-delete": (context) => {
      const snapshot = find(context);
      const event = context.state.startEvent(
        context.team.id,
        "snapshot-delete",
        snapshot.machineId,
        context.eventOutcome,
        { subjectId: snapshot.id },
      );
      return { data: viewSnapshot(snapshot), event: viewEvent(event) };
    },

    /** Reverts the snapshot's own machine, which must be off. */
    "snapshots-restore": (context) => {
      const { state, team, body } = context;
      const snapshot = find(context);
      const machine = findOr404(state.store.machines, team.id, snapshot.machineId, "Machine");
      if (machine.state !== "off") {
        throw apiError.badRequest(`Machine ${machine.id} must be off to restore a snapshot; it is ${machine.state}`);
      }
      if (body.createSnapshotBeforeRestore) {
        state.store.snapshots.put({
          id: state.newId("snapshots"),
          teamId: team.id,
          name: `${snapshot.name} (before restore)`,
          machineId: machine.id,
          isAutoSnapshot: false,
          dtCreated: state.now(),
        });
      }
      const event = state.startEvent(team.id, "snapshot-restore", machine.id, context.eventOutcome);
      return { data: viewSnapshot(snapshot), event: viewEvent(event) };
    },
  },
} as const satisfies Kind<State>;
