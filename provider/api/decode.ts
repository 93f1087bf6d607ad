/**
 * The API's objects made to read as the contract types them, whatever the wire carried: the live API has sent numbers
 * as numeric strings and regions as display names (`"East Coast (NY2)"`), and still answers an object for a while
 * after deleting it. Every object the client returns passes through here, so the rest of the package sees one form.
 */
import { NotFoundError } from "./errors";
import type * as wire from "./types";

/** A number the API may send as a numeric string; anything else is left for the caller's checks to name. */
export function numeric<T>(value: T): T | number {
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return value;
}

/** A region in its canonical form, the code (`ny2`): a display name names it in parentheses at its end. */
export function canonicalRegion<T>(region: T): T | string {
  if (typeof region !== "string") return region;
  const code = /\(([A-Za-z0-9-]+)\)\s*$/.exec(region)?.[1] ?? region.trim();
  return code.toLowerCase();
}

/** When the object says it was deleted (`dtDeleted` set), though it still answers. */
export function deletedAt(object: unknown): string | undefined {
  const at = (object as { dtDeleted?: unknown } | null)?.dtDeleted;
  return typeof at === "string" && at !== "" ? at : undefined;
}

export function decodeMachine(machine: wire.Machine): wire.Machine {
  return {
    ...machine,
    region: canonicalRegion(machine.region),
    ram: numeric(machine.ram),
    storageTotal: numeric(machine.storageTotal),
    storageUsed: numeric(machine.storageUsed),
    cpus: numeric(machine.cpus),
    usageRate: numeric(machine.usageRate),
    storageRate: numeric(machine.storageRate),
    autoShutdownTimeout: numeric(machine.autoShutdownTimeout),
    autoSnapshotSaveCount: numeric(machine.autoSnapshotSaveCount),
    accelerators:
      machine.accelerators?.map((gpu) => ({ ...gpu, memory: numeric(gpu.memory), count: numeric(gpu.count) })) ??
      machine.accelerators,
  } as wire.Machine;
}

export function decodeTemplate(template: wire.CustomTemplate): wire.CustomTemplate {
  return {
    ...template,
    region: canonicalRegion(template.region),
    defaultSizeGb: numeric(template.defaultSizeGb),
  } as wire.CustomTemplate;
}

/** A script lists the machines it is assigned to; none listed is none assigned. */
export function decodeScript(script: wire.StartupScript): wire.StartupScript {
  return { ...script, assignedMachineIds: script.assignedMachineIds ?? [] };
}

/** An object whose only field the live API bends is its region (a drive, a public IP). */
export function decodeRegion<T extends { region?: unknown }>(object: T): T {
  return object && ({ ...object, region: canonicalRegion(object.region) } as T);
}

/** How each collection's objects are decoded: those whose wire form the live API is known to bend. */
const DECODERS: Record<string, (object: never) => unknown> = {
  "/machines": decodeMachine,
  "/custom-templates": decodeTemplate,
  "/startup-scripts": decodeScript,
  "/private-networks": decodeRegion,
  "/shared-drives": decodeRegion,
  "/public-ips": decodeRegion,
};

export function decoderOf<T>(collection: string): (object: T) => T {
  return (DECODERS[collection] as ((object: T) => T) | undefined) ?? ((object) => object);
}

/** Whether an answer is a `{ data }` or `{ data, event }` envelope, not the object itself. */
export function isEnvelope(answer: unknown): answer is { data: unknown; event?: unknown } {
  const keys = answer && typeof answer === "object" ? Object.keys(answer) : [];
  return keys.includes("data") && keys.every((key) => key === "data" || key === "event");
}

/** An answer decoded: a `{ data }` or `{ data, event }` answer's object, or the object the answer is. */
export function decodeAnswer<T>(answer: unknown, decode: (object: T) => T): unknown {
  if (!isEnvelope(answer)) return answer && decode(answer as T);
  const result = answer as { data: T };
  return { ...result, data: result.data && decode(result.data) };
}

/** A `{ data, event }` answer with its data decoded. */
export function decodeData<T, R extends { data: T }>(decode: (object: T) => T): (result: R) => R {
  return (result) => ({ ...result, data: result.data && decode(result.data) });
}

/** The object a read answered, unless it says it was deleted: then the read is a 404, as it soon will be. */
export function present<T>(method: string, path: string, object: T): T {
  const at = deletedAt(object);
  if (at) throw new NotFoundError(method, path, 200, "NOT_FOUND", `the object was deleted at ${at}`, undefined, "");
  return object;
}
