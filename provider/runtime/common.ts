import { createHash } from "node:crypto";
import { PaperspaceClient } from "../api/client";
import { resolveCredentials } from "../config";

/** The value the engine sends for an input that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const NAME_MAX_LENGTH = 128;

export interface CheckFailure {
  property: string;
  reason: string;
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** A client built at call time from the configured credentials: nothing is captured into state. */
export function client(): PaperspaceClient {
  return new PaperspaceClient(resolveCredentials());
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
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

export function checkName(value: unknown, property = "name"): CheckFailure[] {
  if (value === undefined || isUnknown(value)) return [];
  if (typeof value !== "string") return [{ property, reason: `must be a string, got ${typeOf(value)}` }];
  if (value.trim().length === 0) return [{ property, reason: "must not be empty" }];
  const length = [...value].length;
  if (length > NAME_MAX_LENGTH) {
    return [{ property, reason: `must be at most ${NAME_MAX_LENGTH} characters, got ${length}` }];
  }
  return [];
}

export function checkBoolean(value: unknown, property: string): CheckFailure[] {
  if (value === undefined || isUnknown(value) || typeof value === "boolean") return [];
  return [{ property, reason: `must be a boolean, got ${typeOf(value)}` }];
}

export function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
}

/** `outs` and `inputs` go through protobuf Struct, which rejects `undefined`: drop those keys. */
export function plain<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Thrown when an object was created but a follow-up step failed: the engine records the resource as
 * partially created (so it is neither leaked nor created twice) and the next `up` finishes the job.
 */
export class PartialCreateError extends Error {
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    cause: Error,
  ) {
    super(`${cause.message} (the object ${id} was created; the next \`pulumi up\` completes it)`);
    this.name = "PartialCreateError";
  }
  get reasons(): string[] {
    return [this.message];
  }
}
