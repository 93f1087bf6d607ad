/**
 * The Paperspace API v1 as TypeScript, generated from contract/openapi.yaml: do not edit.
 * Regenerate with `npm run wire-types`; the lint step fails when this file and the contract differ.
 */
export interface paths {
  "/custom-templates": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List templates
     * Lists the team's custom templates.
     */
    get: operations["customTemplates-list"];
    put?: never;
    /**
     * Create template
     * Creates a custom template from an existing machine's disk.
     */
    post: operations["customTemplates-create"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/custom-templates/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Custom template ID (opaque string, e.g. `tx98gvxz`). */
        id: string;
      };
      cookie?: never;
    };
    /**
     * Get a template
     * Fetches one custom template.
     */
    get: operations["customTemplates-get"];
    /**
     * Update a template
     * Renames a custom template.
     */
    put: operations["customTemplates-update"];
    post?: never;
    /**
     * Delete template
     * Deletes a custom template.
     */
    delete: operations["customTemplates-delete"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/os-templates": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List OS templates
     * Lists the public OS templates machines can be created from.
     */
    get: operations["osTemplates-list"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/snapshots": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List snapshots
     * Lists snapshots, optionally for one machine.
     */
    get: operations["snapshots-list"];
    put?: never;
    /**
     * Create snapshot
     * Takes a snapshot of a machine's disk.
     */
    post: operations["snapshots-create"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/snapshots/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Snapshot ID (opaque string, e.g. `slqafgu4n6gxge`). */
        id: string;
      };
      cookie?: never;
    };
    /**
     * Get a snapshot
     * Fetches one snapshot.
     */
    get: operations["snapshots-get"];
    /**
     * Update a snapshot
     * Renames a snapshot.
     */
    put: operations["snapshots-update"];
    post?: never;
    /**
     * Delete snapshot
     * Deletes a snapshot.
     */
    delete: operations["snapshots-delete"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/snapshots/{id}/restore": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** ID of the snapshot to restore. */
        id: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Restore snapshot
     * Reverts the snapshot's own machine to this snapshot.
     */
    post: operations["snapshots-restore"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/startup-scripts": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List startup scripts
     * Lists the team's startup scripts.
     */
    get: operations["startupScripts-list"];
    put?: never;
    /**
     * Create startup script
     * Creates a startup script.
     */
    post: operations["startupScripts-create"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/startup-scripts/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Startup script ID (opaque string; v1 format not documented). */
        id: string;
      };
      cookie?: never;
    };
    /**
     * Get a startup script
     * Fetches one startup script (without its script body).
     */
    get: operations["startupScripts-get"];
    /**
     * Update startup script
     * Updates any of a startup script's name, body, run-once flag or enabled flag.
     */
    put: operations["startupScripts-update"];
    post?: never;
    /**
     * Delete startup script
     * Deletes a startup script.
     */
    delete: operations["startupScripts-delete"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/startup-scripts/{id}/assign": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Startup script ID. */
        id: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Assign startup script to machine
     * Attaches a startup script to a machine.
     */
    post: operations["startupScripts-assign"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/startup-scripts/{id}/unassign": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Startup script ID. */
        id: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Unassign startup script from machine
     * Detaches a startup script from a machine.
     */
    post: operations["startupScripts-unassign"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/machine-events": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List machine events
     * Lists machine events, optionally for one machine.
     */
    get: operations["machineEvents-list"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/machine-events/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Machine event ID (from `event.id` of an async response). */
        id: string;
      };
      cookie?: never;
    };
    /**
     * Get a machine event
     * Fetches one machine event; this is the polling endpoint for async operations.
     */
    get: operations["machineEvents-get"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/machines": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List machines
     * Lists the team's machines.
     */
    get: operations["machines-list"];
    put?: never;
    /**
     * Create a machine
     * Creates a machine from an OS template or one of the team's custom templates.
     */
    post: operations["machines-create"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/machines/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Machine ID (opaque string, e.g. `psm9u09bwu5i`). */
        id: string;
      };
      cookie?: never;
    };
    /**
     * Get a machine
     * Fetches one machine.
     */
    get: operations["machines-get"];
    /**
     * Update a machine
     * Changes a machine's settings, or resizes it (machine type, disk size).
     */
    put: operations["machines-update"];
    post?: never;
    /**
     * Delete a machine
     * Deletes a machine, with its snapshots.
     */
    delete: operations["machines-delete"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/machines/{id}/start": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** ID of the machine to start. */
        id: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Start a machine
     * Powers a machine on.
     */
    patch: operations["machines-start"];
    trace?: never;
  };
  "/machines/{id}/stop": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** ID of the machine to stop. */
        id: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Stop a machine
     * Powers a machine off.
     */
    patch: operations["machines-stop"];
    trace?: never;
  };
  "/machines/{id}/restart": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** ID of the machine to restart. */
        id: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Restart a machine
     * Restarts a machine.
     */
    patch: operations["machines-restart"];
    trace?: never;
  };
  "/machines/{id}/accessors": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** ID of the machine. */
        id: string;
      };
      cookie?: never;
    };
    /**
     * List accessors
     * Lists the team members that may access a machine explicitly.
     */
    get: operations["machines-listAccessors"];
    put?: never;
    /**
     * Add an accessor
     * Lets a member of the machine's team access the machine.
     */
    post: operations["machines-addAccessor"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/machines/{id}/accessors/{userId}": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** ID of the machine. */
        id: string;
        /** ID of the user. */
        userId: string;
      };
      cookie?: never;
    };
    /**
     * Get an accessor
     * Fetches one accessor of a machine.
     */
    get: operations["machines-getAccessor"];
    put?: never;
    post?: never;
    /**
     * Remove an accessor
     * Takes a user's access to a machine away.
     */
    delete: operations["machines-removeAccessor"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/auth/session": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get the current session
     * The user and team the key belongs to.
     */
    get: operations["auth-session"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/private-networks": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List private networks
     * Lists the team's private networks.
     */
    get: operations["privateNetworks-list"];
    put?: never;
    /**
     * Create a private network
     * Creates a private network in a region.
     */
    post: operations["privateNetworks-create"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/private-networks/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Private network ID (a machine's `networkId`). */
        id: string;
      };
      cookie?: never;
    };
    /**
     * Get a private network
     * Fetches one private network.
     */
    get: operations["privateNetworks-get"];
    /**
     * Update a private network
     * Renames a private network.
     */
    put: operations["privateNetworks-update"];
    post?: never;
    /**
     * Delete a private network
     * Deletes a private network.
     */
    delete: operations["privateNetworks-delete"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/shared-drives": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List shared drives
     * Lists the team's shared drives.
     */
    get: operations["sharedDrives-list"];
    put?: never;
    /**
     * Create a shared drive
     * Creates a shared drive on one of the team's private networks.
     */
    post: operations["sharedDrives-create"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/shared-drives/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Shared drive ID. */
        id: string;
      };
      cookie?: never;
    };
    /**
     * Get a shared drive
     * Fetches one shared drive.
     */
    get: operations["sharedDrives-get"];
    /**
     * Update a shared drive
     * Renames a shared drive.
     */
    put: operations["sharedDrives-update"];
    post?: never;
    /**
     * Delete a shared drive
     * Deletes a shared drive.
     */
    delete: operations["sharedDrives-delete"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/public-ips": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List public IPs
     * Lists the public IPs the team has claimed.
     */
    get: operations["publicIps-list"];
    put?: never;
    /**
     * Claim a public IP
     * Claims a static public IP in a region, assigned to no machine.
     */
    post: operations["publicIps-claim"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/public-ips/{ip}": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** The IP address. */
        ip: string;
      };
      cookie?: never;
    };
    get?: never;
    /**
     * Assign a public IP
     * Assigns the IP to a machine, moves it to another, or (with `machineId` null) takes it off its machine.
     */
    put: operations["publicIps-assign"];
    post?: never;
    /**
     * Release a public IP
     * Gives a claimed IP back.
     */
    delete: operations["publicIps-release"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/teams/{teamId}/users": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** The team's ID (the session's `team.id`). */
        teamId: string;
      };
      cookie?: never;
    };
    /**
     * List team members
     * Lists the team's users, with their roles.
     */
    get: operations["teamMemberships-listByTeamId"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** Common shape of every list response; each concrete list narrows `items`. */
    PaginatedEnvelope: {
      /** True when more pages exist. */
      hasMore: boolean;
      /** Cursor for `?after=`. Typed as an optional string by the spec but documented as null on the last page, so expect it absent or null. */
      nextPage?: string | null;
      /** The items on this page. */
      items: unknown[];
    };
    /** Response of an asynchronous operation; each concrete result narrows `data`. */
    AsyncEnvelope: {
      /** The affected resource. */
      data: unknown;
      event: components["schemas"]["MachineEvent"];
    };
    /** Error envelope returned with the `default` response (tRPC-style). */
    Error: {
      code: components["schemas"]["ErrorCode"];
      /** Human-readable error message. */
      message: string;
      /** Optional extra information (free-form object). */
      details?: Record<string, unknown>;
    };
    /**
     * tRPC-style error code. The real spec types this as a plain string; the enum is the
     *     set the official CLI accepts. Validation failures most likely come back as
     *     BAD_REQUEST (400); 422 / UNPROCESSABLE_CONTENT is not known to be used.
     * @enum {string}
     */
    ErrorCode:
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
      | "CLIENT_CLOSED_REQUEST"
      | "NOT_IMPLEMENTED";
    AvailableMachineType: {
      /** Whether the template can be used on this machine type. */
      isAvailable: boolean;
      /** Machine type label (the value to pass as machineType when creating a machine), e.g. `A100-80G`. */
      machineTypeLabel: string;
    };
    /** A team-owned template made from a machine's disk. Has no state field. */
    CustomTemplate: {
      /**
       * Agent installed on the template, e.g. `LinuxDesktop`.
       * @example LinuxDesktop
       */
      agentType: string;
      /** Machine types the template can run on. */
      availableMachineTypes: components["schemas"]["AvailableMachineType"][];
      /**
       * Default disk size in GB. The 2026 reference renders it as a 10-value numeric enum whose values were not seen.
       * @example 50
       */
      defaultSizeGb: number;
      /**
       * Format: date-time
       * Creation time.
       */
      dtCreated: string;
      /** Deletion time, if deleted. Optional and nullable; the spec types it as date-time OR an empty object (reference samples show `{}`). */
      dtDeleted?: (string | null) | Record<string, unknown>;
      /**
       * Template ID.
       * @example tx98gvxz
       */
      id: string;
      /** Template name. No length/charset constraint is declared. */
      name: string;
      /** Operating system, e.g. `Ubuntu 22.04`. */
      operatingSystemLabel: string;
      /**
       * ID of the machine the template was made from.
       * @example psm9u09bwu5i
       */
      parentMachineId: string;
      /** Region of the template; samples use `ny2`, `ca1`, `ams1`, older examples display names such as `East Coast (NY2)`. */
      region: string;
    };
    CustomTemplateList: components["schemas"]["PaginatedEnvelope"] & {
      items: components["schemas"]["CustomTemplate"][];
    };
    CustomTemplateAsyncResult: components["schemas"]["AsyncEnvelope"] & {
      data: components["schemas"]["CustomTemplate"];
    };
    CustomTemplateCreateRequest: {
      /** Machine to make the template from (must be off). */
      machineId: string;
      /** Template name. */
      name: string;
    };
    CustomTemplateUpdateRequest: {
      /** New template name. */
      name: string;
    };
    /** A public OS image machines can be created from. */
    OsTemplate: {
      /** Agent installed on the template. */
      agentType: string;
      /** Machine types the template can run on. */
      availableMachineTypes: components["schemas"]["AvailableMachineType"][];
      /** Default disk size in GB, if any. */
      defaultSizeGb: number | null;
      /**
       * Format: date-time
       * Creation time.
       */
      dtCreated: string;
      /**
       * Template ID (pass as templateId when creating a machine).
       * @example tbwb4c3s
       */
      id: string;
      /** Template name. */
      name: string;
      /** Operating system label. */
      operatingSystemLabel: string;
    };
    OsTemplateList: components["schemas"]["PaginatedEnvelope"] & {
      items: components["schemas"]["OsTemplate"][];
    };
    /** A point-in-time copy of a machine's disk. This is the complete object; it has no dtCreated, size or state. */
    Snapshot: {
      /**
       * Snapshot ID.
       * @example slqafgu4n6gxge
       */
      id: string;
      /** True for automatic (scheduled) snapshots, false for manual ones. */
      isAutoSnapshot: boolean;
      /**
       * Machine the snapshot belongs to (and the restore target).
       * @example psm9u09bwu5i
       */
      machineId: string;
      /** Snapshot name. */
      name: string;
    };
    SnapshotList: components["schemas"]["PaginatedEnvelope"] & {
      items: components["schemas"]["Snapshot"][];
    };
    SnapshotAsyncResult: components["schemas"]["AsyncEnvelope"] & {
      data: components["schemas"]["Snapshot"];
    };
    SnapshotCreateRequest: {
      /** Machine to snapshot (may be running). */
      machineId: string;
      /** Snapshot name. */
      name: string;
    };
    SnapshotUpdateRequest: {
      /** New snapshot name. */
      name?: string;
    };
    SnapshotRestoreRequest: {
      /** Take a fresh snapshot of the machine before restoring. */
      createSnapshotBeforeRestore?: boolean;
    };
    /** A boot script that can be assigned to machines. Responses never include the script body. */
    StartupScript: {
      /** IDs of the machines the script is assigned to. */
      assignedMachineIds: string[];
      /** Description (read-only; no API field sets it). */
      description: string | null;
      /**
       * Format: date-time
       * Creation time.
       */
      dtCreated: string;
      /**
       * Format: date-time
       * Deletion time. Required; nullable per the 2026 reference (the 2024-05 types say non-null).
       */
      dtDeleted: string | null;
      /** Startup script ID. */
      id: string;
      /** Whether the script is enabled (settable only via PUT). */
      isEnabled: boolean;
      /** True to run only on first boot, false to run on every boot. */
      isRunOnce: boolean;
      /** Script name. */
      name: string;
    };
    StartupScriptList: components["schemas"]["PaginatedEnvelope"] & {
      items: components["schemas"]["StartupScript"][];
    };
    StartupScriptCreateRequest: {
      /**
       * Run only on first boot (true) or on every boot (false).
       * @default false
       */
      isRunOnce?: boolean;
      /** Script name. */
      name: string;
      /** Script body (bash on Linux, PowerShell on Windows per legacy docs). Write-only. */
      script: string;
    };
    StartupScriptUpdateRequest: {
      /** Enable or disable the script. */
      isEnabled?: boolean;
      /** Run only on first boot (true) or on every boot (false). */
      isRunOnce?: boolean;
      /** New script name. */
      name?: string;
      /** New script body. Write-only. */
      script?: string;
    };
    StartupScriptMachineRequest: {
      /** Machine to assign the script to or unassign it from. */
      machineId: string;
    };
    /**
     * Kind of operation the event tracks.
     * @enum {string}
     */
    MachineEventName:
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
    /**
     * Progress of the event. `done`, `error` and `cancelled` are terminal (inferred). Note the space in `in progress`.
     * @enum {string}
     */
    MachineEventState: "new" | "in progress" | "done" | "error" | "cancelled";
    /** An asynchronous task the platform runs on a machine. */
    MachineEvent: {
      /**
       * Format: date-time
       * When the event was created.
       */
      dtCreated: string;
      /**
       * Format: date-time
       * When the event finished. Nullable per the 2026 reference (the 2024-05 types say non-null).
       */
      dtFinished: string | null;
      /**
       * Format: date-time
       * When the event started. Nullable per the 2026 reference (the 2024-05 types say non-null).
       */
      dtStarted: string | null;
      /** Error message, if the event failed. */
      error: string | null;
      /** Event ID. */
      id: string;
      /** Machine the event concerns, if any. */
      machineId: string | null;
      name: components["schemas"]["MachineEventName"];
      state: components["schemas"]["MachineEventState"];
    };
    MachineEventList: components["schemas"]["PaginatedEnvelope"] & {
      items: components["schemas"]["MachineEvent"][];
    };
    /**
     * Power/lifecycle state (meanings from the legacy docs): off = powered down;
     *     starting = moving to ready/serviceready; stopping = moving to off; restarting =
     *     stop then start; serviceready = services up but agent not yet available; ready =
     *     agent ready for streaming/logins; upgrading = spec change in progress (implies a
     *     stop/start); provisioning = being created.
     * @enum {string}
     */
    MachineState:
      "off" | "starting" | "stopping" | "restarting" | "serviceready" | "ready" | "upgrading" | "provisioning";
    MachineAccelerator: {
      /** Number of accelerators of this type. */
      count: number;
      /** Accelerator memory, if applicable. */
      memory: number | null;
      /** Accelerator name. */
      name: string;
    };
    /** Capacity reservation the machine runs under, or null. */
    MachineReservation: {
      /** Format: date-time */
      dtFinished: string;
      /** Format: date-time */
      dtStarted: string;
      /** Format: uuid */
      id: string;
      isActive: boolean;
      name: string;
    } | null;
    /** A Paperspace virtual machine. Has no startupScriptId or templateId field. */
    Machine: {
      /** Accelerators (GPUs) attached; optional and nullable. */
      accelerators?: components["schemas"]["MachineAccelerator"][] | null;
      /** Agent type of the machine. */
      agentType: string;
      /** Whether auto shutdown is on. */
      autoShutdownEnabled: boolean;
      /** Whether auto shutdown is forced. */
      autoShutdownForce: boolean | null;
      /** Auto shutdown timeout in hours. */
      autoShutdownTimeout: number | null;
      /** Whether auto snapshots are on. */
      autoSnapshotEnabled: boolean;
      /**
       * Auto snapshot frequency.
       * @enum {string|null}
       */
      autoSnapshotFrequency: "hourly" | "daily" | "weekly" | "monthly" | null;
      /** Number of auto snapshots kept. */
      autoSnapshotSaveCount: number | null;
      /**
       * Number of CPUs.
       * @example 8
       */
      cpus: number;
      /**
       * Format: date-time
       * Creation time.
       */
      dtCreated: string;
      /**
       * Format: date-time
       * Deletion time. Required. The 2024-05 types say non-null; marked nullable here because a live machine has no deletion date (deviation, unconfirmed).
       */
      dtDeleted: string | null;
      /**
       * Format: date-time
       * Last modification time.
       */
      dtModified: string;
      /**
       * Machine ID.
       * @example psm9u09bwu5i
       */
      id: string;
      /** Machine type label, e.g. `A4000`. */
      machineType: string;
      /** Machine name. */
      name: string;
      /** Private network the machine is on. */
      networkId: string | null;
      /** Operating system. */
      os: string;
      /** Private IP address. */
      privateIp: string | null;
      /** Public IP address. */
      publicIp: string | null;
      /**
       * Kind of public IP.
       * @enum {string}
       */
      publicIpType: "static" | "dynamic" | "none";
      /**
       * Format: int64
       * RAM in bytes.
       * @example 34359738368
       */
      ram: number;
      /**
       * Region of the machine (samples use `ny2`).
       * @example ny2
       */
      region: string;
      reservation: components["schemas"]["MachineReservation"];
      /** Whether a restore point is used. */
      restorePointEnabled: boolean;
      /**
       * When the restore point is applied.
       * @enum {string|null}
       */
      restorePointFrequency: "shutdown" | null;
      /** Snapshot used as the restore point. */
      restorePointSnapshotId: string | null;
      state: components["schemas"]["MachineState"];
      /** Storage rate of the machine. */
      storageRate: number;
      /**
       * Format: int64
       * Total storage.
       * @example 53687091200
       */
      storageTotal: number;
      /**
       * Format: int64
       * Storage used.
       * @example 10737418240
       */
      storageUsed: number;
      /** Whether updates are pending. */
      updatesPending: boolean;
      /** Usage rate of the machine. */
      usageRate: number;
    };
    MachineList: components["schemas"]["PaginatedEnvelope"] & {
      items: components["schemas"]["Machine"][];
    };
    MachineAsyncResult: components["schemas"]["AsyncEnvelope"] & {
      data: components["schemas"]["Machine"];
    };
    /** Answer of a machine update; `event` is there when the change runs as an event. */
    MachineUpdateResult: {
      data: components["schemas"]["Machine"];
      event?: components["schemas"]["MachineEvent"];
    };
    /** @enum {string} */
    AutoSnapshotFrequency: "hourly" | "daily" | "weekly" | "monthly";
    /** @enum {string} */
    PublicIpType: "static" | "dynamic" | "none";
    MachineCreateRequest: {
      /** Machine name (non-empty). */
      name: string;
      /** A `machineTypeLabel` of the template's `availableMachineTypes`, e.g. `A4000`. */
      machineType: string;
      /** OS template or custom template to make the machine from. */
      templateId: string;
      /** Disk size in GB (a fixed set of sizes; see the operation's notes). */
      diskSize: number;
      /** Region, e.g. `ny2` (see the operation's notes). */
      region: string;
      /** Private network to put the machine on. */
      networkId?: string;
      publicIpType?: components["schemas"]["PublicIpType"];
      autoSnapshotEnabled?: boolean;
      autoSnapshotFrequency?: components["schemas"]["AutoSnapshotFrequency"];
      autoSnapshotSaveCount?: number;
      autoShutdownEnabled?: boolean;
      /** Hours. */
      autoShutdownTimeout?: number;
      autoShutdownForce?: boolean;
      takeInitialSnapshot?: boolean;
      restorePointEnabled?: boolean;
      /** @enum {string} */
      restorePointFrequency?: "shutdown";
      /** Startup script to assign to the machine. */
      startupScriptId?: string;
      /** @default true */
      emailPassword?: boolean;
      startOnCreate?: boolean;
      enableNvlink?: boolean;
      accessorIds?: string[];
    };
    MachineUpdateRequest: {
      name?: string;
      /** Needs the machine off. */
      machineType?: string;
      /** Needs the machine off; only grows. */
      diskSize?: number;
      networkId?: string;
      publicIpType?: components["schemas"]["PublicIpType"];
      autoSnapshotEnabled?: boolean;
      autoSnapshotFrequency?: components["schemas"]["AutoSnapshotFrequency"];
      autoSnapshotSaveCount?: number;
      autoShutdownEnabled?: boolean;
      autoShutdownTimeout?: number;
      autoShutdownForce?: boolean;
      restorePointEnabled?: boolean;
      /** @enum {string} */
      restorePointFrequency?: "shutdown";
      restorePointSnapshotId?: string;
    };
    /** The session a key opens. The real user object has more fields (names, MFA flags, preferences). */
    AuthSession: {
      team: {
        id: string;
        /** The team's namespace; the official CLI names keys by it. */
        namespace: string;
        isPrivate: boolean;
        maxMachines: number;
        analyticsId: number;
      };
      user: {
        id: string;
        email: string;
        firstName?: string | null;
        lastName?: string | null;
        /** Format: date-time */
        dtCreated: string;
        teamMemberships: {
          isAdmin: boolean;
          isOwner: boolean;
          team: {
            id: string;
            name: string;
            namespace: string;
          };
        }[];
      };
    };
    PrivateNetwork: {
      id: string;
      name: string;
      /** The network prefix, e.g. `10.64.0.0`. */
      network: string;
      /** e.g. `255.255.255.0`. */
      netmask: string;
      region: string;
      /** Format: date-time */
      dtCreated: string;
      /** Format: date-time */
      dtDeleted?: string | null;
    };
    PrivateNetworkOrNull: components["schemas"]["PrivateNetwork"] | null;
    PrivateNetworkList: components["schemas"]["PaginatedEnvelope"] & {
      items: components["schemas"]["PrivateNetwork"][];
    };
    PrivateNetworkCreateRequest: {
      /** Network name. */
      name: string;
      /** Region of the network, e.g. `ny2`. */
      region: string;
      /**
       * Move the machines that are not on a private network onto the new one.
       * @default false
       */
      migrateMachines?: boolean;
    };
    PrivateNetworkUpdateRequest: {
      /** New network name. */
      name?: string;
    };
    /** What a delete that answers only the id answers (private networks, shared drives). */
    DeleteResult: {
      /** ID of the deleted object. */
      id: string;
    };
    /** A network drive on a private network, with the credentials to mount it. */
    SharedDrive: {
      /**
       * Format: date-time
       * Creation time.
       */
      dtCreated: string;
      /**
       * Format: date-time
       * Deletion time, if deleted. Optional; the spec types it as date-time OR an empty object.
       */
      dtDeleted?: string | null;
      /** Shared drive ID. */
      id: string;
      /** Where machines on the network mount it (SMB), e.g. `//10.64.0.250/sd1a2b3c4d5e`. */
      mountPoint: string;
      /** Drive name. */
      name: string;
      /** The private network the drive is on. */
      networkId: string;
      /** Password to mount the drive with. */
      password: string;
      /** Region of the drive. */
      region: string;
      /**
       * Format: int64
       * Size in GB.
       */
      size: number;
      /** User name to mount the drive with. */
      username: string;
    };
    SharedDriveList: components["schemas"]["PaginatedEnvelope"] & {
      items: components["schemas"]["SharedDrive"][];
    };
    SharedDriveCreateRequest: {
      /** Drive name. */
      name: string;
      /** One of the team's private networks, in the drive's region. */
      networkId: string;
      /** Region of the drive, e.g. `ny2`. */
      region: string;
      /** Size in GB, a whole number from 1 (decided here; the spec types a number and says no more). */
      size: number;
    };
    SharedDriveUpdateRequest: {
      /** New drive name. */
      name?: string;
    };
    /** A static public IP the team claimed; has no ID besides its address. */
    PublicIp: {
      /** The machine the IP is assigned to; absent while it is assigned to none. */
      assignedMachineId?: string;
      /**
       * Format: date-time
       * When the IP was claimed.
       */
      dtCreated: string;
      /** The address, e.g. `184.105.3.17`. */
      ip: string;
      /** Region of the IP; only a machine of that region may have it. */
      region: string;
    };
    PublicIpList: components["schemas"]["PaginatedEnvelope"] & {
      items: components["schemas"]["PublicIp"][];
    };
    PublicIpClaimRequest: {
      /** Region to claim an IP in, e.g. `ny2`. */
      region: string;
    };
    PublicIpAssignRequest: {
      /** The machine to assign the IP to; null to take it off its machine. */
      machineId: string | null;
    };
    PublicIpReleaseResult: {
      /** The released address. */
      ip: string;
    };
    /** A user as other users see them. */
    UserProfile: {
      /**
       * Format: email
       * The user's email address.
       */
      email: string;
      firstName?: string | null;
      /** User ID. */
      id: string;
      lastName?: string | null;
      /** URL of the user's profile image. */
      publicProfileImageUrl?: string | null;
    };
    /** A user allowed to access a machine explicitly. */
    MachineAccessor: {
      /**
       * Format: date-time
       * When the user stopped being an accessor. Optional.
       */
      dtDeleted?: string | null;
      user: components["schemas"]["UserProfile"];
    };
    MachineAccessorList: components["schemas"]["PaginatedEnvelope"] & {
      items: components["schemas"]["MachineAccessor"][];
    };
    MachineAccessorAddRequest: {
      /** The user to let access the machine. */
      userId: string;
    };
    /** A user of the team, and their role on it. */
    TeamMembership: {
      /**
       * Format: date-time
       * When the user confirmed their membership. Optional.
       */
      dtConfirmed?: string | null;
      isAdmin: boolean;
      isOwner: boolean;
      user: components["schemas"]["UserProfile"] & {
        /**
         * Format: date-time
         * When the user was last active. Optional.
         */
        lastActive?: string | null;
      };
    };
    TeamMembershipList: components["schemas"]["PaginatedEnvelope"] & {
      items: components["schemas"]["TeamMembership"][];
    };
  };
  responses: {
    /** Error response */
    Error: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["Error"];
      };
    };
  };
  parameters: {
    /** Cursor; pass the previous page's `nextPage` to get the following page. */
    After: string;
    /** Page size. The default page size is not documented. */
    Limit: number;
    /** Sort direction. */
    Order: "asc" | "desc";
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type PaginatedEnvelope = components["schemas"]["PaginatedEnvelope"];
export type AsyncEnvelope = components["schemas"]["AsyncEnvelope"];
export type Error = components["schemas"]["Error"];
export type ErrorCode = components["schemas"]["ErrorCode"];
export type AvailableMachineType = components["schemas"]["AvailableMachineType"];
export type CustomTemplate = components["schemas"]["CustomTemplate"];
export type CustomTemplateList = components["schemas"]["CustomTemplateList"];
export type CustomTemplateAsyncResult = components["schemas"]["CustomTemplateAsyncResult"];
export type CustomTemplateCreateRequest = components["schemas"]["CustomTemplateCreateRequest"];
export type CustomTemplateUpdateRequest = components["schemas"]["CustomTemplateUpdateRequest"];
export type OsTemplate = components["schemas"]["OsTemplate"];
export type OsTemplateList = components["schemas"]["OsTemplateList"];
export type Snapshot = components["schemas"]["Snapshot"];
export type SnapshotList = components["schemas"]["SnapshotList"];
export type SnapshotAsyncResult = components["schemas"]["SnapshotAsyncResult"];
export type SnapshotCreateRequest = components["schemas"]["SnapshotCreateRequest"];
export type SnapshotUpdateRequest = components["schemas"]["SnapshotUpdateRequest"];
export type SnapshotRestoreRequest = components["schemas"]["SnapshotRestoreRequest"];
export type StartupScript = components["schemas"]["StartupScript"];
export type StartupScriptList = components["schemas"]["StartupScriptList"];
export type StartupScriptCreateRequest = components["schemas"]["StartupScriptCreateRequest"];
export type StartupScriptUpdateRequest = components["schemas"]["StartupScriptUpdateRequest"];
export type StartupScriptMachineRequest = components["schemas"]["StartupScriptMachineRequest"];
export type MachineEventName = components["schemas"]["MachineEventName"];
export type MachineEventState = components["schemas"]["MachineEventState"];
export type MachineEvent = components["schemas"]["MachineEvent"];
export type MachineEventList = components["schemas"]["MachineEventList"];
export type MachineState = components["schemas"]["MachineState"];
export type MachineAccelerator = components["schemas"]["MachineAccelerator"];
export type MachineReservation = components["schemas"]["MachineReservation"];
export type Machine = components["schemas"]["Machine"];
export type MachineList = components["schemas"]["MachineList"];
export type MachineAsyncResult = components["schemas"]["MachineAsyncResult"];
export type MachineUpdateResult = components["schemas"]["MachineUpdateResult"];
export type AutoSnapshotFrequency = components["schemas"]["AutoSnapshotFrequency"];
export type PublicIpType = components["schemas"]["PublicIpType"];
export type MachineCreateRequest = components["schemas"]["MachineCreateRequest"];
export type MachineUpdateRequest = components["schemas"]["MachineUpdateRequest"];
export type AuthSession = components["schemas"]["AuthSession"];
export type PrivateNetwork = components["schemas"]["PrivateNetwork"];
export type PrivateNetworkOrNull = components["schemas"]["PrivateNetworkOrNull"];
export type PrivateNetworkList = components["schemas"]["PrivateNetworkList"];
export type PrivateNetworkCreateRequest = components["schemas"]["PrivateNetworkCreateRequest"];
export type PrivateNetworkUpdateRequest = components["schemas"]["PrivateNetworkUpdateRequest"];
export type DeleteResult = components["schemas"]["DeleteResult"];
export type SharedDrive = components["schemas"]["SharedDrive"];
export type SharedDriveList = components["schemas"]["SharedDriveList"];
export type SharedDriveCreateRequest = components["schemas"]["SharedDriveCreateRequest"];
export type SharedDriveUpdateRequest = components["schemas"]["SharedDriveUpdateRequest"];
export type PublicIp = components["schemas"]["PublicIp"];
export type PublicIpList = components["schemas"]["PublicIpList"];
export type PublicIpClaimRequest = components["schemas"]["PublicIpClaimRequest"];
export type PublicIpAssignRequest = components["schemas"]["PublicIpAssignRequest"];
export type PublicIpReleaseResult = components["schemas"]["PublicIpReleaseResult"];
export type UserProfile = components["schemas"]["UserProfile"];
export type MachineAccessor = components["schemas"]["MachineAccessor"];
export type MachineAccessorList = components["schemas"]["MachineAccessorList"];
export type MachineAccessorAddRequest = components["schemas"]["MachineAccessorAddRequest"];
export type TeamMembership = components["schemas"]["TeamMembership"];
export type TeamMembershipList = components["schemas"]["TeamMembershipList"];
export type ResponseError = components["responses"]["Error"];
export type ParameterAfter = components["parameters"]["After"];
export type ParameterLimit = components["parameters"]["Limit"];
export type ParameterOrder = components["parameters"]["Order"];
export type $defs = Record<string, never>;
export interface operations {
  "customTemplates-list": {
    parameters: {
      query?: {
        /** Cursor; pass the previous page's `nextPage` to get the following page. */
        after?: components["parameters"]["After"];
        /** Page size. The default page size is not documented. */
        limit?: components["parameters"]["Limit"];
        /** Field to sort by. */
        orderBy?: "dtCreated" | "name";
        /** Sort direction. */
        order?: components["parameters"]["Order"];
        /** Filter by template name. */
        name?: string;
        /** Filter by the machine the template was made from. */
        machineId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CustomTemplateList"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "customTemplates-create": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["CustomTemplateCreateRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CustomTemplateAsyncResult"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "customTemplates-get": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Custom template ID (opaque string, e.g. `tx98gvxz`). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CustomTemplate"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "customTemplates-update": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Custom template ID (opaque string, e.g. `tx98gvxz`). */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["CustomTemplateUpdateRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CustomTemplate"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "customTemplates-delete": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Custom template ID (opaque string, e.g. `tx98gvxz`). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["CustomTemplate"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "osTemplates-list": {
    parameters: {
      query?: {
        /** Cursor; pass the previous page's `nextPage` to get the following page. */
        after?: components["parameters"]["After"];
        /** Page size. The default page size is not documented. */
        limit?: components["parameters"]["Limit"];
        /** Field to sort by. */
        orderBy?: "name";
        /** Sort direction. */
        order?: components["parameters"]["Order"];
        /** Filter by template name. */
        name?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["OsTemplateList"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "snapshots-list": {
    parameters: {
      query?: {
        /** Cursor; pass the previous page's `nextPage` to get the following page. */
        after?: components["parameters"]["After"];
        /** Page size. The default page size is not documented. */
        limit?: components["parameters"]["Limit"];
        /** Field to sort by. */
        orderBy?: "dtCreated" | "name";
        /** Sort direction. */
        order?: components["parameters"]["Order"];
        /** Only return snapshots of this machine. */
        machineId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SnapshotList"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "snapshots-create": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["SnapshotCreateRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SnapshotAsyncResult"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "snapshots-get": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Snapshot ID (opaque string, e.g. `slqafgu4n6gxge`). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Snapshot"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "snapshots-update": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Snapshot ID (opaque string, e.g. `slqafgu4n6gxge`). */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["SnapshotUpdateRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Snapshot"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "snapshots-delete": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Snapshot ID (opaque string, e.g. `slqafgu4n6gxge`). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SnapshotAsyncResult"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "snapshots-restore": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** ID of the snapshot to restore. */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["SnapshotRestoreRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SnapshotAsyncResult"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "startupScripts-list": {
    parameters: {
      query?: {
        /** Cursor; pass the previous page's `nextPage` to get the following page. */
        after?: components["parameters"]["After"];
        /** Page size. The default page size is not documented. */
        limit?: components["parameters"]["Limit"];
        /** Field to sort by. */
        orderBy?: "dtCreated" | "name";
        /** Sort direction. */
        order?: components["parameters"]["Order"];
        /** Filter by script name. */
        name?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["StartupScriptList"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "startupScripts-create": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["StartupScriptCreateRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["StartupScript"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "startupScripts-get": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Startup script ID (opaque string; v1 format not documented). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["StartupScript"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "startupScripts-update": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Startup script ID (opaque string; v1 format not documented). */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["StartupScriptUpdateRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["StartupScript"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "startupScripts-delete": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Startup script ID (opaque string; v1 format not documented). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["StartupScript"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "startupScripts-assign": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Startup script ID. */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["StartupScriptMachineRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["StartupScript"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "startupScripts-unassign": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Startup script ID. */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["StartupScriptMachineRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["StartupScript"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "machineEvents-list": {
    parameters: {
      query?: {
        /** Cursor; pass the previous page's `nextPage` to get the following page. */
        after?: components["parameters"]["After"];
        /** Page size. The default page size is not documented. */
        limit?: components["parameters"]["Limit"];
        /** Field to sort by. */
        orderBy?: "dtCreated";
        /** Sort direction. */
        order?: components["parameters"]["Order"];
        /** Only return events of this machine. */
        machineId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["MachineEventList"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "machineEvents-get": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Machine event ID (from `event.id` of an async response). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["MachineEvent"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "machines-list": {
    parameters: {
      query?: {
        /** Cursor; pass the previous page's `nextPage` to get the following page. */
        after?: components["parameters"]["After"];
        /** Page size. The default page size is not documented. */
        limit?: components["parameters"]["Limit"];
        /** Field to sort by. */
        orderBy?: "dtCreated" | "name" | "state";
        /** Sort direction. */
        order?: components["parameters"]["Order"];
        /** Filter by machine name. */
        name?: string;
        /** Filter by region (the reference renders this as a union of four strings; exact accepted values unconfirmed). */
        region?: string;
        /** Filter by agent type. */
        agentType?: string;
        /** Filter by machine type label. */
        machineType?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["MachineList"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "machines-create": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["MachineCreateRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["MachineAsyncResult"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "machines-get": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Machine ID (opaque string, e.g. `psm9u09bwu5i`). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Machine"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "machines-update": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Machine ID (opaque string, e.g. `psm9u09bwu5i`). */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["MachineUpdateRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["MachineUpdateResult"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "machines-delete": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Machine ID (opaque string, e.g. `psm9u09bwu5i`). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["MachineAsyncResult"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "machines-start": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** ID of the machine to start. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["MachineAsyncResult"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "machines-stop": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** ID of the machine to stop. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["MachineAsyncResult"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "machines-restart": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** ID of the machine to restart. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["MachineAsyncResult"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "machines-listAccessors": {
    parameters: {
      query?: {
        /** Cursor; pass the previous page's `nextPage` to get the following page. */
        after?: components["parameters"]["After"];
        /** Page size. The default page size is not documented. */
        limit?: components["parameters"]["Limit"];
        /** Field to sort by. */
        orderBy?: "id";
        /** Sort direction. */
        order?: components["parameters"]["Order"];
      };
      header?: never;
      path: {
        /** ID of the machine. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["MachineAccessorList"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "machines-addAccessor": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** ID of the machine. */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["MachineAccessorAddRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["MachineAccessor"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "machines-getAccessor": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** ID of the machine. */
        id: string;
        /** ID of the user. */
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["MachineAccessor"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "machines-removeAccessor": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** ID of the machine. */
        id: string;
        /** ID of the user. */
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["MachineAccessor"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "auth-session": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AuthSession"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "privateNetworks-list": {
    parameters: {
      query?: {
        /** Cursor; pass the previous page's `nextPage` to get the following page. */
        after?: components["parameters"]["After"];
        /** Page size. The default page size is not documented. */
        limit?: components["parameters"]["Limit"];
        /** Field to sort by. */
        orderBy?: "dtCreated" | "name";
        /** Sort direction. */
        order?: components["parameters"]["Order"];
        /** Filter by network name. */
        name?: string;
        /** Filter by region. */
        region?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PrivateNetworkList"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "privateNetworks-create": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["PrivateNetworkCreateRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PrivateNetwork"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "privateNetworks-get": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Private network ID (a machine's `networkId`). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PrivateNetworkOrNull"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "privateNetworks-update": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Private network ID (a machine's `networkId`). */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["PrivateNetworkUpdateRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PrivateNetwork"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "privateNetworks-delete": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Private network ID (a machine's `networkId`). */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["DeleteResult"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "sharedDrives-list": {
    parameters: {
      query?: {
        /** Cursor; pass the previous page's `nextPage` to get the following page. */
        after?: components["parameters"]["After"];
        /** Page size. The default page size is not documented. */
        limit?: components["parameters"]["Limit"];
        /** Field to sort by. */
        orderBy?: "dtCreated" | "name";
        /** Sort direction. */
        order?: components["parameters"]["Order"];
        /** Filter by drive name. */
        name?: string;
        /** Filter by region. */
        region?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SharedDriveList"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "sharedDrives-create": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["SharedDriveCreateRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SharedDrive"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "sharedDrives-get": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Shared drive ID. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SharedDrive"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "sharedDrives-update": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Shared drive ID. */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["SharedDriveUpdateRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SharedDrive"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "sharedDrives-delete": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** Shared drive ID. */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["DeleteResult"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "publicIps-list": {
    parameters: {
      query?: {
        /** Cursor; pass the previous page's `nextPage` to get the following page. */
        after?: components["parameters"]["After"];
        /** Page size. The default page size is not documented. */
        limit?: components["parameters"]["Limit"];
        /** Field to sort by. */
        orderBy?: "dtCreated";
        /** Sort direction. */
        order?: components["parameters"]["Order"];
        /** Filter by region. */
        region?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PublicIpList"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "publicIps-claim": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["PublicIpClaimRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PublicIp"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "publicIps-assign": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** The IP address. */
        ip: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["PublicIpAssignRequest"];
      };
    };
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PublicIp"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "publicIps-release": {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** The IP address. */
        ip: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PublicIpReleaseResult"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
  "teamMemberships-listByTeamId": {
    parameters: {
      query?: {
        /** Cursor; pass the previous page's `nextPage` to get the following page. */
        after?: components["parameters"]["After"];
        /** Page size. The default page size is not documented. */
        limit?: components["parameters"]["Limit"];
        /** Field to sort by. */
        orderBy?: "dtConfirmed";
        /** Sort direction. */
        order?: components["parameters"]["Order"];
        /** Filter by role on the team. */
        role?: "member" | "admin" | "owner";
      };
      header?: never;
      path: {
        /** The team's ID (the session's `team.id`). */
        teamId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Successful response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["TeamMembershipList"];
        };
      };
      default: components["responses"]["Error"];
    };
  };
}
type FlattenedDeepRequired<T> = {
  [K in keyof T]-?: FlattenedDeepRequired<
    T[K] extends unknown[] | undefined | null ? Extract<T[K], unknown[]>[number] : T[K]
  >;
};
type ReadonlyArray<T> = [Exclude<T, undefined>] extends [unknown[]]
  ? Readonly<Exclude<T, undefined>>
  : Readonly<Exclude<T, undefined>[]>;
export const pathsCustomTemplatesGetParametersQueryOrderByValues: ReadonlyArray<
  FlattenedDeepRequired<paths>["/custom-templates"]["get"]["parameters"]["query"]["orderBy"]
> = ["dtCreated", "name"];
export const pathsOsTemplatesGetParametersQueryOrderByValues: ReadonlyArray<
  FlattenedDeepRequired<paths>["/os-templates"]["get"]["parameters"]["query"]["orderBy"]
> = ["name"];
export const pathsSnapshotsGetParametersQueryOrderByValues: ReadonlyArray<
  FlattenedDeepRequired<paths>["/snapshots"]["get"]["parameters"]["query"]["orderBy"]
> = ["dtCreated", "name"];
export const pathsStartupScriptsGetParametersQueryOrderByValues: ReadonlyArray<
  FlattenedDeepRequired<paths>["/startup-scripts"]["get"]["parameters"]["query"]["orderBy"]
> = ["dtCreated", "name"];
export const pathsMachineEventsGetParametersQueryOrderByValues: ReadonlyArray<
  FlattenedDeepRequired<paths>["/machine-events"]["get"]["parameters"]["query"]["orderBy"]
> = ["dtCreated"];
export const pathsMachinesGetParametersQueryOrderByValues: ReadonlyArray<
  FlattenedDeepRequired<paths>["/machines"]["get"]["parameters"]["query"]["orderBy"]
> = ["dtCreated", "name", "state"];
export const pathsMachinesIdAccessorsGetParametersQueryOrderByValues: ReadonlyArray<
  FlattenedDeepRequired<paths>["/machines/{id}/accessors"]["get"]["parameters"]["query"]["orderBy"]
> = ["id"];
export const pathsPrivateNetworksGetParametersQueryOrderByValues: ReadonlyArray<
  FlattenedDeepRequired<paths>["/private-networks"]["get"]["parameters"]["query"]["orderBy"]
> = ["dtCreated", "name"];
export const pathsSharedDrivesGetParametersQueryOrderByValues: ReadonlyArray<
  FlattenedDeepRequired<paths>["/shared-drives"]["get"]["parameters"]["query"]["orderBy"]
> = ["dtCreated", "name"];
export const pathsPublicIpsGetParametersQueryOrderByValues: ReadonlyArray<
  FlattenedDeepRequired<paths>["/public-ips"]["get"]["parameters"]["query"]["orderBy"]
> = ["dtCreated"];
export const pathsTeamsTeamIdUsersGetParametersQueryOrderByValues: ReadonlyArray<
  FlattenedDeepRequired<paths>["/teams/{teamId}/users"]["get"]["parameters"]["query"]["orderBy"]
> = ["dtConfirmed"];
export const pathsTeamsTeamIdUsersGetParametersQueryRoleValues: ReadonlyArray<
  FlattenedDeepRequired<paths>["/teams/{teamId}/users"]["get"]["parameters"]["query"]["role"]
> = ["member", "admin", "owner"];
export const errorCodeValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["ErrorCode"]> = [
  "PARSE_ERROR",
  "BAD_REQUEST",
  "INTERNAL_SERVER_ERROR",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "METHOD_NOT_SUPPORTED",
  "TIMEOUT",
  "CONFLICT",
  "PRECONDITION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "TOO_MANY_REQUESTS",
  "CLIENT_CLOSED_REQUEST",
  "NOT_IMPLEMENTED",
];
export const machineEventNameValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["MachineEventName"]> = [
  "bill-sessions",
  "bill-upgrade",
  "create",
  "deactivate",
  "restart",
  "snapshot-create",
  "snapshot-delete",
  "snapshot-restore",
  "start",
  "stop",
  "template-create",
  "template-delete",
  "template-distribute",
  "template-import",
  "vm-migrate",
  "vm-shutdown-force",
  "vm-upgrade",
];
export const machineEventStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["MachineEventState"]> =
  ["new", "in progress", "done", "error", "cancelled"];
export const machineStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["MachineState"]> = [
  "off",
  "starting",
  "stopping",
  "restarting",
  "serviceready",
  "ready",
  "upgrading",
  "provisioning",
];
export const machinePublicIpTypeValues: ReadonlyArray<
  FlattenedDeepRequired<components>["schemas"]["Machine"]["publicIpType"]
> = ["static", "dynamic", "none"];
export const autoSnapshotFrequencyValues: ReadonlyArray<
  FlattenedDeepRequired<components>["schemas"]["AutoSnapshotFrequency"]
> = ["hourly", "daily", "weekly", "monthly"];
export const publicIpTypeValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["PublicIpType"]> = [
  "static",
  "dynamic",
  "none",
];
export const machineCreateRequestRestorePointFrequencyValues: ReadonlyArray<
  FlattenedDeepRequired<components>["schemas"]["MachineCreateRequest"]["restorePointFrequency"]
> = ["shutdown"];
export const machineUpdateRequestRestorePointFrequencyValues: ReadonlyArray<
  FlattenedDeepRequired<components>["schemas"]["MachineUpdateRequest"]["restorePointFrequency"]
> = ["shutdown"];
export const componentsParametersOrderValues: ReadonlyArray<FlattenedDeepRequired<components>["parameters"]["Order"]> =
  ["asc", "desc"];

/** The HTTP status each error code stands for (the contract's `x-http-status`). */
export const ERROR_STATUS = {
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
  NOT_IMPLEMENTED: 501,
} as const satisfies Record<ErrorCode, number>;

/** Limits the real API does not publish, decided where it is silent (the contract's `x-limits`). */
export const LIMITS = { nameMaxLength: 128, scriptMaxBytes: 16384, idPattern: "^[A-Za-z0-9_-]{1,64}$" } as const;

/** The largest page a list gives (the maximum of its `limit`). */
export const PAGE_SIZE_MAX = 120;
