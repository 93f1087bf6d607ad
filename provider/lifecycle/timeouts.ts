/** The operations a resource's `timeouts` bound. */
export type TimedOperation = "create" | "update" | "delete";

export const TIMED_OPERATIONS: readonly TimedOperation[] = ["create", "update", "delete"];

/** How long each operation may take, as durations such as `"90s"`, `"20m"` or `"1h30m"`. */
export type Timeouts = Partial<Record<TimedOperation, string>>;

/** Defaults in milliseconds, per operation, for one resource type. */
export type TimeoutDefaults = Record<TimedOperation, number>;

export const MINUTE = 60_000;
export const MAX_TIMEOUT_MS = 24 * 60 * MINUTE;
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: MINUTE, h: 60 * MINUTE };

/** Parses a duration: one or more `<number><unit>` with units h, m, s, ms (e.g. `1h30m`). */
export function parseDuration(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text.trim()) return undefined;
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNITS[unit], 0);
}

/** When an operation must be over (epoch ms): now plus its timeout, given or default. */
export function deadline(timeouts: Timeouts | undefined, operation: TimedOperation, defaults: TimeoutDefaults): number {
  const given = timeouts?.[operation];
  return Date.now() + ((given && parseDuration(given)) || defaults[operation]);
}
