/** The events' timing profiles, from the durations each kind gives the events it owns. */
import type { Duration, ProfileName } from "./events";
import type { Kind } from "./kind";
import { KINDS } from "./kinds";

export type { ProfileName };

type EventNameOf<K> = K extends { events: infer Events } ? keyof Events & string : never;

/** The events the emulator runs: those the kinds own (the contract names more). */
export type EmulatedEventName = EventNameOf<(typeof KINDS)[number]>;

export type EventDurations = Record<EmulatedEventName, Duration>;

const kinds: readonly Kind<never>[] = KINDS;

function profile(name: ProfileName): EventDurations {
  const durations = kinds.flatMap((kind) =>
    Object.entries(kind.events ?? {}).map(([event, spec]) => [event, spec.durations[name]]),
  );
  return Object.fromEntries(durations) as EventDurations;
}

/** `fast` for tests and demos (50 ms for every event), `realistic` close to what the real API takes. */
export const PROFILES: Record<ProfileName, EventDurations> = { fast: profile("fast"), realistic: profile("realistic") };
