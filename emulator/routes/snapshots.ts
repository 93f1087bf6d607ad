import { apiError } from "../errors";
import type { Handlers, RequestContext } from "../handler";
import type { SnapshotRecord } from "../store";
import { findOr404, listPage, machineOr404, readOr404, validateName, visible } from "./common";
import { viewEvent } from "./machines";

/** The API's snapshot has no creation date; the emulator keeps one to order lists by. */
export const viewSnapshot = (snapshot: SnapshotRecord) => visible(snapshot, "dtCreated");

const find = ({ state, team, params }: RequestContext) =>
  findOr404(state.store.snapshots, team.id, params.id, "Snapshot");

export const snapshotHandlers = {
  "snapshots-list": (context) => {
    const { query } = context;
    const keep = (s: SnapshotRecord) => query.machineId === undefined || s.machineId === query.machineId;
    return listPage(context, "snapshots", keep, viewSnapshot);
  },

  /** Works while the machine runs; the snapshot exists at once and is removed again if its event fails. */
  "snapshots-create": (context) => {
    const { state, team, body } = context;
    validateName(body.name);
    const machine = machineOr404(context, body.machineId);
    const snapshot = state.store.snapshots.put({
      id: state.newId("snapshot"),
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

  "snapshots-get": (context) => viewSnapshot(readOr404(context, "snapshots", context.params.id, "Snapshot")),

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
    const machine = machineOr404(context, snapshot.machineId);
    if (machine.state !== "off") {
      throw apiError.badRequest(`Machine ${machine.id} must be off to restore a snapshot; it is ${machine.state}`);
    }
    if (body.createSnapshotBeforeRestore) {
      state.store.snapshots.put({
        id: state.newId("snapshot"),
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
} satisfies Partial<Handlers>;
