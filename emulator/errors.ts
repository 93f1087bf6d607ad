/** The API's error codes and the HTTP status each stands for (the contract's `x-http-status`). */
export const STATUS_OF_CODE = {
  PARSE_ERROR: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_SUPPORTED: 405,
  TIMEOUT: 408,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  CLIENT_CLOSED_REQUEST: 499,
  INTERNAL_SERVER_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof STATUS_OF_CODE;

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
    this.status = status ?? STATUS_OF_CODE[code];
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
  internal: (message = "Internal server error") => new EmulatorError("INTERNAL_SERVER_ERROR", message),
  tooManyRequests: (retryAfterSeconds: number) =>
    new EmulatorError("TOO_MANY_REQUESTS", "Too many requests", undefined, 429, {
      "retry-after": String(retryAfterSeconds),
    }),
  /** Any HTTP error status, with the code that stands for it (5xx without a code of their own take INTERNAL_SERVER_ERROR). */
  withStatus: (status: number, message: string) => {
    const code = (Object.keys(STATUS_OF_CODE) as ErrorCode[]).find((c) => STATUS_OF_CODE[c] === status);
    return new EmulatorError(
      code ?? (status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST"),
      message,
      undefined,
      status,
    );
  },
};
