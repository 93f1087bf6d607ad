/** Machine events: what every asynchronous operation starts, listed and read; each read counts as a poll. */
import type { Collection } from "../collection";
import type { EventEngine, MachineEventRecord } from "../events";
import type { Kind, KindState } from "../kind";
import { findOr404, repeatsItems, visible } from "../kindHelpers";
import { type Position, pageOfIndex } from "../pagination";

export type State = KindState<{ machineEvents: Collection<MachineEventRecord> }> & {
  readonly events: Pick<EventEngine, "observe">;
  /** A team's events (or one machine's) in creation order, for lists to page through without a scan. */
  eventPositions(teamId: string, machineId?: string): readonly Position[];
};

/** An event as the API shows it: without its plan. */
export const viewEvent = (event: MachineEventRecord) => visible(event, "plan");

export const machineEvents = {
  collection: "machineEvents",
  ids: { name: "event", prefix: "ev", length: 12 },
  view: viewEvent,
  controlView: viewEvent,
  routes: {
    /**
     * Paged from the events' index, so a page costs the same however long the team's history. Each event listed
     * counts as read, as by `GET /machine-events/{id}` (an event done at its n-th read may be seen done in a list).
     */
    "machineEvents-list": (context) => {
      const { state, team, query } = context;
      const positions = state.eventPositions(team.id, query.machineId);
      const fetch = (id: string) => viewEvent(state.events.observe(state.store.machineEvents.get(team.id, id)!));
      return pageOfIndex(positions, query, fetch, repeatsItems(context));
    },

    "machineEvents-get": ({ state, team, params }) => {
      const event = findOr404(state.store.machineEvents, team.id, params.id, "Machine event");
      return viewEvent(state.events.observe(event));
    },
  },
} as const satisfies Kind<State>;
