import { PaperspaceError } from "../api/errors";

/**
 * An object was made, then a later step failed (its event timed out, a step after it failed, its machine could not be
 * started again). Thrown where the step fails, with the object as last seen; the lifecycle's create then records it
 * (`recorded`), so that the engine keeps the resource as partially created: it is neither leaked nor made twice, and
 * the next `up` finishes the job. Unrecorded (in an update), it is the step's failure.
 */
export class PartialCreateError extends PaperspaceError {
  /** Set once recorded: the object's id and the outputs the engine stores. */
  id?: string;
  properties?: Record<string, unknown>;

  constructor(
    readonly made: unknown,
    readonly failure: Error,
    message = failure.message,
  ) {
    super(message);
  }

  /** The same failure, recorded as the object `id` with these outputs. */
  recorded(id: string, properties: Record<string, unknown>): PartialCreateError {
    const error = new PartialCreateError(
      this.made,
      this.failure,
      `${this.message} (the object ${id} was created; the next \`pulumi up\` completes it)`,
    );
    error.id = id;
    error.properties = properties;
    return error;
  }

  get reasons(): string[] {
    return [this.message];
  }
}
