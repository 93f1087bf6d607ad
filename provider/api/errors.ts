import { ERROR_STATUS } from "../../contract/paperspace-api";
import type { ErrorCode, ErrorEnvelope } from "./types";

/** The base of every error this package raises; `instanceof PaperspaceError` catches them all. */
export class PaperspaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The provider cannot run as configured (no API key, an unsafe URL, ...). */
export class ConfigurationError extends PaperspaceError {}

/** The request never got an answer: connection refused, reset, dropped, DNS failure. */
export class NetworkError extends PaperspaceError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly reason: string,
    /** True when the connection was refused, so the API cannot have acted. */
    readonly refused = false,
  ) {
    super(`Paperspace API ${method} ${path}: no answer (${reason}). Check the API URL and your network.`);
  }
}

/** A request got no answer within its timeout; the API may or may not have acted. */
export class RequestTimeoutError extends NetworkError {
  constructor(method: string, path: string) {
    super(method, path, "timed out");
  }
}

/** An asynchronous operation's machine event ended in `error` or `cancelled`. */
export class EventFailedError extends PaperspaceError {
  constructor(
    readonly eventId: string,
    readonly eventName: string,
    readonly state: string,
    readonly apiMessage: string | null,
    what: string,
  ) {
    super(`${what} failed: machine event ${eventId} (${eventName}) ended in ${state}: ${apiMessage ?? "no message"}`);
  }
}

/** An operation did not finish within the resource's timeout. */
export class OperationTimeoutError extends PaperspaceError {}

/** The API answered with its error envelope. Subclasses name the kinds a caller reacts to. */
export class ApiError extends PaperspaceError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly code: ErrorCode | string,
    readonly apiMessage: string,
    readonly details: Record<string, unknown> | undefined,
    hint: string,
  ) {
    super(`Paperspace API ${method} ${path} failed with ${status} ${code}: ${apiMessage}${hint ? `. ${hint}` : ""}`);
  }
}

export class BadRequestError extends ApiError {
  /** The request field the API named, when it named one. */
  get field(): string | undefined {
    const field = this.details?.field;
    return typeof field === "string" ? field : undefined;
  }
}
export class UnauthorizedError extends ApiError {}
export class ForbiddenError extends ApiError {}
export class NotFoundError extends ApiError {}
export class ConflictError extends ApiError {}
export class PayloadTooLargeError extends ApiError {}
export class RateLimitedError extends ApiError {}
export class ServerError extends ApiError {}

/** The API's answer, or `undefined` where it says 404. */
export async function unlessNotFound<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

type ApiErrorClass = new (...args: ConstructorParameters<typeof ApiError>) => ApiError;

const byStatus: Record<number, { type: ApiErrorClass; hint: string }> = {
  400: { type: BadRequestError, hint: "" },
  401: {
    type: UnauthorizedError,
    hint: "Check the API key: `pulumi config set paperspace:apiKey --secret` or PAPERSPACE_API_KEY",
  },
  403: { type: ForbiddenError, hint: "The API key's team may not do this" },
  404: { type: NotFoundError, hint: "" },
  409: { type: ConflictError, hint: "" },
  413: { type: PayloadTooLargeError, hint: "" },
  429: { type: RateLimitedError, hint: "Too many requests; retry later" },
};

/** The one place an API answer becomes an error. A 2xx answer carrying an envelope takes its code's status. */
export function apiErrorFromResponse(method: string, path: string, httpStatus: number, body: unknown): ApiError {
  const envelope = asEnvelope(body);
  const codeStatus: number | undefined = envelope ? ERROR_STATUS[envelope.code as ErrorCode] : undefined;
  const status = httpStatus < 400 ? (codeStatus ?? 500) : httpStatus;
  const code = envelope?.code ?? `HTTP_${status}`;
  const message = envelope?.message ?? (typeof body === "string" && body ? body.slice(0, 200) : "no error message");
  const details = envelope?.details;
  const known = byStatus[status];
  const type = known?.type ?? (status >= 500 ? ServerError : ApiError);
  return new type(method, path, status, code, message, details, known?.hint ?? "");
}

/** True for a 200 answer that is really an error: `code` and `message` and at most one more key (the CLI's rule). */
export function isErrorEnvelope(body: unknown): body is ErrorEnvelope {
  if (!body || typeof body !== "object" || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  const { code, message } = body as Record<string, unknown>;
  return typeof code === "string" && typeof message === "string" && keys.length <= 3;
}

function asEnvelope(body: unknown): ErrorEnvelope | undefined {
  return isErrorEnvelope(body) ? body : undefined;
}

/** True when a failed request may have been acted on by the API: look before repeating a create. */
export function mayHaveActed(error: unknown): boolean {
  if (error instanceof NetworkError) return !error.refused;
  return error instanceof ServerError;
}
