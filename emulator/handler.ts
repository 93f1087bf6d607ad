import type { operations } from "../contract/paperspace-api";
import type { Team } from "./collection";
import type { EventOutcome } from "./events";

/**
 * What an operation's handler gets: the request, already validated against the contract, and its team. `State` is
 * what the handler uses of the emulator's state (each kind says what it uses; the server checks that it has it).
 */
export interface RequestContext<Body = unknown, Query = Record<string, unknown>, State = unknown> {
  state: State;
  team: Team;
  params: Record<string, string>;
  query: Query;
  body: Body;
  /** How an event this request starts must end: `done` unless a fault rule says otherwise. */
  eventOutcome: EventOutcome;
  /** A fault rule says the platform has no capacity for the machine this request asks for. */
  noCapacity: boolean;
}

export type OperationId = keyof operations;

/** The JSON body an operation of the contract takes; `unknown` for one that takes none. */
type BodyOf<Op extends OperationId> = operations[Op] extends {
  requestBody?: { content: { "application/json": infer Body } };
}
  ? Body
  : unknown;

type QueryOf<Op extends OperationId> = NonNullable<operations[Op]["parameters"]["query"]>;

/** Returns the response body; throws an `EmulatorError` to answer with the error envelope. */
export type Handler<Op extends OperationId, State> = (
  context: RequestContext<BodyOf<Op>, QueryOf<Op>, State>,
) => unknown;

/** A handler for every operation of the contract, by its operationId, typed by the contract. */
export type Handlers<State> = { [Op in OperationId]: Handler<Op, State> };
