/**
 * Wire types of the Paperspace API v1, as written in `contract/openapi.yaml`.
 * Response objects are open (the server may add fields), so these list what the package reads.
 */

/** Every list answers one page: follow `nextPage` with `?after=` until it is absent or null. */
export interface Page<T> {
  hasMore: boolean;
  items: T[];
  nextPage?: string | null;
}

export interface PageQuery {
  after?: string;
  /** 1..120 */
  limit?: number;
  orderBy?: string;
  order?: "asc" | "desc";
}

/** The error envelope (tRPC style). Before 2024-05 the extra field was `issues` instead of `details`. */
export interface ErrorEnvelope {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  issues?: { message: string }[];
}

export type ErrorCode =
  | "PARSE_ERROR"
  | "BAD_REQUEST"
  | "INTERNAL_SERVER_ERROR"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "METHOD_NOT_SUPPORTED"
  | "TIMEOUT"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS"
  | "CLIENT_CLOSED_REQUEST";

export type MachineEventName =
  | "bill-sessions"
  | "bill-upgrade"
  | "create"
  | "deactivate"
  | "restart"
  | "snapshot-create"
  | "snapshot-delete"
  | "snapshot-restore"
  | "start"
  | "stop"
  | "template-create"
  | "template-delete"
  | "template-distribute"
  | "template-import"
  | "vm-migrate"
  | "vm-shutdown-force"
  | "vm-upgrade";

/** Note the space in `in progress`. `done`, `error` and `cancelled` are terminal once `dtFinished` is set. */
export type MachineEventState = "new" | "in progress" | "done" | "error" | "cancelled";

export interface MachineEvent {
  id: string;
  name: MachineEventName;
  state: MachineEventState;
  error: string | null;
  machineId: string | null;
  dtCreated: string;
  dtStarted: string | null;
  dtFinished: string | null;
}

/** The answer of an asynchronous operation: the affected object and the event to poll. */
export interface AsyncResult<T> {
  data: T;
  event: MachineEvent;
}

export type MachineState =
  "off" | "starting" | "stopping" | "restarting" | "serviceready" | "ready" | "upgrading" | "provisioning";

export interface Machine {
  id: string;
  name: string;
  state: MachineState;
  agentType: string;
  machineType: string;
  os: string;
  region: string;
  cpus: number;
  ram: number;
  storageTotal: number;
  storageUsed: number;
  publicIp: string | null;
  privateIp: string | null;
  dtCreated: string;
  dtModified: string;
  dtDeleted: string | null;
}

export interface AvailableMachineType {
  isAvailable: boolean;
  machineTypeLabel: string;
}

export interface CustomTemplate {
  id: string;
  name: string;
  agentType: string;
  availableMachineTypes: AvailableMachineType[];
  defaultSizeGb: number;
  dtCreated: string;
  operatingSystemLabel: string;
  parentMachineId: string;
  region: string;
}

export interface OsTemplate {
  id: string;
  name: string;
  agentType: string;
  availableMachineTypes: AvailableMachineType[];
  defaultSizeGb: number | null;
  dtCreated: string;
  operatingSystemLabel: string;
}

export interface Snapshot {
  id: string;
  name: string;
  machineId: string;
  isAutoSnapshot: boolean;
}

/** A boot script. Responses never include the script body: it is write-only. */
export interface StartupScript {
  id: string;
  name: string;
  description: string | null;
  isEnabled: boolean;
  isRunOnce: boolean;
  assignedMachineIds: string[];
  dtCreated: string;
  dtDeleted: string | null;
}

export interface StartupScriptCreateRequest {
  name: string;
  script: string;
  isRunOnce?: boolean;
}

export interface StartupScriptUpdateRequest {
  name?: string;
  script?: string;
  isRunOnce?: boolean;
  isEnabled?: boolean;
}

export interface StartupScriptMachineRequest {
  machineId: string;
}
