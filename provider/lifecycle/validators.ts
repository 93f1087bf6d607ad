/** The checks of input values: each failure names the property and says what is wrong. */
import { LIMITS } from "../../contract/paperspace-api";
import { ID_PATTERN } from "../api/types";
import { MAX_TIMEOUT_MS, TIMED_OPERATIONS, parseDuration } from "./timeouts";

/** The value the engine sends for an input that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CheckFailure {
  property: string;
  reason: string;
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

export function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
}

/** Checks that every key is one the resource takes, naming the stray one (with a hint for near misses). */
export function unknownProperties(inputs: Record<string, unknown>, known: readonly string[]): CheckFailure[] {
  return Object.keys(inputs)
    .filter((key) => key !== "__provider" && !known.includes(key))
    .map((key) => {
      const stem = key.toLowerCase().replace(/^is/, "");
      const near = stem.length >= 4 ? known.find((k) => k.toLowerCase().includes(stem)) : undefined;
      return { property: key, reason: `is not a property of this resource${near ? ` (did you mean "${near}"?)` : ""}` };
    });
}

function checkName(value: unknown, property = "name"): CheckFailure[] {
  if (value === undefined || isUnknown(value)) return [];
  if (typeof value !== "string") return [{ property, reason: `must be a string, got ${typeOf(value)}` }];
  if (value.trim().length === 0) return [{ property, reason: "must not be empty" }];
  const length = [...value].length;
  if (length > LIMITS.nameMaxLength) {
    return [{ property, reason: `must be at most ${LIMITS.nameMaxLength} characters, got ${length}` }];
  }
  return [];
}

/** A name given, or the auto-name the resource class computed; one of them must be there. */
export function checkNameOrAutoName(inputs: { name?: unknown; autoName?: unknown }): CheckFailure[] {
  if (inputs.name === undefined && inputs.autoName === undefined) return [{ property: "name", reason: "is required" }];
  return checkName(inputs.name);
}

export function checkOneOf(value: unknown, property: string, allowed: readonly string[]): CheckFailure[] {
  if (value === undefined || isUnknown(value) || allowed.includes(value as string)) return [];
  return [
    { property, reason: `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${typeOf(value)}` },
  ];
}

export function checkString(value: unknown, property: string, { required = false } = {}): CheckFailure[] {
  if (isUnknown(value)) return [];
  if (value === undefined || value === null) return required ? [{ property, reason: "is required" }] : [];
  if (typeof value !== "string") return [{ property, reason: `must be a string, got ${typeOf(value)}` }];
  return [];
}

export function checkLabel(value: unknown, property: string): CheckFailure[] {
  const failures = checkString(value, property, { required: true });
  if (failures.length > 0 || isUnknown(value)) return failures;
  return (value as string).trim() === "" ? [{ property, reason: "must not be empty" }] : [];
}

/** A string with at least one character. */
export function notEmpty(value: string, property: string): CheckFailure[] {
  return value.length === 0 ? [{ property, reason: "must not be empty" }] : [];
}

/** A string of at most `max` bytes in UTF-8 (`limit` says it for people, e.g. "16 KiB"). */
export function atMostBytes(max: number, limit: string) {
  return (value: string, property: string): CheckFailure[] => {
    const bytes = Buffer.byteLength(value, "utf8");
    return bytes > max ? [{ property, reason: `is ${bytes} bytes; Paperspace accepts at most ${max} (${limit})` }] : [];
  };
}

export function checkCount(value: unknown, property: string, min: number, { required = false } = {}): CheckFailure[] {
  if (isUnknown(value)) return [];
  if (value === undefined || value === null) return required ? [{ property, reason: "is required" }] : [];
  if (typeof value !== "number" || !Number.isInteger(value)) {
    return [{ property, reason: `must be a whole number, got ${typeOf(value)}` }];
  }
  if (value < min) return [{ property, reason: `must be at least ${min}, got ${value}` }];
  return [];
}

export function checkValues(value: unknown, property: string): CheckFailure[] {
  if (value === undefined || isUnknown(value) || Array.isArray(value)) return [];
  return [{ property, reason: `must be an array of values, got ${typeOf(value)}` }];
}

export function checkBoolean(value: unknown, property: string): CheckFailure[] {
  if (value === undefined || isUnknown(value) || typeof value === "boolean") return [];
  return [{ property, reason: `must be a boolean, got ${typeOf(value)}` }];
}

/** Paperspace ids are opaque, but only ever made of letters, digits, `-` and `_`. */
export function checkId(value: unknown, property: string, { required = true } = {}): CheckFailure[] {
  if (isUnknown(value)) return [];
  if (value === undefined || value === null) return required ? [{ property, reason: "is required" }] : [];
  if (typeof value !== "string") return [{ property, reason: `must be an id (a string), got ${typeOf(value)}` }];
  if (!ID_PATTERN.test(value)) {
    return [{ property, reason: `"${value.slice(0, 70)}" is not a Paperspace id (letters, digits, - and _)` }];
  }
  return [];
}

export function checkTimeouts(value: unknown): CheckFailure[] {
  if (value === undefined || isUnknown(value)) return [];
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return [{ property: "timeouts", reason: `must be an object like { create: "30m" }, got ${typeOf(value)}` }];
  }
  const failures: CheckFailure[] = [];
  for (const [key, duration] of Object.entries(value)) {
    const property = `timeouts.${key}`;
    if (!(TIMED_OPERATIONS as readonly string[]).includes(key)) {
      failures.push({ property, reason: "is not an operation (create, update or delete)" });
    } else if (typeof duration !== "string" && !isUnknown(duration)) {
      failures.push({ property, reason: `must be a duration such as "20m", got ${typeOf(duration)}` });
    } else if (typeof duration === "string" && !isUnknown(duration)) {
      const ms = parseDuration(duration);
      if (ms === undefined) {
        failures.push({ property, reason: `"${duration}" is not a duration such as "90s", "20m" or "1h30m"` });
      } else if (ms <= 0) {
        failures.push({ property, reason: "must be longer than zero" });
      } else if (ms > MAX_TIMEOUT_MS) {
        failures.push({ property, reason: `must be at most 24h, got "${duration}"` });
      }
    }
  }
  return failures;
}
