import type { operations } from "../contract/paperspace-api";
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
  /** A fault rule says the platform has no capacity for the machine this request asks for. */
  noCapacity: boolean;
}

type OperationId = keyof operations;

/** The JSON body an operation of the contract takes; `unknown` for one that takes none. */
type BodyOf<Op extends OperationId> = operations[Op] extends {
  requestBody?: { content: { "application/json": infer Body } };
}
  ? Body
  : unknown;

type QueryOf<Op extends OperationId> = NonNullable<operations[Op]["parameters"]["query"]>;

/** Returns the response body; throws an `EmulatorError` to answer with the error envelope. */
export type Handler<Op extends OperationId> = (context: RequestContext<BodyOf<Op>, QueryOf<Op>>) => unknown;

/** A handler for every operation of the contract, by its operationId, typed by the contract. */
export type Handlers = { [Op in OperationId]: Handler<Op> };
