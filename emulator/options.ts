/**
 * The emulator's timing, rate-limit, wire-form and quirk options, checked the same way wherever they come from: the
 * command line, a `--config` file or the control API. Each refusal is an `OptionError` that names the option as its
 * caller spells it.
 */
import type { Duration } from "./events";
import { type EventDurations, PROFILES, type ProfileName } from "./profiles";
import { QUIRK_NAMES, type QuirkName } from "./quirks";
import type { RateLimitConfig } from "./rateLimit";
import { WIRE_FORMS, type WireForm } from "./wire";

export class OptionError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option} ${message}`);
  }
}

export function profileOption(value: unknown, option: string): ProfileName {
  if (typeof value === "string" && value in PROFILES) return value as ProfileName;
  throw new OptionError(option, `must be ${Object.keys(PROFILES).join(" or ")}, got ${JSON.stringify(value)}`);
}

/** Milliseconds (>= 0), or `{ "polls": n }` (n >= 1): done at the n-th read of the event. */
export function durationOption(value: unknown, option: string): Duration {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  const polls = (value as { polls?: unknown } | null)?.polls;
  if (typeof polls === "number" && Number.isInteger(polls) && polls >= 1) return { polls };
  throw new OptionError(option, 'must be milliseconds (>= 0) or { "polls": n } (n >= 1)');
}

/**
 * The event durations that a profile, one duration for every event and durations by event name make, in that
 * order, over `base`. `name` spells each option for refusals.
 */
export function eventDurationsOption(
  base: EventDurations,
  given: { profile?: unknown; eventDurationMs?: unknown; eventDurations?: unknown },
  name: (option: "profile" | "eventDurationMs" | "eventDurations") => string,
): EventDurations {
  const durations: EventDurations = { ...base };
  if (given.profile !== undefined) Object.assign(durations, PROFILES[profileOption(given.profile, name("profile"))]);
  if (given.eventDurationMs !== undefined) {
    const every = durationOption(given.eventDurationMs, name("eventDurationMs"));
    for (const event of Object.keys(durations) as (keyof EventDurations)[]) durations[event] = every;
  }
  if (given.eventDurations !== undefined) {
    const option = name("eventDurations");
    if (!given.eventDurations || typeof given.eventDurations !== "object" || Array.isArray(given.eventDurations)) {
      throw new OptionError(option, "must be an object of event name to duration");
    }
    for (const [event, value] of Object.entries(given.eventDurations)) {
      if (!(event in durations)) throw new OptionError(`${option}.${event}`, "is not an event the emulator runs");
      durations[event as keyof EventDurations] = durationOption(value, `${option}.${event}`);
    }
  }
  return durations;
}

/** `{ requestsPerSecond, burst? }`, or `null` for none; the burst defaults to one second's worth. */
export function rateLimitOption(value: unknown, option: string): RateLimitConfig | null {
  if (value === null) return null;
  const { requestsPerSecond, burst } = (value ?? {}) as { requestsPerSecond?: unknown; burst?: unknown };
  if (typeof requestsPerSecond !== "number" || !(requestsPerSecond > 0)) {
    throw new OptionError(`${option}.requestsPerSecond`, "must be a positive number");
  }
  const size = burst ?? Math.max(1, Math.ceil(requestsPerSecond));
  if (typeof size !== "number" || !(size >= 1)) throw new OptionError(`${option}.burst`, "must be at least 1");
  return { requestsPerSecond, burst: size };
}

/** The command line's spelling of a rate limit: `<requests per second>[:<burst>]`. */
export function rateLimitSpec(spec: string, option: string): RateLimitConfig {
  const match = /^(\d+(?:\.\d+)?)(?::(\d+))?$/.exec(spec);
  if (!match || Number(match[1]) <= 0) {
    throw new OptionError(option, `must be <requests per second>[:<burst>], got ${JSON.stringify(spec)}`);
  }
  return rateLimitOption({ requestsPerSecond: Number(match[1]), burst: match[2] && Number(match[2]) }, option)!;
}

export function wireFormOption(value: unknown, option: string): WireForm {
  if (WIRE_FORMS.includes(value as WireForm)) return value as WireForm;
  throw new OptionError(option, `must be ${WIRE_FORMS.join(" or ")}, got ${JSON.stringify(value)}`);
}

/** `"all"`, a comma-separated list, or an array of quirk names; each refusal names the option and the bad name. */
export function quirksOption(value: unknown, option: string): QuirkName[] {
  if (value === "all") return [...QUIRK_NAMES];
  const names = typeof value === "string" ? value.split(",").map((name) => name.trim()) : value;
  if (!Array.isArray(names)) throw new OptionError(option, `must be "all" or a list of ${QUIRK_NAMES.join(", ")}`);
  for (const name of names) {
    if (!QUIRK_NAMES.includes(name as QuirkName)) {
      throw new OptionError(option, `has ${JSON.stringify(name)}, which is not a quirk (${QUIRK_NAMES.join(", ")})`);
    }
  }
  return [...new Set(names as QuirkName[])];
}

export function deleteLagOption(value: unknown, option: string): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  throw new OptionError(option, `must be whole milliseconds (>= 0), got ${JSON.stringify(value)}`);
}
