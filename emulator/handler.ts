import type { EmulatorState } from "./state";
import type { EventOutcome, Team } from "./store";

/** What an operation's handler gets: the request, already validated against the contract, and its team. */
export interface RequestContext<Body = unknown, Query = Record<string, unknown>> {
  state: EmulatorState;
  team: Team;
  params: Record<string, string>;
  query: Query;
  body: Body;
  /** How an event this request starts must end: `done` unless a fault rule says otherwise. */
  eventOutcome: EventOutcome;
}

/** Returns the response body; throws an `EmulatorError` to answer with the error envelope. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (context: RequestContext<any, any>) => unknown;

/** Handlers by the contract's operationId. */
export type Handlers = Record<string, Handler>;
