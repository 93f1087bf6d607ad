import type { MachineEvent } from "../../provider/api/types";

/** A machine event as the API answers one: `ev1`, a template's create on `ps1`, just started; `fields` change it. */
export function machineEvent(fields: Partial<MachineEvent> = {}): MachineEvent {
  return {
    id: "ev1",
    name: "template-create",
    state: "new",
    error: null,
    machineId: "ps1",
    dtCreated: "2026-01-01T00:00:00.000Z",
    dtStarted: null,
    dtFinished: null,
    ...fields,
  };
}
