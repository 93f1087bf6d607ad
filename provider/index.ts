export { StartupScript, type StartupScriptArgs } from "./resources/startupScript";
export {
  PaperspaceError,
  ConfigurationError,
  NetworkError,
  ApiError,
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  PayloadTooLargeError,
  RateLimitedError,
  ServerError,
} from "./api/errors";
