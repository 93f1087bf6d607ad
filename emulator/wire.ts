/**
 * The form in which the emulator's answers carry a few fields. `live` (the default) is what the live API evidently
 * sends: a machine's `ram`, `storageTotal`, `storageUsed` and `accelerators[].memory` as numeric strings, regions as
 * display names; `spec` is the contract's form: numbers, region codes. emulator/README.md gives the evidence. The store
 * keeps native values either way: only the answers change.
 */
import { REGIONS } from "./catalog";

export const WIRE_FORMS = ["live", "spec"] as const;

export type WireForm = (typeof WIRE_FORMS)[number];

export const DEFAULT_WIRE_FORM: WireForm = "live";

/** Rewrites, in place, an object of an answer that is one of its kind's, as the live API sends it. */
export type LiveForm = (object: Record<string, unknown>) => void;

/**
 * An answer as the wire carries it: in the spec's form, as the handlers made it; in the live form, every object of it
 * (pages, `{ data, event }` and bare objects alike) with its region a display name and rewritten by `liveForms`, the
 * kinds' rewrites.
 */
export function onTheWire(payload: unknown, form: WireForm, liveForms: readonly LiveForm[]): unknown {
  if (form === "spec") return payload;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!value || typeof value !== "object") return value;
    const object = Object.fromEntries(Object.entries(value).map(([key, field]) => [key, rewrite(field)]));
    for (const liveForm of liveForms) liveForm(object);
    if (typeof object.region === "string" && object.region in REGIONS) object.region = REGIONS[object.region];
    return object;
  };
  return rewrite(payload);
}
