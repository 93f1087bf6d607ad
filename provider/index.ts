export { StartupScript, type StartupScriptArgs } from "./resources/startupScript";
export { StartupScriptAssignment, type StartupScriptAssignmentArgs } from "./resources/startupScriptAssignment";
export { Snapshot, type SnapshotArgs } from "./resources/snapshot";
export { CustomTemplate, type CustomTemplateArgs } from "./resources/customTemplate";
export { SnapshotRestore, type SnapshotRestoreArgs } from "./resources/snapshotRestore";
export { Machine, type MachineArgs } from "./resources/machine";
export type { CommonArgs, TimeoutsArgs } from "./resources/dynamic";
export type { TimedOperation } from "./runtime/timeouts";
export { getOsTemplates, getMachine, getCustomTemplate } from "./lookups";
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
