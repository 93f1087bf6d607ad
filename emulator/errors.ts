import { ERROR_STATUS, type ErrorCode } from "../contract/paperspace-api";

export type { ErrorCode };

/** An error the emulator answers with the API's envelope `{code, message, details?}`. */
export class EmulatorError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    status?: number,
    /** Extra response headers, such as `Retry-After`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status ?? ERROR_STATUS[code];
  }

  toEnvelope(): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

/** The one factory for wire errors. */
export const apiError = {
  badRequest: (message: string, field?: string) =>
    new EmulatorError("BAD_REQUEST", message, field ? { field } : undefined),
  parse: (message: string) => new EmulatorError("PARSE_ERROR", message),
  unauthorized: () => new EmulatorError("UNAUTHORIZED", "You must be authenticated to access this resource"),
  notFound: (what: string) => new EmulatorError("NOT_FOUND", `${what} not found`),
  payloadTooLarge: (message: string, field?: string) =>
    new EmulatorError("PAYLOAD_TOO_LARGE", message, field ? { field } : undefined),
  notImplemented: (message: string) => new EmulatorError("NOT_IMPLEMENTED", message),
  internal: (message = "Internal server error") => new EmulatorError("INTERNAL_SERVER_ERROR", message),
  tooManyRequests: (retryAfterSeconds: number) =>
    new EmulatorError("TOO_MANY_REQUESTS", "Too many requests", undefined, 429, {
      "retry-after": String(retryAfterSeconds),
    }),
  /** Any HTTP error status, with the code that stands for it (5xx without a code of their own take INTERNAL_SERVER_ERROR). */
  withStatus: (status: number, message: string) => {
    const code = (Object.keys(ERROR_STATUS) as ErrorCode[]).find((c) => ERROR_STATUS[c] === status);
    return new EmulatorError(
      code ?? (status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST"),
      message,
      undefined,
      status,
    );
  },
};
