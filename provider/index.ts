export * from "./resources/index.generated";
export * from "./lookups.generated";
export type { CommonArgs, TimedArgs, TimeoutsArgs } from "./dynamic";
export type { TimedOperation } from "./lifecycle/timeouts";
export type * as api from "./api/types";
export {
  PaperspaceError,
  ConfigurationError,
  NetworkError,
  RequestTimeoutError,
  ApiError,
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  PayloadTooLargeError,
  RateLimitedError,
  ServerError,
  EventFailedError,
  OperationTimeoutError,
} from "./api/errors";
